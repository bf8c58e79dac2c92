package cli

import "fmt"

// Run prints the version line, the same as --version.
func (c *versionCmd) Run(e *env) error {
	_, err := fmt.Fprintln(e.stdout, versionLine(e.version))
	return err
}
