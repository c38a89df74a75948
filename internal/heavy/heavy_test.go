package heavy

import (
	"os/exec"
	"syscall"
	"testing"
)

// A shared holder keeps an exclusive one out, and another shared one in.
func TestExclusiveWaitsForShared(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	unlock, err := lock(syscall.LOCK_SH)
	if err != nil {
		t.Fatal(err)
	}
	if !canTake(t, "-s") {
		t.Error("a second shared holder was kept out")
	}
	if canTake(t, "-x") {
		t.Error("an exclusive holder got in beside a shared one")
	}
	unlock()
	if !canTake(t, "-x") {
		t.Error("the exclusive holder was kept out after the shared one left")
	}
}

// canTake asks flock(1), another process, for the lock without waiting.
func canTake(t *testing.T, mode string) bool {
	t.Helper()
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Fatal("flock(1) from util-linux is needed:", err)
	}
	err = exec.Command(flock, "-n", mode, lockPath(), "true").Run()
	if _, failed := err.(*exec.ExitError); failed {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}
