package cli

import "fmt"

// Run prints the version.
func (c *versionCmd) Run(e *env) error {
	_, err := fmt.Fprintln(e.stdout, e.version)
	return err
}
