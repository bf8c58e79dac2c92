package report

import (
	"testing"
	"unicode/utf8"
)

func TestShortenURL(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"https://a.example/x", 40, "https://a.example/x"},
		{"https://cuic.example.com:8444/cuicui/rest/gadgets/livedata/dashboards/Summary", 50,
			"https://cuic.example.com:8444…/dashboards/Summary"},
	}
	for _, tt := range tests {
		got := shortenURL(tt.in, tt.max)
		if got != tt.want {
			t.Errorf("shortenURL(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.max {
			t.Errorf("shortenURL(%q, %d) is %d runes long", tt.in, tt.max, n)
		}
	}
}

func TestShortenURLKeepsLongHost(t *testing.T) {
	in := "https://a-very-long-host-name.subdomain.example.com:8444/path/to/the/resource"
	want := "https://a-very-long-host-name.subdomain.example.com:8444…/the/resource"
	if got := shortenURL(in, 40); got != want {
		t.Errorf("shortenURL(%q, 40) = %q, want %q", in, got, want)
	}
}

func TestWrapToken(t *testing.T) {
	tests := []struct {
		in         string
		width      int
		breakAfter string
		want       string
	}{
		{"preflight-rejected-by-auth", 14, "-", "preflight-\nrejected-by-\nauth"},
		{"https://finesse.example.com:8445", 24, "/", "https://\nfinesse.example.com:8445"},
		{"abcdefghij", 4, "-", "abcd\nefgh\nij"},
		{"", 4, "-", ""},
	}
	for _, tt := range tests {
		if got := wrapToken(tt.in, tt.width, tt.breakAfter); got != tt.want {
			t.Errorf("wrapToken(%q, %d, %q) = %q, want %q", tt.in, tt.width, tt.breakAfter, got, tt.want)
		}
	}
}
