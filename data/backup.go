package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/sshblog/sshblog/posts"
)

// openExisting opens the database at path for maintenance: it must exist,
// and no migration runs, so that an older or newer binary may back up or
// check it without changing it.
func openExisting(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no database at %s: %w", path, posts.UnwrapPath(err))
	}
	params := url.Values{"_busy_timeout": {fmt.Sprint(busyTimeoutMS)}, "mode": {"rw"}}
	db, err := sql.Open("sqlite3", "file:"+path+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// Backup writes a consistent copy of the database at path to dest while the
// server may be writing to it. VACUUM INTO reads one snapshot of the
// database, as a read transaction does, so writers carry on; the copy is
// compact and has no WAL to go with it. It is written beside dest first and
// renamed into place, so dest never holds half a backup.
func Backup(ctx context.Context, path, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s already exists; choose a new file for the backup", dest)
	}
	db, err := openExisting(path)
	if err != nil {
		return err
	}
	defer db.Close()
	partial := dest + ".partial"
	os.Remove(partial) // left over from an interrupted backup
	if err := createPrivate(partial); err != nil {
		return fmt.Errorf("back up %s: %w", path, err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, partial); err != nil {
		os.Remove(partial)
		return fmt.Errorf("back up %s: %w", path, markFull(err))
	}
	if err := os.Rename(partial, dest); err != nil {
		os.Remove(partial)
		return fmt.Errorf("back up %s: %w", path, err)
	}
	return nil
}

// Check runs SQLite's integrity and foreign key checks on the database at
// path and returns what they found wrong; none means it is sound.
func Check(ctx context.Context, path string) (problems []string, err error) {
	db, err := openExisting(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return nil, err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	fk, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var index int
		if err := fk.Scan(&table, &rowid, &parent, &index); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("%s row %d refers to a missing %s", table, rowid.Int64, parent))
	}
	return problems, fk.Err()
}
