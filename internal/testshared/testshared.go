// Package testshared locates the shared reference material (real traces,
// CORS vectors, Chromium verdicts) that sits beside the repository in the
// project's workspace, for tests only.
package testshared

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireEnv is the environment variable that turns a missing shared folder
// from a skipped test into a failed one. CI sets it so those tests always run.
const RequireEnv = "TRACECHECK_REQUIRE_SHARED"

// Dir returns the absolute path of the shared folder (the directory
// "shared" next to the repository root), or of the subpath rel inside it.
// When the folder is absent the test is skipped with a message, or fails
// when RequireEnv is set to a non-empty value.
func Dir(t testing.TB, rel ...string) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatalf("locate repository root: %v", err)
	}
	dir := filepath.Join(append([]string{filepath.Dir(root), "shared"}, rel...)...)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("shared material missing at %s (%v); %s is set, so this test must run", dir, err, RequireEnv)
		}
		t.Skipf("shared material not found at %s; skipping (set %s=1 to make this a failure)", dir, RequireEnv)
	}
	return dir
}

// repoRoot walks up from the working directory to the folder with go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
