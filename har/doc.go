// Package har decodes HTTP Archive (HAR) files, as browsers and proxies
// export them, into an [analyzer.Trace].
//
// [Decode] and [DecodeFile] read a file entry by entry with a streaming
// JSON tokenizer and skip body strings without keeping them, so memory
// grows with the number of entries and not with the size of embedded
// bodies. [Stream] hands each entry to a callback instead of collecting
// them, and with [Options.Bodies] also delivers the bodies. Input that
// starts with the gzip magic bytes is decompressed, whatever its name.
//
// # What it tolerates
//
// Real exporters stray from HAR 1.2 in many ways, and the decoder accepts
// all of those it has seen:
//
//   - a UTF-8 byte order mark;
//   - fractional milliseconds and -1 in time and timings, numbers written
//     as strings ("200"), and null wherever a value is optional or not;
//   - startedDateTime with "Z", with an offset with or without a colon
//     ("-07:00", "+0530"), with any number of fractional digits or none,
//     with a space instead of "T", without an offset (read as UTC), and
//     empty (start time unknown);
//   - missing members the specification requires, content:{},
//     timings:{}, and log.pages absent or empty;
//   - status 0, -1 and -2 for "no response", kept as they are, with the
//     error text from response._error, response._failureText (Playwright)
//     or the entry's _error;
//   - _initiator as an object (DevTools) or as a URL string with
//     _initiator_type (sitespeed.io chrome-har, WebPagetest);
//   - free-text httpVersion, header names with odd characters, duplicate
//     members inside an entry (the last one wins) and invalid UTF-8 in strings
//     (replaced with U+FFFD);
//   - base64 bodies that are wrapped, unpadded or invalid; an invalid one
//     leaves the body unavailable and adds a warning.
//
// Header lines keep their order, case and duplicates, HTTP/2
// pseudo-headers included. A value joined with "\n" stays one line;
// [analyzer.Headers.Values] splits it.
//
// A member of the wrong JSON type inside an entry ("method": 5,
// "headers": "x") is read where it can be (a number's text for a string)
// or skipped, and a warning in Trace.Warnings names the entry and the
// member. An entry that is not an object is skipped with a warning; the
// other entries keep their file positions in Exchange.Index.
//
// # Errors
//
// A file that is not JSON, is empty, is cut off, or lacks the HAR
// structure (a top-level object with a log object that contains an
// entries array) gives an [*analyzer.DecodeError]. It carries the entry
// (or -1), byte offset, line and column, and a message that states what
// was expected there. Line and column count from 1, and the column counts
// bytes. Offsets count bytes of the decompressed stream, BOM included.
// When the HAR structure is wrong and the file is also not valid JSON,
// the JSON syntax error is reported.
//
// # Limitations
//
// The body strings being skipped still pass through the JSON tokenizer's
// buffer one at a time, so peak memory grows with the largest single
// body string, not with the file. Bodies are delivered only through
// [Stream]; [analyzer.Exchange] has no field for them. Cookies,
// queryString, timings, pages and most underscore fields are read past
// and not kept. Line and column are computed for errors only while
// decoding, so a warning carries a byte offset but no line.
//
// [FromMartian] and [ToMartian] convert to and from the HAR types of
// github.com/google/martian/v3/har, which a martian proxy's logger
// produces in memory. Those types cannot decode most real files
// (fractional times fail their int64 fields), which is why this package
// decodes files with its own tolerant reader.
package har
