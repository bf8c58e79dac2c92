package main

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// printTable writes the medians as a Markdown table, with each command's
// time as a ratio to the validity scan of the same file (to gzip
// decompression for the .gz file) and to jq.
func printTable(w io.Writer, cfg config, cmds []*command, inputs []input) {
	fmt.Fprintf(w, "Machine: %s, %d cores, %s. Rounds: %d, alternating; medians shown.\n\n", cpuModel(), runtime.NumCPU(), goVersion(), cfg.rounds)
	fmt.Fprintln(w, "| file | size | entries | command | time | × baseline | jq time ÷ this | peak RSS |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	baseline := map[string]time.Duration{}
	var jq time.Duration
	for _, c := range cmds {
		if _, ok := baseline[c.group]; !ok {
			baseline[c.group] = median(c.times)
		}
		if c.argv[0] == "jq" {
			jq = median(c.times)
		}
	}
	entries := map[string]string{}
	sizes := map[string]string{}
	for _, in := range inputs {
		entries[in.label] = fmt.Sprint(in.entries)
		sizes[in.label] = fmt.Sprintf("%.0f MB", float64(in.bytes)/1e6)
	}
	for _, c := range cmds {
		t := median(c.times)
		vsJQ := "–"
		if jq > 0 && c.argv[0] != "jq" && c.group == cmds[0].group {
			vsJQ = fmt.Sprintf("%.1f", float64(jq)/float64(t))
		}
		rss := "–" // not measured on this system
		if m := median(c.rss); m > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(m)/(1<<20))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.2f s | %.2f | %s | %s |\n",
			c.group, valueOr(sizes[c.group], "–"), valueOr(entries[c.group], "–"), c.name,
			t.Seconds(), float64(t)/float64(baseline[c.group]), vsJQ, rss)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The baseline of each file is its first command: the validity scan, or gzip decompression for the .gz file.")
}

func valueOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
