// Command tracecheck reads browser traces (HAR files, SAML-tracer exports)
// offline and explains why cross-origin (CORS) requests in them failed.
package main

import (
	"os"

	"github.com/tracecheck/tracecheck/cmd/tracecheck/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, version))
}
