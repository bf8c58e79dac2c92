//go:build !unix

package cli

import "os"

// terminalWidth returns 0, so that the report keeps its default width.
//
// NOTE: on systems other than Unix the terminal size is not read; only
// $COLUMNS changes the width.
func terminalWidth(*os.File) int {
	return 0
}
