package data

import (
	"errors"
	"io/fs"
	"os"
)

// createPrivate creates an empty file at path, unless one is there, that only
// its owner may read and write, whatever the umask (which can take bits away
// but never add them). The database holds readers' keys and when they came;
// SQLite gives the WAL and SHM files it makes beside a database the
// database file's mode, and VACUUM INTO writes into an empty file as it is.
//
// A file already there (a database made before files were kept private)
// loses any group and other bits, and so do its WAL and SHM.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := makePrivate(p); err != nil {
				return err
			}
		}
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// makePrivate takes group and other bits off the file at path, if there is one.
func makePrivate(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) || err == nil && info.Mode().Perm()&0o077 == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	return os.Chmod(path, info.Mode().Perm()&0o700)
}
