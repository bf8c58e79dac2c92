// Command benchtool measures tracecheck on large generated traces against
// the cost of reading them: a JSON validity scan, jq and gzip
// decompression. It generates the files into a temporary directory,
// builds the tracecheck binary, runs every command as a subprocess
// alternately for the given number of rounds and prints a Markdown table
// of the medians. Run it from the repository root:
//
//	go run ./internal/benchtool -size 1GB
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/tracecheck/tracecheck/internal/tracegen"
)

// jqPairing is the jq filter that does what tracecheck's pairing does at
// its simplest: group the entries by URL and pair each OPTIONS with the
// next request to the same URL in file order.
const jqPairing = `[.log.entries | to_entries[] | {i: .key, m: .value.request.method, u: .value.request.url, s: .value.response.status}]
| group_by(.u)
| map(. as $g | range(0; length) | select($g[.].m == "OPTIONS") | {preflight: $g[.], actual: $g[. + 1]})`

func main() {
	// Subcommands that the benchmark runs as child processes of itself.
	if len(os.Args) == 3 {
		switch os.Args[1] {
		case "-scan":
			exitOn(scan(os.Args[2]))
			return
		case "-gunzip":
			exitOn(gunzip(os.Args[2]))
			return
		}
	}

	sizeFlag := flag.String("size", "100MB", "size of the generated HAR file, such as 100MB or 1GB")
	samlFlag := flag.String("saml-size", "200MB", "size of the generated SAML-tracer export; 0 skips it")
	rounds := flag.Int("rounds", 3, "number of times each command runs; the table shows the median")
	dir := flag.String("dir", "", "directory for the generated files (default: a new temporary directory, removed at the end)")
	noJQ := flag.Bool("no-jq", false, "skip jq")
	binary := flag.String("tracecheck", "", "tracecheck binary to measure (default: build ./cmd/tracecheck)")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()

	size, err := parseSize(*sizeFlag)
	exitOn(err)
	samlSize, err := parseSize(*samlFlag)
	exitOn(err)
	exitOn(run(config{size: size, samlSize: samlSize, rounds: *rounds, dir: *dir, jq: !*noJQ, seed: *seed, binary: *binary}))
}

type config struct {
	size, samlSize int64
	rounds         int
	dir            string
	jq             bool
	seed           uint64
	binary         string
}

// command is one measured subprocess.
type command struct {
	group string // the file it reads, as shown in the table
	name  string
	argv  []string
	times []time.Duration
	rss   []int64 // peak resident set size in bytes
}

// input is one generated file.
type input struct {
	label   string
	path    string
	bytes   int64
	entries int
}

func run(cfg config) error {
	dir := cfg.dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "tracecheck-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	bin := cfg.binary
	if bin == "" {
		bin = filepath.Join(dir, "tracecheck")
		fmt.Fprintf(os.Stderr, "building %s\n", bin)
		build := exec.Command("go", "build", "-o", bin, "./cmd/tracecheck")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/tracecheck failed (run benchtool from the repository root): %w", err)
		}
	}

	harFile, err := generate(filepath.Join(dir, "trace.har"), "HAR", func(w io.Writer) (tracegen.Stats, error) {
		return tracegen.WriteHAR(w, tracegen.HAROptions{Size: cfg.size, Seed: cfg.seed})
	})
	if err != nil {
		return err
	}
	gzFile, err := compress(harFile)
	if err != nil {
		return err
	}

	analyze := func(path string) []string {
		return []string{bin, "analyze", "--format", "json", "--fail-on", "never", path}
	}
	inputs := []input{harFile, gzFile}
	var cmds []*command
	add := func(in input, name string, argv ...string) {
		cmds = append(cmds, &command{group: in.label, name: name, argv: argv})
	}
	add(harFile, "validity scan (jsontext SkipValue)", self, "-scan", harFile.path)
	add(harFile, "tracecheck analyze --format json", analyze(harFile.path)...)
	if cfg.jq {
		add(harFile, "jq 1.6 pairing filter", "jq", "-c", jqPairing, harFile.path)
	}
	add(gzFile, "gzip decompress alone (klauspost/compress)", self, "-gunzip", gzFile.path)
	add(gzFile, "tracecheck analyze --format json", analyze(gzFile.path)...)
	if cfg.samlSize > 0 {
		samlFile, err := generate(filepath.Join(dir, "saml-tracer.json"), "SAML-tracer", func(w io.Writer) (tracegen.Stats, error) {
			return tracegen.WriteSAMLTracer(w, tracegen.SAMLTracerOptions{Size: cfg.samlSize, Seed: cfg.seed})
		})
		if err != nil {
			return err
		}
		inputs = append(inputs, samlFile)
		add(samlFile, "validity scan (jsontext SkipValue)", self, "-scan", samlFile.path)
		add(samlFile, "tracecheck analyze --format json", analyze(samlFile.path)...)
	}

	for round := range cfg.rounds {
		for _, c := range cmds {
			fmt.Fprintf(os.Stderr, "round %d/%d: %s: %s\n", round+1, cfg.rounds, c.group, c.name)
			elapsed, rss, err := measure(c.argv)
			if err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			c.times = append(c.times, elapsed)
			c.rss = append(c.rss, rss)
		}
	}
	printTable(os.Stdout, cfg, cmds, inputs)
	return nil
}
