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
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}
