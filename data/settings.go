package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
)

// InstallID is this install's random id, made the first time it is asked
// for and kept in the database, so every node of a cluster and every restart
// give the same one. Whoever asks first wins: the insert is ignored when an
// id is already there, and the id returned is the one stored.
func (s *Store) InstallID(ctx context.Context) (string, error) {
	fresh := rand.Text()
	var id string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO settings (key, value) VALUES ('install_id', ?)`, fresh); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'install_id'`).Scan(&id)
	})
	if err != nil {
		return "", fmt.Errorf("install id: %w", err)
	}
	return id, nil
}
