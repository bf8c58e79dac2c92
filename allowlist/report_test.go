package allowlist_test

import (
	"strings"
	"testing"

	"github.com/tracecheck/tracecheck/allowlist"
	"github.com/tracecheck/tracecheck/analyzer"
)

func TestCheckReport(t *testing.T) {
	sub, err := allowlist.Parse(strings.NewReader("cors_allowedorigins\n=====\n1. https://finesse.example.com\n"), "sub.txt")
	if err != nil {
		t.Fatal(err)
	}
	sub.Server = "cuic-sub.example.com"
	pub, err := allowlist.Parse(strings.NewReader("https://finesse.example.com:8445\n"), "pub.txt")
	if err != nil {
		t.Fatal(err)
	}
	pub.Server = "cuic-pub.example.com"

	rep := &analyzer.Report{Flows: []analyzer.Flow{
		{ID: 1, Origin: "https://finesse.example.com:8445", URL: "https://cuic-pub.example.com/livedata/x", Verdict: analyzer.Allowed},
		{ID: 2, Origin: "https://finesse.example.com:8445", URL: "https://cuic-sub.example.com/cuic/", Verdict: analyzer.Blocked},
		{ID: 3, Origin: "https://finesse.example.com:8445", URL: "https://cuic-sub.example.com:443/cuic/y", Verdict: analyzer.Blocked},
		{ID: 4, Origin: "https://other.example.com", URL: "https://cdn.example.net/z", Verdict: analyzer.Allowed},
	}}
	results := allowlist.CheckReport([]*allowlist.List{sub, pub}, rep)
	if len(results) != 2 {
		t.Fatalf("results = %d, want one per list: %+v", len(results), results)
	}

	subResult := results[0]
	if subResult.Verdict.Allowed {
		t.Errorf("the subscriber list admits the origin without its port: %v", subResult.Verdict)
	}
	if !subResult.Verdict.Has(allowlist.PortMissing) {
		t.Errorf("the subscriber verdict does not name the missing port: %v", subResult.Verdict)
	}
	if subResult.Verdict.Add != "https://finesse.example.com:8445" {
		t.Errorf("entry to add = %q", subResult.Verdict.Add)
	}
	if len(subResult.Flows) != 2 || subResult.TraceVerdicts[analyzer.Blocked] != 2 {
		t.Errorf("subscriber flows = %v, verdicts %v; want flows 2 and 3, both blocked", subResult.Flows, subResult.TraceVerdicts)
	}
	if !results[1].Verdict.Allowed || results[1].Flows[0] != 1 {
		t.Errorf("publisher result = %+v, want flow 1 allowed", results[1])
	}

	if got := allowlist.Servers(rep); strings.Join(got, ",") != "cdn.example.net,cuic-pub.example.com,cuic-sub.example.com" {
		t.Errorf("Servers = %v", got)
	}
}
