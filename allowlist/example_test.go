package allowlist_test

import (
	"fmt"
	"strings"

	"github.com/tracecheck/tracecheck/allowlist"
)

// A CUIC node's list lacks the port of the Finesse desktop origin.
func ExampleList_Check() {
	console := `admin:utils cuic cors allowed_origin list
cors_allowedorigins
===================
1. https://finesse.example.com
2. https://finesse-b.example.com:8445
`
	list, err := allowlist.Parse(strings.NewReader(console), "cuic-sub.txt")
	if err != nil {
		fmt.Println(err)
		return
	}

	v := list.Check("https://finesse.example.com:8445")
	fmt.Println(list.Product, v.Allowed)
	fmt.Println(v.Nearest.Raw, "line", v.Nearest.Line)
	for _, d := range v.Differences {
		fmt.Println(d.Kind+":", d.Detail)
	}
	fmt.Println("add:", v.Add)
	// Output:
	// CUIC false
	// https://finesse.example.com line 4
	// port-missing: the port is missing: the page runs on port 8445
	// add: https://finesse.example.com:8445
}

// A typo in the host is reported with its edit distance.
func ExampleVerdict_String() {
	list, err := allowlist.Parse(strings.NewReader("https://finese.example.com:8445/\n"), "livedata.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(list.Check("https://finesse.example.com:8445"))
	// Output:
	// https://finesse.example.com:8445 is not allowed; the nearest entry "https://finese.example.com:8445/" (line 1) differs: the host "finese.example.com" is 1 edit away from "finesse.example.com"; the entry ends with a trailing slash; add https://finesse.example.com:8445
}

// Two nodes of a cluster with different lists.
func ExampleList_Diff() {
	pub, _ := allowlist.Parse(strings.NewReader("https://finesse.example.com:8445\nhttps://finesse-b.example.com:8445\n"), "pub.txt")
	sub, _ := allowlist.Parse(strings.NewReader("https://finesse.example.com:8445\n"), "sub.txt")
	onlyPub, onlySub := pub.Diff(sub)
	fmt.Println(onlyPub, onlySub)
	// Output:
	// [https://finesse-b.example.com:8445] []
}

// The CLI form HOST=FILE names the server a list belongs to.
func ExampleParseSpec() {
	host, path := allowlist.ParseSpec("cuic-sub.example.com=lists/sub.txt")
	fmt.Println(host, path)
	// Output:
	// cuic-sub.example.com lists/sub.txt
}
