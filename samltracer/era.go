package samltracer

import "github.com/go-json-experiment/json/jsontext"

// requestEvidence records the members of one request that tell the
// export format versions apart.
type requestEvidence struct {
	requestID        bool // has "requestId" (1.1 and later)
	legacyID         bool // has a numeric "id" (legacy 0.3 only)
	pairHeaders      bool // has a header written as [name, value] (legacy)
	protocol         bool // has "protocol" (1.5 and later)
	samlMember       bool // has "saml" or "samlart"
	requestTimestamp bool // has "timestamp", which no SAML-tracer writes
}

// eraEvidence collects requestEvidence over the whole export. An export
// carries no version number, so the version range is inferred from shape:
//   - legacy (0.3.x): a numeric top-level timestamp, or requests with a
//     numeric "id", [name, value] headers and no "requestId";
//   - 1.5 and later: a "protocol" member, or a request with neither
//     "saml" nor "samlart", which 1.1 to 1.4 write on every request;
//   - 1.1 to 1.4: every request has "saml" or "samlart".
type eraEvidence struct {
	exportTimestamp jsontext.Kind // kind of the top-level "timestamp", 0 when absent

	requests          int
	requestID         int
	legacyShape       int // requests with a numeric id or [name, value] headers
	protocol          int
	withoutSAML       int
	requestTimestamps int
}

func (e *eraEvidence) add(r requestEvidence) {
	e.requests++
	if r.requestID {
		e.requestID++
	}
	if r.legacyID || r.pairHeaders {
		e.legacyShape++
	}
	if r.protocol {
		e.protocol++
	}
	if !r.samlMember {
		e.withoutSAML++
	}
	if r.requestTimestamp {
		e.requestTimestamps++
	}
}

// creator returns Trace.Creator: "SAML-tracer" and the version range the
// shape points to.
func (e *eraEvidence) creator() string {
	switch {
	case e.requestTimestamps > 0:
		return "SAML-tracer-compatible exporter (requests carry timestamps, which SAML-tracer never writes)"
	case e.exportTimestamp == '0' || (e.requestID == 0 && e.legacyShape > 0):
		return "SAML-tracer (0.3, legacy format)"
	case e.protocol > 0 || e.withoutSAML > 0:
		return "SAML-tracer (1.5 or later)"
	case e.requests > 0:
		return "SAML-tracer (1.1 to 1.4)"
	case e.exportTimestamp == '"':
		return "SAML-tracer (1.1 or later)"
	}
	return "SAML-tracer"
}
