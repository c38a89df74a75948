package data

import (
	"context"
	"fmt"
	"time"
)

// PruneVisitors deletes the visits last seen before cutoff of keys that have
// nothing else here: no identity (a name, a comment or a ban makes one, and
// every comment author and moderation target has one), and no action as an
// admin in the moderation log. Such a row only says that a key once came.
func (s *Store) PruneVisitors(ctx context.Context, cutoff time.Time) (pruned int64, err error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM visits WHERE last_seen < ?
		AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.fingerprint = visits.fingerprint)
		AND NOT EXISTS (SELECT 1 FROM moderation_log m WHERE m.admin = visits.fingerprint)`,
		cutoff.Unix())
	if err != nil {
		return 0, fmt.Errorf("prune visitors: %w", err)
	}
	return res.RowsAffected()
}

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
	if err := s.ForgetAddresses(ctx); err != nil || keep == 0 {
		return 0, err
	}
	return s.PruneVisitors(ctx, s.Now().Add(-keep))
}
