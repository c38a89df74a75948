package browser

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// chromiumPath is Debian's Chromium itself: the /usr/bin/chromium wrapper
// prints a shell error under Lighthouse.
const chromiumPath = "/usr/lib/chromium/chromium"

// npmTools are the npm packages the suite runs, pinned: Lighthouse 13 wants
// Node 22, Debian has 20.
var npmTools = []string{"lighthouse@12.2.3", "axe-core@4.14.1"}

// npmDir is where they are installed, outside the clone.
func npmDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("SSHBLOG_NPM_DIR"); dir != "" {
		return dir
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(cache, "sshblog", "npm")
}

var installed sync.Once

// tools finds Chromium, its fonts and the npm tools, installing what is
// missing (as .ci/run does): the suite is never skipped.
func tools(t *testing.T) (npm string) {
	t.Helper()
	npm = npmDir(t)
	installed.Do(func() {
		if _, err := os.Stat(chromiumPath); err != nil {
			run(t, "apt-get", "update", "-qq")
			run(t, "apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk", "fonts-noto-color-emoji")
		}
		if _, err := os.Stat(filepath.Join(npm, "node_modules", ".bin", "lighthouse")); err != nil {
			if err := os.MkdirAll(npm, 0o755); err != nil {
				t.Fatal(err)
			}
			run(t, "npm", append([]string{"install", "--prefix", npm, "--no-audit", "--no-fund"}, npmTools...)...)
		}
	})
	for _, need := range []string{chromiumPath, filepath.Join(npm, "node_modules", ".bin", "lighthouse"), axePath(npm)} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("missing after installing: %v", err)
		}
	}
	return npm
}

func axePath(npm string) string { return filepath.Join(npm, "node_modules", "axe-core", "axe.min.js") }

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive", "CHROMEDRIVER_SKIP_DOWNLOAD=true")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// screenshotDir keeps the screenshots after the test, outside the clone:
// $SSHBLOG_SCREENSHOTS, else the user's cache.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SSHBLOG_SCREENSHOTS")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(cache, "sshblog", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
