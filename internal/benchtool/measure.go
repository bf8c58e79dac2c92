package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/klauspost/compress/gzip"
	"github.com/tracecheck/tracecheck/internal/tracegen"
)

// measure runs argv with its output discarded and returns the wall time
// and the child's peak resident set size. tracecheck's exit code 1
// (findings at or above --fail-on) does not count as a failure.
func measure(argv []string) (time.Duration, int64, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		return 0, 0, fmt.Errorf("%v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return elapsed, peakRSS(cmd.ProcessState), nil
}

// scan reads path with a streaming JSON validity scan: jsontext.Decoder
// calling SkipValue on the top-level value, memory bounded by the largest
// string.
func scan(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := jsontext.NewDecoder(f)
	if err := dec.SkipValue(); err != nil {
		return fmt.Errorf("%s: invalid JSON: %w", path, err)
	}
	return nil
}

// gunzip decompresses path into io.Discard with the gzip library that
// tracecheck uses.
func gunzip(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 64<<10))
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, zr)
	return err
}

// generate writes a trace file to path with gen.
func generate(path, label string, gen func(io.Writer) (tracegen.Stats, error)) (input, error) {
	fmt.Fprintf(os.Stderr, "generating %s\n", path)
	f, err := os.Create(path)
	if err != nil {
		return input{}, err
	}
	stats, err := gen(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return input{}, fmt.Errorf("write %s: %w", path, err)
	}
	name := fmt.Sprintf("%s `%s`", label, filepath.Base(path))
	return input{label: name, path: path, bytes: stats.Bytes, entries: stats.Entries}, nil
}

// compress writes in.path + ".gz" at gzip's default level.
func compress(in input) (input, error) {
	out := in
	out.path = in.path + ".gz"
	out.label = strings.Replace(in.label, filepath.Base(in.path), filepath.Base(out.path), 1)
	fmt.Fprintf(os.Stderr, "compressing %s\n", out.path)
	src, err := os.Open(in.path)
	if err != nil {
		return out, err
	}
	defer src.Close()
	dst, err := os.Create(out.path)
	if err != nil {
		return out, err
	}
	zw := gzip.NewWriter(dst)
	if _, err := io.Copy(zw, src); err != nil {
		dst.Close()
		return out, err
	}
	if err := zw.Close(); err != nil {
		dst.Close()
		return out, err
	}
	if err := dst.Close(); err != nil {
		return out, err
	}
	info, err := os.Stat(out.path)
	if err != nil {
		return out, err
	}
	out.bytes = info.Size()
	return out, nil
}

// parseSize reads a size such as 100MB, 1GB or 5000000 (bytes). The units
// are decimal: 1MB is 10^6 bytes.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		factor int64
	}{{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	text := strings.ToUpper(strings.TrimSpace(s))
	factor := int64(1)
	for _, u := range units {
		if strings.HasSuffix(text, u.suffix) {
			text, factor = strings.TrimSuffix(text, u.suffix), u.factor
			break
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q: want a number of bytes or a number with KB, MB or GB", s)
	}
	return int64(n * float64(factor)), nil
}

func median[T int64 | time.Duration](values []T) T {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

// cpuModel returns the "model name" line of /proc/cpuinfo, or "unknown".
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for line := range strings.Lines(string(data)) {
		if name, value, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return "unknown"
}

func goVersion() string { return runtime.Version() }

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}
