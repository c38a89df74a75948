package data

import (
	"context"
	"database/sql"
	"errors"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"

	"github.com/sshblog/sshblog/posts"
)

// diskState follows the writer through a full disk: each refused write is
// reported, and the first write that succeeds after one truncates the WAL,
// which grew while the disk filled, so the space it held comes back.
type diskState struct {
	wasFull atomic.Bool
	report  atomic.Pointer[func(error)]
}

// OnDiskFull has the store call report with each write a full disk
// refused (for the metrics and the log). Set it before serving.
func (s *Store) OnDiskFull(report func(error)) { s.disk.report.Store(&report) }

// fullError is a write SQLite refused for want of space: it is
// posts.ErrDiskFull and still the driver's error.
type fullError struct{ err error }

func (e fullError) Error() string   { return "the disk is full: " + e.err.Error() }
func (e fullError) Unwrap() []error { return []error{posts.ErrDiskFull, e.err} }

// afterWrite marks err as a full disk when it is one, and reports it; after
// a success that follows one, it checkpoints and truncates the WAL.
func (d *diskState) afterWrite(ctx context.Context, db *sql.DB, err error) error {
	if isFull(err) {
		d.wasFull.Store(true)
		err = markFull(err)
		if report := d.report.Load(); report != nil {
			(*report)(err)
		}
		return err
	}
	if err == nil && d.wasFull.CompareAndSwap(true, false) {
		// Best effort: a checkpoint that cannot run now runs with a later one.
		db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return err
}

// isFull says err is SQLite's SQLITE_FULL or a file write's ENOSPC.
func isFull(err error) bool {
	var sqlErr sqlite3.Error
	return err != nil && (errors.As(err, &sqlErr) && sqlErr.Code == sqlite3.ErrFull || posts.IsDiskFull(err))
}

// markFull makes a full disk's err a posts.ErrDiskFull; others pass as they are.
func markFull(err error) error {
	if isFull(err) && !errors.Is(err, posts.ErrDiskFull) {
		return fullError{err}
	}
	return err
}
