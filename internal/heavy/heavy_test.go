package heavy

import (
	"os/exec"
	"syscall"
	"testing"
)

// A shared holder keeps an exclusive one out, and another shared one in.
func TestExclusiveWaitsForShared(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	unlock, err := lockInTurn(syscall.LOCK_SH)
	if err != nil {
		t.Fatal(err)
	}
	if !canTake(t, lockPath(), "-s") {
		t.Error("a second shared holder was kept out")
	}
	if canTake(t, lockPath(), "-x") {
		t.Error("an exclusive holder got in beside a shared one")
	}
	unlock()
	if !canTake(t, lockPath(), "-x") {
		t.Error("the exclusive holder was kept out after the shared one left")
	}
}

// Whoever waits for the lock holds the queue, so no one passes them: a light
// package that comes after a waiting heavy one waits behind it.
func TestWaiterHoldsTheQueue(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	unlock, err := lockInTurn(syscall.LOCK_SH)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if !canTake(t, queuePath(), "-x") {
		t.Error("a holder of the lock kept the queue")
	}
	leave, err := lock(queuePath(), syscall.LOCK_EX) // as a heavy suite waiting for the lock does
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	if canTake(t, queuePath(), "-x") {
		t.Error("a newcomer got past a waiter in the queue")
	}
}

// canTake asks flock(1), another process, for a lock without waiting.
func canTake(t *testing.T, path, mode string) bool {
	t.Helper()
	flock, err := exec.LookPath("flock")
	if err != nil {
		t.Fatal("flock(1) from util-linux is needed:", err)
	}
	err = exec.Command(flock, "-n", mode, path, "true").Run()
	if _, failed := err.(*exec.ExitError); failed {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}
