package main

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/sshblog/sshblog/posts"
)

// unwritableDataDir says why the data folder cannot be written, and what
// to do about it: its owner, when it is not the server's user, or that it
// is read-only.
func unwritableDataDir(dir string, err error) error {
	uid := os.Getuid()
	var st syscall.Stat_t
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("data dir %s is on a read-only filesystem: mount it read-write (the database and host keys are written there)", dir)
	case syscall.Stat(dir, &st) == nil && int(st.Uid) != uid:
		return fmt.Errorf("data dir %s belongs to uid %d, and sshblog runs as uid %d: give it to this user (chown -R %d:%d %s)", dir, st.Uid, uid, uid, os.Getgid(), dir)
	default:
		return fmt.Errorf("data dir %s is not writable by uid %d (%v): make it writable (chmod u+rwx %s)", dir, uid, posts.UnwrapPath(err), dir)
	}
}
