package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// fullVersion returns version, or the version the Go toolchain recorded in
// the binary when the build set none ("dev" or empty). See buildVersion.
func fullVersion(version string) string {
	if version != "" && version != "dev" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return buildVersion(info)
}

// buildVersion returns the module version that info records for
// "go install ...@v1.2.3". Otherwise it returns the VCS revision and commit
// time of the checkout, with "-dirty" when it had uncommitted changes, or
// "dev" when info records neither, as in test binaries.
func buildVersion(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, time string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			time = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if revision == "" {
		return "dev"
	}
	if len(revision) > 12 {
		revision = revision[:12]
	}
	v := revision
	if dirty {
		v += "-dirty"
	}
	if time != "" {
		v += " " + time
	}
	return v
}

// versionLine returns the line that "tracecheck version" and --version
// print, for example "tracecheck v1.2.3 (go1.26.0)".
func versionLine(version string) string {
	return fmt.Sprintf("tracecheck %s (%s)", version, runtime.Version())
}
