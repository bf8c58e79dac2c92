package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tracecheck/tracecheck/analyzer"
)

// splitUnreadable separates the files that could not be read at all from
// those read only in part, keeping the order of each.
func splitUnreadable(list []Unreadable) (unreadable, partial []Unreadable) {
	for _, u := range list {
		if u.Partial {
			partial = append(partial, u)
		} else {
			unreadable = append(unreadable, u)
		}
	}
	return unreadable, partial
}

// fileCount returns the number of distinct input files: the reports, and
// the unreadable files that have no report.
func fileCount(reports int, list []Unreadable) int {
	unreadable, _ := splitUnreadable(list)
	return reports + len(unreadable)
}

// needsTotal reports whether a total line follows the reports: for more
// than one file, and for a file read only in part, whose report alone does
// not say that it is incomplete.
func needsTotal(reports int, list []Unreadable) bool {
	_, partial := splitUnreadable(list)
	return fileCount(reports, list) > 1 || len(partial) > 0
}

// filesText counts the files of a run as "2 files read, 0 unreadable" or
// "1 file read partly (truncated at byte 723), 0 unreadable". A file read
// in part has a report, so reports counts it too.
func filesText(reports int, list []Unreadable) string {
	unreadable, partial := splitUnreadable(list)
	var parts []string
	if read := reports - len(partial); read > 0 || len(partial) == 0 {
		parts = append(parts, plural(read, "file")+" read")
	}
	if len(partial) > 0 {
		places := make([]string, len(partial))
		for i, u := range partial {
			places[i] = partialPlace(u.Err)
			if fileCount(reports, list) > 1 {
				places[i] = u.Source + ": " + places[i]
			}
		}
		noun := plural(len(partial), "file")
		if len(parts) > 0 {
			noun = fmt.Sprint(len(partial))
		}
		parts = append(parts, fmt.Sprintf("%s read partly (%s)", noun, strings.Join(places, "; ")))
	}
	parts = append(parts, fmt.Sprintf("%d unreadable", len(unreadable)))
	return strings.Join(parts, ", ")
}

// partialPlace says where reading a file stopped, as "truncated at byte
// 723" or "stopped at byte 661", from the error that stopped it.
func partialPlace(err error) string {
	var derr *analyzer.DecodeError
	if !errors.As(err, &derr) {
		return "stopped by an error"
	}
	verb := "stopped"
	if errors.Is(err, io.ErrUnexpectedEOF) {
		verb = "truncated"
	}
	if derr.Offset < 0 {
		return verb + " at an unknown byte"
	}
	return fmt.Sprintf("%s at byte %d", verb, derr.Offset)
}
