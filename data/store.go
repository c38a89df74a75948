// Package data is the store behind sshblog: the embedded migrations,
// the queries for posts, uploads, comments, identities, visits, addresses,
// bans and the moderation log, full-text search, a read-only opening for
// `sshblog tui`, visitor pruning, and backup and integrity checks. It
// satisfies the storage interfaces package blog declares and knows nothing of
// SSH or terminals.
//
// The SQL is written once for two engines (engine.go): SQLite in this
// process (Open), or an rqlite cluster over HTTP (OpenRqlite), whose
// per-node change feed (feed.go) carries other nodes' changes. Every write
// is one atomic request whose checks are inside its statements
// (decision.go); reads go through a *sql.DB on either engine.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// Store is the blog's database: one writer connection, so writes queue in Go
// rather than fight over SQLite's lock, and a pool of readers, which WAL lets
// run beside the writer.
//
// The writer runs with synchronous=FULL (see writerSynchronous): a commit is
// reported done only once it is fsynced, so an OS crash or a power cut loses
// nothing a reader was told was saved.
type Store struct {
	// Now is the store's clock: it dates what is written and decides which
	// posts are out yet. Open sets time.Now; tests fix it before use.
	Now func() time.Time

	read   *sql.DB
	eng    engine
	visits visitQueue
	disk   diskState // a full disk's refusals, and the clean-up once space is back
	// origin names this process in the change log, whose other readers
	// are the other nodes' feeds.
	origin string
	// changesSeen is the change log's last line when the store was opened:
	// the feed tells of those after it.
	changesSeen int64
}

// busyTimeoutMS is how long a connection waits for a lock before SQLITE_BUSY.
const busyTimeoutMS = 5000

// Open opens (creating if needed) the database at path and applies any
// migrations it has not seen.
func Open(path string) (*Store, error) {
	params := url.Values{
		"_busy_timeout": {fmt.Sprint(busyTimeoutMS)},
		"_foreign_keys": {"on"},
		"_journal_mode": {"WAL"},
		"_synchronous":  {writerSynchronous},
		// Each connection keeps its prepared statements: the same few
		// queries run again and again, and preparing was a fifth of the cost
		// of adding a comment.
		"_stmt_cache_size": {"64"},
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	writeParams := url.Values{"_txlock": {"immediate"}}
	for k, v := range params {
		writeParams[k] = v
	}
	write, err := sql.Open("sqlite3", "file:"+path+"?"+writeParams.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	// Keep the one writer open: reopening it would re-run the pragmas.
	write.SetConnMaxIdleTime(0)
	// A write's decision (decision.go) goes in a temporary table: in memory,
	// not in a temporary file with a journal of its own.
	if _, err := write.Exec(`PRAGMA temp_store = MEMORY`); err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{Now: time.Now, origin: newSubmission()}
	s.eng = &sqliteEngine{write: write, disk: &s.disk}
	if err := s.migrate(context.Background()); err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	params.Set("mode", "ro")
	read, err := sql.Open("sqlite3", "file:"+path+"?"+params.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	s.read = read
	return s, nil
}

// Close writes the visits still waiting and closes both connection pools.
func (s *Store) Close() error {
	verr := s.closeVisits()
	rerr := s.read.Close()
	return errors.Join(verr, s.eng.close(), rerr)
}
