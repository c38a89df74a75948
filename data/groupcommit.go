package data

import (
	"context"
	"database/sql"
)

// Group commit: with synchronous=FULL each commit waits for an fsync, so
// writes that arrive while one commits wait, and the next commit takes them
// all, in one immediate transaction, each in a savepoint of its own (one
// that fails is rolled back alone), with one COMMIT and so one fsync.
//
// There is no writer goroutine: the caller that finds the writer idle
// commits its write itself (with any that came meanwhile), so one writer at
// a time pays nothing for grouping; when done, it hands the writer to the
// first caller still waiting, who commits everything that waits by then.

// request is one caller's write, and then its answer.
type request struct {
	stmts   []stmt
	results []result
	err     error
	state   requestState  // under the engine's mu
	wake    chan struct{} // closed once answered, or told to lead
}

type requestState uint8

const (
	waiting requestState = iota
	toLead               // woken to commit the next batch
	started              // in a batch: it will be answered
)

// atomic runs stmts in the next commit. A caller whose ctx ends while the
// write waits gets ctx.Err() and the write is not made; once it has started
// it is finished and answered, as a disconnecting reader must never roll
// back the writes that share its transaction.
func (e *sqliteEngine) atomic(ctx context.Context, stmts []stmt) ([]result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &request{stmts: stmts, wake: make(chan struct{})}
	e.mu.Lock()
	e.pending = append(e.pending, r)
	if !e.leading {
		e.leading = true
		e.mu.Unlock()
		e.lead(r)
		return r.results, r.err
	}
	e.mu.Unlock()
	select {
	case <-r.wake:
	case <-ctx.Done():
		if e.withdraw(r) {
			return nil, ctx.Err()
		}
		<-r.wake
	}
	if r.state == toLead { // set before wake was closed
		e.lead(r)
	}
	return r.results, r.err
}

// withdraw takes r out of the queue if it has not started.
func (e *sqliteEngine) withdraw(r *request) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if r.state != waiting {
		return false
	}
	for i, p := range e.pending {
		if p == r {
			e.pending = append(e.pending[:i], e.pending[i+1:]...)
			break
		}
	}
	return true
}

// lead commits every waiting write, me among them, answers the others, and
// hands the writer on to the first that came meanwhile.
func (e *sqliteEngine) lead(me *request) {
	// The batch is taken once the transaction has begun: whatever arrived
	// while the writer connection or SQLite's lock was busy goes with it.
	tx, err := e.write.BeginTx(context.Background(), nil)
	e.mu.Lock()
	batch := e.pending
	e.pending = nil
	for _, r := range batch {
		r.state = started
	}
	e.mu.Unlock()

	if err == nil {
		err = commitBatch(tx, batch)
	}
	for _, r := range batch {
		if r.err == nil && err != nil {
			r.results, r.err = nil, err
		}
		r.err = e.disk.afterWrite(context.Background(), e.write, r.err)
	}

	e.mu.Lock()
	if len(e.pending) == 0 {
		e.leading = false
	} else {
		next := e.pending[0]
		next.state = toLead
		close(next.wake)
	}
	e.mu.Unlock()
	for _, r := range batch {
		if r != me {
			close(r.wake)
		}
	}
}

// commitBatch runs each request of batch in tx and commits. A request's
// own failure is its err, its writes undone; the error returned is one that
// undid the whole batch.
func commitBatch(tx *sql.Tx, batch []*request) error {
	if len(batch) == 1 { // alone, its transaction is its savepoint
		r := batch[0]
		if r.results, r.err = run(tx, r.stmts); r.err != nil {
			tx.Rollback()
			return nil
		}
		return tx.Commit()
	}
	for _, r := range batch {
		if _, err := tx.Exec(`SAVEPOINT member`); err != nil {
			tx.Rollback()
			return err
		}
		end := []string{`RELEASE member`}
		if r.results, r.err = run(tx, r.stmts); r.err != nil {
			end = []string{`ROLLBACK TO member`, `RELEASE member`}
		}
		for _, sqlText := range end {
			if _, err := tx.Exec(sqlText); err != nil {
				// SQLite rolled the transaction back itself (it does on a
				// full disk or an I/O error): no write of the batch is made.
				tx.Rollback()
				if r.err != nil {
					return r.err
				}
				return err
			}
		}
	}
	return tx.Commit()
}
