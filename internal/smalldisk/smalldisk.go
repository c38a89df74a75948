// Package smalldisk gives tests a small filesystem of their own to fill: a
// size-limited tmpfs, mounted by the test (as root) and unmounted in its
// cleanup.
package smalldisk

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
)

// Mount mounts a tmpfs of size bytes on a new folder and returns it. Where
// the test may not mount (not root, or no CAP_SYS_ADMIN in a container), it
// skips, saying so loudly: the full-disk tests need root.
func Mount(t testing.TB, size int64) string {
	t.Helper()
	dir := t.TempDir()
	opts := "size=" + strconv.FormatInt(size, 10) + ",mode=0777"
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, opts); err != nil {
		if errors.Is(err, syscall.EPERM) {
			t.Skipf("SKIPPED, NOT TESTED: mounting a %d-byte tmpfs for a full disk needs root (%v); run the tests as root, as CI does", size, err)
		}
		t.Fatalf("mount a tmpfs on %s: %v", dir, err)
	}
	// Lazily, so a file a crashed server left open cannot keep it mounted.
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// Fill writes a file in dir until the filesystem has no space left and
// returns its path; removing it gives the space back.
func Fill(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return path
			}
			t.Fatalf("fill %s: %v", dir, err)
		}
	}
}
