package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/tracecheck/tracecheck/allowlist"
)

// loadAllowlists reads the --allowed-origins values, each "[HOST=]FILE".
// HOST= sets the list's server and wins over a server the file's first
// line names. A file that cannot be read, and a file without one valid
// entry, are errors that name the file.
func loadAllowlists(specs []string) ([]*allowlist.List, error) {
	var lists []*allowlist.List
	for _, spec := range specs {
		if err := checkSpec(spec); err != nil {
			return nil, err
		}
		host, path := allowlist.ParseSpec(spec)
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("--allowed-origins: cannot read the allowed-origin list %s: %w", path, unwrapPathError(err))
		}
		list, err := allowlist.Parse(f, path)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("--allowed-origins: %w", err)
		}
		if host != "" {
			list.Server = host
		}
		if err := checkUsable(list); err != nil {
			return nil, err
		}
		lists = append(lists, list)
	}
	return lists, nil
}

// checkSpec returns an error for "HOST=" without a file name, unless a
// file of that name exists.
func checkSpec(spec string) error {
	host, path, ok := strings.Cut(spec, "=")
	if !ok || path != "" {
		return nil
	}
	if _, err := os.Stat(spec); err == nil {
		return nil
	}
	if host == "" {
		return fmt.Errorf("--allowed-origins %s: the server and the file name are missing; give HOST=FILE or FILE", spec)
	}
	return fmt.Errorf("--allowed-origins %s: the file name is missing after '='; give HOST=FILE, such as %sallowed-origins.txt", spec, spec)
}

// checkUsable returns an error when list has no entry or no valid entry,
// which means that the file is not an allowed-origin list or was copied
// wrongly.
func checkUsable(list *allowlist.List) error {
	if len(list.Entries) == 0 {
		return fmt.Errorf("--allowed-origins: the allowed-origin list %s contains no origins; give a file with one origin per line or the console output of the list command", list.Source)
	}
	invalid := list.Invalid()
	if len(invalid) < len(list.Entries) {
		return nil
	}
	first := invalid[0]
	return fmt.Errorf("--allowed-origins: every entry of the allowed-origin list %s is invalid, for example line %d: %v; write each origin as scheme://host[:port], such as https://finesse.example.com:8445",
		list.Source, first.Line, first.Err)
}

// unwrapPathError returns the reason of an *os.PathError without the
// operation and path, which the caller's message already names.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
