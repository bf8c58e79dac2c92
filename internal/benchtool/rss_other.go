//go:build !linux && !darwin

package main

import "os"

// peakRSS returns 0, which the table shows as "–": the peak resident set
// size is read only on Linux and macOS.
func peakRSS(*os.ProcessState) int64 {
	return 0
}
