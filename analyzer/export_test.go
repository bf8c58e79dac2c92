package analyzer

// SetParallelThreshold sets the number of flows from which the rules run
// side by side, and returns a function that restores the previous value.
// A threshold of 0 turns the parallel path off.
func SetParallelThreshold(n int) (restore func()) {
	old := minParallelFlows
	if n == 0 {
		n = int(^uint(0) >> 1)
	}
	minParallelFlows = n
	return func() { minParallelFlows = old }
}
