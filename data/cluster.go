package data

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"time"
)

// OpenRqlite opens the store on an rqlite cluster and applies, once for the
// whole cluster, any migrations it has not seen. Reads go to the first
// reachable node of cfg (the local one first) and may be a moment stale,
// except right after this node wrote; writes are one request each, which
// rqlite forwards to the leader.
func OpenRqlite(ctx context.Context, cfg RqliteConfig) (*Store, error) {
	return openRqlite(ctx, cfg, func(s *Store) error { return s.migrate(ctx) })
}

// OpenRqliteToRead opens the store on an rqlite cluster for a process that
// only reads (the web's): it checks with a read that every migration is
// applied, and so needs no leader, as applying them does.
func OpenRqliteToRead(ctx context.Context, cfg RqliteConfig) (*Store, error) {
	return openRqlite(ctx, cfg, func(s *Store) error { return checkMigrated(ctx, s.read) })
}

func openRqlite(ctx context.Context, cfg RqliteConfig, migrated func(*Store) error) (*Store, error) {
	e, err := newRqliteEngine(cfg)
	if err != nil {
		return nil, err
	}
	read := sql.OpenDB(rqliteConnector{e})
	read.SetMaxOpenConns(4 * max(4, runtime.NumCPU()))
	s := &Store{Now: time.Now, read: read, eng: e, origin: newSubmission()}
	if err := migrated(s); err != nil {
		read.Close()
		return nil, fmt.Errorf("open %s: %w", cfg, err)
	}
	// The feed tells of what changes from now on.
	if err := read.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM changes`).Scan(&s.changesSeen); err != nil {
		read.Close()
		return nil, fmt.Errorf("open %s: %w", cfg, err)
	}
	return s, nil
}
