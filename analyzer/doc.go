// Package analyzer holds the exchange model of a browser trace and the engine
// that decides, the way a browser would, whether each cross-origin request in
// it passed the CORS protocol.
//
// A decoder (package har or samltracer) produces a [Trace]: one [Exchange] per
// request the file recorded, in file order. [Analyze] pairs each CORS
// preflight with the actual request it belongs to, forms a [Flow] for every
// cross-origin request, runs every registered [Rule] and returns a [Report]
// with a verdict per flow and the findings that explain it.
//
// # Verdicts
//
// A flow is allowed, blocked or undetermined. Blocked means that a browser
// following the Fetch standard (and current Chromium) refuses the request or
// the read of its response. For a blocked flow the report names the first
// failing check in the order Chromium and Firefox apply them, so that a reader
// learns which console message the user saw.
//
// # Limitations
//
// A trace is a partial record: exporters drop preflights, sanitize cookies and
// leave out pending requests. Where the trace cannot decide, the flow is
// undetermined and a finding says what is unknown. The analyzer never
// contacts the network.
package analyzer
