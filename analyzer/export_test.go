package analyzer

// SetParallelThreshold sets the number of flows from which the rules run
// side by side, and of exchanges from which the first passes do, and
// returns a function that restores the previous values. A threshold of 0
// turns the parallel paths off.
func SetParallelThreshold(n int) (restore func()) {
	oldFlows, oldExchanges := minParallelFlows, minParallelExchanges
	if n == 0 {
		n = int(^uint(0) >> 1)
	}
	minParallelFlows, minParallelExchanges = n, n
	return func() { minParallelFlows, minParallelExchanges = oldFlows, oldExchanges }
}
