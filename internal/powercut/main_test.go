package powercut_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/sshblog/sshblog/internal/heavy"
	"github.com/sshblog/sshblog/internal/powercut"
)

// noNamespace is why these tests cannot mount, if they cannot.
var noNamespace error

// The tests run again in a private mount namespace, so a mount a crashed
// test leaves goes with it; the power cut is heavy and runs alone.
func TestMain(m *testing.M) {
	inside, status, err := powercut.Reexec()
	switch {
	case err != nil:
		noNamespace = err
		fmt.Fprintf(os.Stderr, "powercut: NO PRIVATE MOUNT NAMESPACE (%v): the power-cut tests will skip; run them as root\n", err)
	case !inside:
		os.Exit(status)
	}
	os.Exit(heavy.Exclusive(m))
}

// mount mounts the layer over a new folder.
func mount(t *testing.T) *powercut.FS {
	t.Helper()
	if noNamespace != nil {
		t.Skipf("SKIPPED, NOT TESTED: no private mount namespace for FUSE (%v); run as root", noNamespace)
	}
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Fatalf("the power-cut layer needs FUSE: %v (modprobe fuse; apt-get install -y fuse3)", err)
	}
	f, err := powercut.Mount(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Unmount)
	return f
}
