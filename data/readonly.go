package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"time"
)

// OpenReadOnly opens the database at path for reading only, as a reader
// running beside the server does (`sshblog tui`, one process per person under
// OpenSSH): it never creates, migrates or writes it, and any write fails.
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	params := url.Values{"mode": {"ro"}, "_busy_timeout": {fmt.Sprint(busyTimeoutMS)}}
	db, err := sql.Open("sqlite3", "file:"+path+"?"+params.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(2)
	if err := checkMigrated(context.Background(), db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Writes go to the read-only pool too, and fail there.
	s := &Store{Now: time.Now, read: db}
	s.eng = &sqliteEngine{write: db, disk: &s.disk}
	return s, nil
}

// errNotMigrated says the database lacks migrations this binary has.
var errNotMigrated = errors.New("the database is older than this sshblog: run sshblog serve once to update it")

// checkMigrated makes sure every embedded migration has been applied.
func checkMigrated(ctx context.Context, db *sql.DB) error {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	var applied int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil {
		return errNotMigrated
	}
	if applied < len(names) {
		return errNotMigrated
	}
	return nil
}
