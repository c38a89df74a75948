package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Visit records that the key with fingerprint came to read at now, and
// returns when it came before; seen is false on a first visit.
func (s *Store) Visit(ctx context.Context, fingerprint string, now time.Time) (last time.Time, seen bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var at int64
		switch err := tx.QueryRowContext(ctx, `SELECT last_seen FROM visits WHERE fingerprint = ?`, fingerprint).Scan(&at); {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			last, seen = time.Unix(at, 0), true
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO visits (fingerprint, last_seen) VALUES (?, ?)
			ON CONFLICT (fingerprint) DO UPDATE SET last_seen = excluded.last_seen`, fingerprint, now.Unix())
		return err
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("visit: %w", err)
	}
	return last, seen, nil
}
