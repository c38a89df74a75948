package data

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// PruneVisitors deletes the visits last seen before cutoff of keys that have
// nothing else here: no identity (a name, a comment or a ban makes one, and
// every comment author and moderation target has one), and no action as an
// admin in the moderation log. Such a row only says that a key once came.
func (s *Store) PruneVisitors(ctx context.Context, cutoff time.Time) (pruned int64, err error) {
	res, err := s.eng.atomic(ctx, withArgs(pruneVisitors, map[string]any{"cutoff": cutoff.Unix()}))
	if err != nil {
		return 0, fmt.Errorf("prune visitors: %w", err)
	}
	err = res[0].row().Scan(&pruned)
	return pruned, err
}

// prunable are the visits PruneVisitors deletes, which it counts first in
// the same request.
const prunable = ` FROM visits WHERE last_seen < :cutoff
	AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.fingerprint = visits.fingerprint)
	AND NOT EXISTS (SELECT 1 FROM moderation_log m WHERE m.admin = visits.fingerprint)`

var pruneVisitors = statements(
	stmt{sql: `SELECT COUNT(*)` + prunable, rows: true},
	stmt{sql: `DELETE` + prunable},
)

// changesKept is how long the change log keeps a line, and answers an
// answer: far longer than any node's feed lags or a request is sent again
// (unclearRetry), short enough to stay small.
const changesKept = 24 * time.Hour

// PruneChanges deletes the change log's lines, and the answers kept for
// requests sent again (decideOnce), older than changesKept.
func (s *Store) PruneChanges(ctx context.Context) error {
	_, err := s.eng.atomic(ctx, withArgs(pruneChanges, map[string]any{"before": s.Now().Add(-changesKept).Unix()}))
	if err != nil {
		return fmt.Errorf("prune the change log: %w", err)
	}
	return nil
}

var pruneChanges = statements(
	stmt{sql: `DELETE FROM changes WHERE at < :before`},
	stmt{sql: `DELETE FROM answers WHERE at < :before`},
)

// pruneEvery is how often the sweep runs.
const pruneEvery = 24 * time.Hour

// SweepDaily, now and then once a day until ctx ends, forgets the addresses
// past their retention and prunes the visitors last seen more than keep ago
// (none when keep is 0); report is told how each sweep went. It is the one
// sweep of the whole server. A sweep, once due, runs to its end; none
// starts after ctx ends.
func (s *Store) SweepDaily(ctx context.Context, keep time.Duration, report func(pruned int64, err error)) {
	tick := time.NewTicker(pruneEvery)
	defer tick.Stop()
	for {
		report(s.sweep(context.WithoutCancel(ctx), keep))
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Store) sweep(ctx context.Context, keep time.Duration) (int64, error) {
	if err := errors.Join(s.ForgetAddresses(ctx), s.PruneChanges(ctx)); err != nil || keep == 0 {
		return 0, err
	}
	return s.PruneVisitors(ctx, s.Now().Add(-keep))
}
