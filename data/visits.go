package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"
)

// visitDelay is how long visits wait to be written together. Every reader
// with a key records one as they arrive; a write transaction each would
// take the one writer a hundred times a second under a rush of readers,
// ahead of the comments waiting for it.
const visitDelay = time.Second

// visitQueue holds visits not yet written. One timer runs while any wait,
// none when none do.
type visitQueue struct {
	mu      sync.Mutex
	pending map[string]int64 // fingerprint → unix seconds of the visit
	timer   *time.Timer      // set while a write is due
	writing sync.WaitGroup   // a write due or under way
	err     error            // the last write's failure, told once
}

// Visit records that the key with fingerprint came to read at now, and
// returns when it came before; seen is false on a first visit. The visit is
// written within visitDelay, with the others of that second; Close writes
// what still waits.
func (s *Store) Visit(ctx context.Context, fingerprint string, now time.Time) (last time.Time, seen bool, err error) {
	q := &s.visits
	q.mu.Lock()
	at, waiting := q.pending[fingerprint]
	werr := q.err
	q.err = nil
	if waiting {
		q.pending[fingerprint] = now.Unix()
	}
	q.mu.Unlock()
	if werr != nil {
		err = fmt.Errorf("writing visits: %w", werr)
	}
	if waiting {
		return time.Unix(at, 0), true, err
	}
	switch rerr := s.read.QueryRowContext(ctx, `SELECT last_seen FROM visits WHERE fingerprint = ?`, fingerprint).Scan(&at); {
	case errors.Is(rerr, sql.ErrNoRows):
	case rerr != nil:
		return time.Time{}, false, fmt.Errorf("visit: %w", rerr)
	default:
		last, seen = time.Unix(at, 0), true
	}
	s.queueVisit(fingerprint, now.Unix())
	return last, seen, err
}

// queueVisit adds a visit to the next write, starting its timer if none runs.
func (s *Store) queueVisit(fingerprint string, at int64) {
	q := &s.visits
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == nil {
		q.pending = map[string]int64{}
	}
	q.pending[fingerprint] = max(q.pending[fingerprint], at)
	if q.timer == nil {
		q.writing.Add(1)
		q.timer = time.AfterFunc(visitDelay, s.writeVisits)
	}
}

// writeVisits writes the visits waiting, in one transaction.
func (s *Store) writeVisits() {
	q := &s.visits
	defer q.writing.Done()
	q.mu.Lock()
	batch := maps.Clone(q.pending)
	q.mu.Unlock()
	err := s.inTx(context.Background(), func(tx *sql.Tx) error {
		for fingerprint, at := range batch {
			if _, err := tx.Exec(`INSERT INTO visits (fingerprint, last_seen) VALUES (?, ?)
				ON CONFLICT (fingerprint) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`, fingerprint, at); err != nil {
				return err
			}
		}
		return nil
	})
	q.mu.Lock()
	defer q.mu.Unlock()
	// Visits that came during the write wait for the next; a failed write
	// drops its batch (the marks of what is new are a nicety) and is told.
	for fingerprint, at := range batch {
		if q.pending[fingerprint] == at {
			delete(q.pending, fingerprint)
		}
	}
	q.err = err
	q.timer = nil
	if len(q.pending) > 0 {
		q.writing.Add(1)
		q.timer = time.AfterFunc(visitDelay, s.writeVisits)
	}
}

// flushVisits writes the visits waiting now rather than when due, and waits
// for any write under way.
func (s *Store) flushVisits() {
	q := &s.visits
	q.mu.Lock()
	due := q.timer != nil && q.timer.Stop()
	q.mu.Unlock()
	if due {
		s.writeVisits()
	}
	q.writing.Wait()
}
