package data

import (
	"context"
	"database/sql"
	"encoding/json"
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
	due     *time.Timer      // set while a write is due
	closed  bool             // the store is closing: visits are no longer taken
	err     error            // a timed write's failure, not yet told

	writing sync.Mutex // one batch at a time
}

// Visit records that the key with fingerprint came to read at now, and
// returns when it came before; seen is false on a first visit. The visit is
// written within visitDelay, with the others of that second; Close writes
// what still waits. A failure of an earlier timed write is reported here,
// as it has no caller of its own.
func (s *Store) Visit(ctx context.Context, fingerprint string, now time.Time) (last time.Time, seen bool, err error) {
	var stored sql.NullInt64
	if err := s.read.QueryRowContext(ctx, `SELECT last_seen FROM visits WHERE fingerprint = ?`, fingerprint).Scan(&stored); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, fmt.Errorf("visit: %w", err)
	}
	return s.cameAt(fingerprint, now.Unix(), stored)
}

// cameAt queues a visit at unix second at, and returns the one before: a
// visit still waiting to be written, else stored, what the store holds
// (invalid when none). err is an earlier timed write's failure.
func (s *Store) cameAt(fingerprint string, at int64, stored sql.NullInt64) (last time.Time, seen bool, err error) {
	q := &s.visits
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.err != nil {
		err, q.err = fmt.Errorf("writing earlier visits: %w", q.err), nil
	}
	if waiting, ok := q.pending[fingerprint]; ok {
		stored = sql.NullInt64{Int64: waiting, Valid: true}
	}
	if stored.Valid {
		last, seen = time.Unix(stored.Int64, 0), true
	}
	if q.closed {
		return last, seen, err
	}
	if q.pending == nil {
		q.pending = map[string]int64{}
	}
	q.pending[fingerprint] = max(q.pending[fingerprint], at)
	if q.due == nil {
		q.due = time.AfterFunc(visitDelay, s.writeDueVisits)
	}
	return last, seen, err
}

// writeDueVisits is the timer's: it writes the visits waiting, and sets the
// timer again for those that came meanwhile.
func (s *Store) writeDueVisits() {
	q := &s.visits
	q.writing.Lock()
	defer q.writing.Unlock()
	q.mu.Lock()
	closed := q.closed
	q.mu.Unlock()
	if closed {
		return // Close wrote them
	}
	err := s.writeVisits()
	q.mu.Lock()
	defer q.mu.Unlock()
	if err != nil && q.err == nil {
		q.err = err
	}
	q.due = nil
	if len(q.pending) > 0 && !q.closed {
		q.due = time.AfterFunc(visitDelay, s.writeDueVisits)
	}
}

// closeVisits takes no more visits and writes those waiting, after any
// write under way.
func (s *Store) closeVisits() error {
	q := &s.visits
	q.mu.Lock()
	q.closed = true
	if q.due != nil {
		q.due.Stop()
	}
	q.mu.Unlock()
	q.writing.Lock()
	defer q.writing.Unlock()
	return s.writeVisits()
}

// saveVisits writes a batch, a JSON object of fingerprint → unix seconds, in
// one statement, as SavePositions does.
var saveVisits = statements(stmt{sql: `INSERT INTO visits (fingerprint, last_seen)
	SELECT key, value FROM json_each(:batch) WHERE true
	ON CONFLICT (fingerprint) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`})

// writeVisits writes the visits waiting, in one request; the caller
// holds writing. Visits that come during the write wait for the next; a
// failed write drops its batch (the marks of what is new are a nicety).
func (s *Store) writeVisits() error {
	q := &s.visits
	q.mu.Lock()
	batch := maps.Clone(q.pending)
	q.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	list, err := json.Marshal(batch)
	if err == nil {
		_, err = s.eng.atomic(context.Background(), withArgs(saveVisits, map[string]any{"batch": string(list)}))
	}
	q.mu.Lock()
	for fingerprint, at := range batch {
		if q.pending[fingerprint] == at {
			delete(q.pending, fingerprint)
		}
	}
	q.mu.Unlock()
	if err != nil {
		return fmt.Errorf("write %d visits: %w", len(batch), err)
	}
	return nil
}
