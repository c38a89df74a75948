package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/sshblog/sshblog/posts"
)

// lockFile is what serve holds locked in the data folder while it runs, so
// that restore (or a second server) knows the database is in use. flock
// works on one file across processes and across containers that share the
// volume, since they share its kernel; the lock goes with the process.
const lockFile = "sshblog.lock"

// errDataDirInUse says another process holds the data folder's lock.
var errDataDirInUse = errors.New("in use")

// lockDataDir takes the data folder's lock without waiting; unlock gives it
// back. A folder another server holds is refused.
func lockDataDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %v", path, posts.UnwrapPath(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: %w: a server is running on this data folder (it holds %s)", dir, errDataDirInUse, path)
		}
		return nil, fmt.Errorf("lock %s: %v", path, err)
	}
	return func() { f.Close() }, nil
}
