package main

import (
	"os"
	"syscall"
)

// peakRSS returns the peak resident set size of the finished process in
// bytes. Linux reports it in KiB.
func peakRSS(state *os.ProcessState) int64 {
	usage, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	return int64(usage.Maxrss) * 1024
}
