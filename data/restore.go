package data

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// BeforeRestore is the suffix of the database a restore put aside.
const BeforeRestore = ".before-restore"

// Restore puts the backup at src in place of the database at path. No
// process may have the database open: the caller holds the data folder's
// lock. The backup is checked first and nothing changes unless it is sound.
// The database it replaces, with its WAL (which may hold commits not yet in
// the file), is kept beside it as path+BeforeRestore; its SHM, which only
// indexes that WAL, is removed. It returns the name the old database is kept
// under, or "" when there was none.
func Restore(ctx context.Context, src, path string) (kept string, err error) {
	if err := checkBackup(ctx, src); err != nil {
		return "", err
	}
	kept = path + BeforeRestore
	if _, err := os.Lstat(kept); err == nil {
		return "", fmt.Errorf("%s is there from an earlier restore; move it away first (it is the database that restore replaced)", kept)
	}
	incoming := path + ".restoring"
	if err := copyPrivate(src, incoming); err != nil {
		os.Remove(incoming)
		return "", fmt.Errorf("restore %s: %w", src, err)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		kept = ""
	} else if err := putAside(path, kept); err != nil {
		os.Remove(incoming)
		return "", fmt.Errorf("restore %s: %w", src, err)
	}
	if err := os.Rename(incoming, path); err != nil {
		return "", fmt.Errorf("restore %s: %w", src, err)
	}
	return kept, syncDir(filepath.Dir(path))
}

// checkBackup makes sure src is a sound sshblog database.
func checkBackup(ctx context.Context, src string) error {
	problems, err := Check(ctx, src)
	if err != nil {
		return fmt.Errorf("%s is not a database sshblog can restore: %v; nothing was changed", src, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s failed its integrity check (%s); nothing was changed", src, strings.Join(problems, "; "))
	}
	db, err := openExisting(src)
	if err != nil {
		return err
	}
	defer db.Close()
	var migrations int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&migrations); err != nil || migrations == 0 {
		return fmt.Errorf("%s is an SQLite database but not an sshblog one; nothing was changed", src)
	}
	return nil
}

// putAside renames the database at path to kept, with its WAL, and removes
// its SHM.
func putAside(path, kept string) error {
	if err := os.Rename(path, kept); err != nil {
		return err
	}
	if err := os.Rename(path+"-wal", kept+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Remove(path + "-shm"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// copyPrivate copies src to a new file dest, readable by its owner only, and
// syncs it.
func copyPrivate(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, posts.UnwrapPath(err))
	}
	return nil
}
