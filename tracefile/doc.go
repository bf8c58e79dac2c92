// Package tracefile loads a browser trace of any format tracecheck reads,
// deciding the format from the content rather than the file name.
//
// [Load] opens a file ("-" for standard input) and [Decode] reads any
// [io.Reader]. Both decompress gzip input, skip a UTF-8 byte order mark,
// read the top-level JSON members until one decides the format, and hand
// the whole input to the matching decoder:
//   - an object whose "log" member is an object is HAR 1.2, decoded by
//     [har.Decode];
//   - an object whose "requests" member is an array, or the literal null
//     that failed SAML-tracer exports contain, is a SAML-tracer export,
//     decoded by [samltracer.Decode].
//
// The bytes read to decide are kept and read again by the decoder, so
// standard input and other streams that cannot seek work too.
//
// # Errors
//
// An empty input fails with [ErrEmpty], and content that is neither
// format with [ErrUnknownFormat] and a message saying what was found: a
// JSON array, an object and its keys, or the first bytes of input that is
// not JSON. Both come inside an [*analyzer.DecodeError] that names the
// file and, where there is one, the line and column. A missing file or a
// directory gives an error naming the path.
package tracefile
