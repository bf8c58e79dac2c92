package allowlist

import (
	"strings"
	"testing"
)

func TestParseConsoleSpellings(t *testing.T) {
	tests := []struct {
		name        string
		input       string
		wantServer  string
		wantProduct string
		wantHeading string
		wantRaw     []string
		wantLines   []int
	}{
		{
			name: "cuic with prompt lines",
			input: "admin:utils cuic cors allowed_origin list\n" +
				"cors_allowedorigins\n" +
				"===================\n" +
				"1. https://finesse.example.com:8445\n" +
				"2. https://finesse-b.example.com:8445\n" +
				"\n" +
				"admin:\n",
			wantProduct: ProductCUIC,
			wantHeading: "cors_allowedorigins",
			wantRaw:     []string{"https://finesse.example.com:8445", "https://finesse-b.example.com:8445"},
			wantLines:   []int{4, 5},
		},
		{
			name: "live data with CRLF and trailing whitespace",
			input: "admin:utils live-data cors allowed_origin list\r\n" +
				"cors_allowed_origin   \r\n" +
				"===================\r\n" +
				"1. https://finesse.example.com:8445  \r\n" +
				"\r\n" +
				"2. https://finesse.example.com\t\r\n",
			wantProduct: ProductLiveData,
			wantHeading: "cors_allowed_origin",
			wantRaw:     []string{"https://finesse.example.com:8445", "https://finesse.example.com"},
			wantLines:   []int{4, 6},
		},
		{
			name: "server line before console output",
			input: "cuic-sub.example.com:\n" +
				"cors_allowedorigins\n" +
				"=====\n" +
				"1. https://finesse.example.com:8445\n",
			wantServer:  "cuic-sub.example.com",
			wantHeading: "cors_allowedorigins",
			wantRaw:     []string{"https://finesse.example.com:8445"},
			wantLines:   []int{4},
		},
		{
			name: "plain list with comments and server comment",
			input: "# server: CUIC-Pub.example.com\n" +
				"# copied 2024-05-02\n" +
				"https://finesse.example.com:8445\n" +
				"\n" +
				"https://finesse-b.example.com:8445 \n",
			wantServer: "cuic-pub.example.com",
			wantRaw:    []string{"https://finesse.example.com:8445", "https://finesse-b.example.com:8445"},
			wantLines:  []int{3, 5},
		},
		{
			name: "numbers with parenthesis and byte order mark",
			input: "\ufeffcors_allowedorigins\n" +
				"1) https://finesse.example.com:8445\n" +
				"2) *\n",
			wantHeading: "cors_allowedorigins",
			wantRaw:     []string{"https://finesse.example.com:8445", "*"},
			wantLines:   []int{2, 3},
		},
		{
			name: "bare prompt first is not a server",
			input: "admin:\n" +
				"10.0.0.1:8445\n",
			wantRaw:   []string{"10.0.0.1:8445"},
			wantLines: []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := Parse(strings.NewReader(tt.input), "list.txt")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if list.Server != tt.wantServer {
				t.Errorf("Server = %q, want %q", list.Server, tt.wantServer)
			}
			if list.Product != tt.wantProduct {
				t.Errorf("Product = %q, want %q", list.Product, tt.wantProduct)
			}
			if list.Heading != tt.wantHeading {
				t.Errorf("Heading = %q, want %q", list.Heading, tt.wantHeading)
			}
			if len(list.Entries) != len(tt.wantRaw) {
				t.Fatalf("got %d entries %+v, want %d", len(list.Entries), list.Entries, len(tt.wantRaw))
			}
			for i, e := range list.Entries {
				if e.Raw != tt.wantRaw[i] {
					t.Errorf("entry %d Raw = %q, want %q", i, e.Raw, tt.wantRaw[i])
				}
				if e.Line != tt.wantLines[i] {
					t.Errorf("entry %d Line = %d, want %d", i, e.Line, tt.wantLines[i])
				}
			}
		})
	}
}

func TestParseKeepsInvalidEntries(t *testing.T) {
	input := "cors_allowedorigins\n" +
		"==========\n" +
		"1. finesse.example.com:8445\n" +
		"2. https://finesse.example.com:8445/\n" +
		"3. https://finesse.example.com:84x5\n" +
		"4.\n" +
		"5. https://finesse.example.com:8445\n"
	list, err := Parse(strings.NewReader(input), "list.txt")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(list.Entries) != 5 {
		t.Fatalf("got %d entries, want 5: %+v", len(list.Entries), list.Entries)
	}

	invalid := list.Invalid()
	if len(invalid) != 4 {
		t.Fatalf("got %d invalid entries, want 4: %+v", len(invalid), invalid)
	}
	wantLines := []int{3, 4, 5, 6}
	wantErr := []string{"scheme is missing", "no path or trailing slash", "bad port", "no origin"}
	for i, e := range invalid {
		if e.Line != wantLines[i] {
			t.Errorf("invalid entry %d Line = %d, want %d", i, e.Line, wantLines[i])
		}
		if e.Err == nil || !strings.Contains(e.Err.Error(), wantErr[i]) {
			t.Errorf("invalid entry %d Err = %v, want it to mention %q", i, e.Err, wantErr[i])
		}
	}

	if got := list.Entries[1].Origin.String(); got != "https://finesse.example.com:8445" {
		t.Errorf("origin read from the entry with a slash = %q", got)
	}
	if got := list.Origins(); len(got) != 1 || got[0] != "https://finesse.example.com:8445" {
		t.Errorf("Origins() = %q", got)
	}
}

func TestListDiffAndDuplicates(t *testing.T) {
	pub, err := Parse(strings.NewReader("https://finesse.example.com:8445\nhttps://finesse-b.example.com:8445\nhttps://finesse.example.com:8445\n"), "pub.txt")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := Parse(strings.NewReader("https://finesse.example.com:8445\nhttps://finesse-c.example.com:8445\n"), "sub.txt")
	if err != nil {
		t.Fatal(err)
	}

	onlyPub, onlySub := pub.Diff(sub)
	if len(onlyPub) != 1 || onlyPub[0] != "https://finesse-b.example.com:8445" {
		t.Errorf("only on pub = %q", onlyPub)
	}
	if len(onlySub) != 1 || onlySub[0] != "https://finesse-c.example.com:8445" {
		t.Errorf("only on sub = %q", onlySub)
	}

	dups := pub.Duplicates()
	if len(dups) != 1 || dups[0].Line != 3 {
		t.Errorf("Duplicates() = %+v, want the entry on line 3", dups)
	}
}

func TestParseSpec(t *testing.T) {
	tests := []struct {
		spec, host, path string
	}{
		{"cuic-sub.example.com=lists/sub.txt", "cuic-sub.example.com", "lists/sub.txt"},
		{"CUIC-Sub.example.com:8444=sub.txt", "cuic-sub.example.com:8444", "sub.txt"},
		{"10.0.0.5=sub.txt", "10.0.0.5", "sub.txt"},
		{"[2001:db8::5]=sub.txt", "[2001:db8::5]", "sub.txt"},
		{"lists/sub.txt", "", "lists/sub.txt"},
		{"./a=b.txt", "", "./a=b.txt"},
		{"host=", "", "host="},
		{"=file.txt", "", "=file.txt"},
	}
	for _, tt := range tests {
		host, path := ParseSpec(tt.spec)
		if host != tt.host || path != tt.path {
			t.Errorf("ParseSpec(%q) = %q, %q; want %q, %q", tt.spec, host, path, tt.host, tt.path)
		}
	}
}
