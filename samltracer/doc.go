// Package samltracer decodes the JSON files that the SAML-tracer browser
// extension exports, into the exchange model of package analyzer.
//
// [Decode] and [DecodeFile] read an export one request at a time with a
// streaming JSON decoder, so memory grows with the number of requests and
// not with the size of the file. Gzip-compressed input is recognised by
// its magic bytes, and a UTF-8 byte order mark is skipped.
//
// # Format versions
//
// An export carries no version number. The decoder accepts every shape
// SAML-tracer has written, deciding per element where versions differ:
//   - 0.3.x (legacy, Firefox only): a numeric top-level "timestamp",
//     requests with a numeric "id", headers as [name, value] pairs and
//     "postData" as the raw body string;
//   - 1.1 to 1.4: headers as {name, value} objects, a string "requestId",
//     "saml" or "samlart" on every request;
//   - 1.5 and later: as 1.1, plus "protocol" on SAML and WS-Federation
//     requests and "saml" only there.
//
// Headers may also be {name, binaryValue} objects, whose bytes are decoded
// as UTF-8, or as ISO-8859-1 with a warning when they are not valid UTF-8.
// "requestId" may be a string, a number, missing or repeated within a
// redirect chain, so Exchange.Index, the position in the "requests" array,
// identifies an exchange. Trace.Creator names the version range the shape
// points to, for example "SAML-tracer (1.5 or later)".
//
// # Exchanges
//
// Each request becomes one [analyzer.Exchange]. Status comes from
// "responseStatus"; when that is "" or missing it is parsed from the
// status line in "responseStatusText", which StatusText keeps as it is.
// The "post" pairs become Exchange.Form, with values the export filter
// masked ("{hash:…}", "{obf:alternative_N}", "{overwritten}") kept as
// they are and Exchange.BodyMasked set. SAML-tracer records no times:
// Start is zero and Duration negative, unless a compatible exporter
// wrote a per-request "timestamp". Members the decoder does not use,
// including "get", "saml" and unknown ones, are skipped.
//
// # Errors and warnings
//
// Failures that concern the content are returned as
// [*analyzer.DecodeError] with the file name, the request index (or -1),
// the byte offset, and the line and column. The decode fails on:
//   - input that is not JSON, is truncated, or has data after the export;
//   - a top level that is not an object, or an object without a
//     "requests" array;
//   - a request that is not an object, which means the file is not a
//     SAML-tracer export;
//   - a file that contains only null, which SAML-tracer 1.1 to 1.9.2
//     writes when its export fails ([ErrNullExport]).
//
// A request that is valid JSON but has a member of the wrong type (a
// number as the method, a header that is a string) is skipped, because
// the requests around it are still usable. A warning in Trace.Warnings
// names its index, byte offset, line and column. The decode
// fails instead when [Options].Strict is set, or when no request could be
// read at all. An export with no requests gives a trace without
// exchanges and a warning.
//
// # Limitations
//
// The input must be valid UTF-8, as every SAML-tracer version writes it.
// Column numbers count bytes, not characters. SAML-tracer leaves out the
// requests it hides in its window (images, scripts, styles and fonts by
// default), and versions before 1.6 running on Chrome 79 or later see
// neither CORS preflights nor the Origin header, so a missing preflight
// in an export proves nothing.
package samltracer
