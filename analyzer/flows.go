package analyzer

import (
	"sort"
	"strings"
)

// buildFlows forms one flow per preflight (with its partner, if any) and
// one per unpaired cross-origin request in CORS mode, in file order.
func buildFlows(t *Trace, partner []int, links redirectLinks) []*flowState {
	var flows []*flowState
	docOrigin, docServerIP := "", ""
	for i := range t.Exchanges {
		e := &t.Exchanges[i]
		if o, ok := documentOrigin(e); ok {
			docOrigin, docServerIP = o, e.ServerIP
		}
		if isPreflight(e) {
			f := &flowState{preflight: e, preflightPos: i, actualPos: partner[i], docOrigin: docOrigin, docServerIP: docServerIP}
			if partner[i] >= 0 {
				f.actual = &t.Exchanges[partner[i]]
			}
			flows = append(flows, f)
			continue
		}
		if partner[i] >= 0 {
			continue
		}
		if isCrossOriginCandidate(e, docOrigin) {
			flows = append(flows, &flowState{actual: e, actualPos: i, preflightPos: -1, docOrigin: docOrigin, docServerIP: docServerIP})
		}
	}

	sort.SliceStable(flows, func(i, j int) bool { return firstIndex(flows[i]) < firstIndex(flows[j]) })
	for i, f := range flows {
		f.id = i + 1
		if f.actual != nil {
			if j := links.prev[f.actualPos]; j >= 0 {
				f.redirectFrom = &t.Exchanges[j]
				f.chainStart = &t.Exchanges[links.chainStart(f.actualPos)]
				f.hopsBefore = links.hopsBefore(f.actualPos)
			}
			if j := links.next[f.actualPos]; j >= 0 {
				f.redirectTo = &t.Exchanges[j]
			}
		}
	}

	// Each flow's fields depend on its own exchanges only.
	const batch = 512
	forEach((len(flows)+batch-1)/batch, len(flows) >= minParallelFlows, func(b int) {
		for _, f := range flows[b*batch : min((b+1)*batch, len(flows))] {
			fillFlow(f)
		}
	})
	return flows
}

// firstIndex returns the lowest trace position of f's exchanges.
func firstIndex(f *flowState) int {
	switch {
	case f.preflight == nil:
		return f.actualPos
	case f.actual == nil:
		return f.preflightPos
	default:
		return min(f.preflightPos, f.actualPos)
	}
}

// isCrossOriginCandidate reports whether e, which has no preflight, is a
// cross-origin request that may be subject to CORS: its mode is cors (or
// unknown, with an Origin header) and its page origin differs from the
// origin of its URL. docOrigin, the origin of the latest document the
// trace loaded, stands in for a CORS request that names no origin.
func isCrossOriginCandidate(e *Exchange, docOrigin string) bool {
	mode := modeOf(e)
	switch mode {
	case "cors", "same-origin":
	case "":
		if !e.RequestHeaders.Has("Origin") {
			return false
		}
	default:
		return false
	}

	origin, _ := pageOrigin(e)
	if origin == "" && mode != "" {
		origin = docOrigin
	}
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
	if f.origin == "" && f.docOrigin != "" {
		f.origin, f.originSource = f.docOrigin, "page"
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

// documentOrigin returns the origin of e when e loaded a top-level or frame
// document, the page later requests come from.
func documentOrigin(e *Exchange) (string, bool) {
	isDocument := strings.EqualFold(e.ResourceType, "document") ||
		strings.EqualFold(e.RequestHeaders.Value("Sec-Fetch-Dest"), "document")
	if !isDocument {
		return "", false
	}
	o, err := OriginOf(e.URL)
	if err != nil || o.Opaque {
		return "", false
	}
	return o.String(), true
}
