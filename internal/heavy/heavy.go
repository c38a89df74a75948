// Package heavy keeps the heavy test suites (cluster faults, the browser, the
// power cut) from running beside other test packages. `go test ./...` runs
// packages in parallel; on a 2-core machine an election timeout or a "within
// 1 s" goal flaps when a compile or another suite takes the cores. Every test
// package's TestMain takes one lock file: heavy ones alone, the others
// together. A second file is the queue: whoever waits for the lock holds it,
// so a heavy suite waiting is not passed by one light package after another.
package heavy

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Exclusive runs the tests of a heavy package with no other test package of
// this module running. Call it from TestMain: os.Exit(heavy.Exclusive(m)).
func Exclusive(m *testing.M) int { return run(m, syscall.LOCK_EX) }

// Shared runs the tests of an ordinary package beside other ordinary ones,
// but never beside a heavy one.
func Shared(m *testing.M) int { return run(m, syscall.LOCK_SH) }

func run(m *testing.M, how int) int {
	unlock, err := lockInTurn(how)
	if err != nil {
		fmt.Fprintln(os.Stderr, "heavy:", err)
		return 1
	}
	defer unlock()
	return m.Run()
}

// lockPath is one file per user, so the tests of two clones on one machine
// also take turns; queuePath is the queue in front of it.
func lockPath() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("sshblog-tests-%d.lock", os.Getuid()))
}

func queuePath() string { return lockPath() + ".queue" }

// lockInTurn waits in the queue, alone, for the lock, and leaves the queue
// once it has it.
func lockInTurn(how int) (func(), error) {
	leaveQueue, err := lock(queuePath(), syscall.LOCK_EX)
	if err != nil {
		return nil, err
	}
	defer leaveQueue()
	return lock(lockPath(), how)
}

func lock(path string, how int) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the test lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, fmt.Errorf("take the test lock %s: %w", f.Name(), err)
	}
	return func() { f.Close() }, nil
}
