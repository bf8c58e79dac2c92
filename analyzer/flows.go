package analyzer

import "sort"

// buildFlows forms one flow per preflight (with its partner, if any) and
// one per unpaired cross-origin request in CORS mode, in file order.
func buildFlows(t *Trace, partner []int) []*flowState {
	var flows []*flowState
	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		if isPreflight(e) {
			f := &flowState{preflight: e}
			if partner[i] >= 0 {
				f.actual = &t.Exchanges[partner[i]]
			}
			flows = append(flows, f)
			continue
		}
		if partner[i] >= 0 {
			continue
		}
		if isCrossOriginCandidate(e) {
			flows = append(flows, &flowState{actual: e})
		}
	}

	sort.SliceStable(flows, func(i, j int) bool { return firstIndex(flows[i]) < firstIndex(flows[j]) })
	for i, f := range flows {
		f.id = i + 1
		fillFlow(f)
	}
	return flows
}

// firstIndex returns the lowest entry index of f's exchanges.
func firstIndex(f *flowState) int {
	switch {
	case f.preflight == nil:
		return f.actual.Index
	case f.actual == nil:
		return f.preflight.Index
	default:
		return min(f.preflight.Index, f.actual.Index)
	}
}

// isCrossOriginCandidate reports whether e, which has no preflight, is a
// cross-origin request that may be subject to CORS: its mode is cors (or
// unknown, with an Origin header) and its page origin differs from the
// origin of its URL.
func isCrossOriginCandidate(e *Exchange) bool {
	mode, _ := requestMode(e)
	switch mode {
	case "cors":
	case "":
		if !e.RequestHeaders.Has("Origin") {
			return false
		}
	default:
		return false
	}

	origin, _ := pageOrigin(e)
	if origin == "" {
		return false
	}
	return isCrossOrigin(origin, e.URL)
}

// isCrossOrigin reports whether the serialized page origin differs from the
// origin of target. An opaque ("null") page origin is cross-origin to all.
func isCrossOrigin(origin, target string) bool {
	page, err := ParseOrigin(origin)
	if err != nil {
		return true
	}
	dest, err := OriginOf(target)
	if err != nil {
		return false
	}
	return !page.SameOrigin(dest)
}

// fillFlow derives the page origin, method, URL, mode and unsafe headers of
// a flow from its exchanges.
func fillFlow(f *flowState) {
	switch {
	case f.actual != nil && f.actual.RequestHeaders.Has("Origin"):
		f.origin, f.originSource = f.actual.RequestHeaders.Value("Origin"), "origin header"
	case f.preflight != nil && f.preflight.RequestHeaders.Has("Origin"):
		f.origin, f.originSource = f.preflight.RequestHeaders.Value("Origin"), "preflight"
	case f.actual != nil:
		f.origin, f.originSource = pageOrigin(f.actual)
	}

	if f.actual != nil {
		f.method, f.url = f.actual.Method, f.actual.URL
		f.mode, f.modeEvidence = requestMode(f.actual)
		f.unsafe, f.uaIgnored = unsafeRequestHeaders(f.actual.RequestHeaders)
	} else {
		f.url = f.preflight.URL
		f.method = f.preflight.RequestHeaders.Value("Access-Control-Request-Method")
		for _, name := range f.unsafeNames() {
			f.unsafe = append(f.unsafe, unsafeReason{name: name, reason: "requested"})
		}
	}
	if f.preflight != nil && f.mode != "cors" {
		f.mode, f.modeEvidence = "cors", "paired with a preflight ("+entryLabel(f.preflight)+")"
	}

	f.methodUnsafe = f.method != "" && !safelistedMethods[f.method]
	f.preflightRequired = f.methodUnsafe || len(f.unsafe) > 0
}
