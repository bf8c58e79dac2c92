// Package traceio holds the input handling that the har, samltracer and
// tracefile decoders share: opening a file, decompressing gzip, converting
// UTF-16 and UTF-32 text, tracking line and column positions, enforcing
// the resource limits and wording the errors of the JSON decoder.
package traceio
