package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
)

// claimInstallID stores :id unless an id is there already, and reads back
// the one stored, in one request.
var claimInstallID = statements(
	stmt{sql: `INSERT OR IGNORE INTO settings (key, value) VALUES ('install_id', :id)`},
	stmt{sql: `SELECT value FROM settings WHERE key = 'install_id'`, rows: true},
)

// InstallID is this install's random id, made the first time it is asked
// for and kept in the database, so every node of a cluster and every restart
// give the same one. Whoever asks first wins: the insert is ignored when an
// id is already there, and the id returned is the one stored. Once made it
// is only read, so a read-only store (the web process's) has it too.
func (s *Store) InstallID(ctx context.Context) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'install_id'`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("install id: %w", err)
	}
	res, err := s.eng.atomic(ctx, withArgs(claimInstallID, map[string]any{"id": rand.Text()}))
	if err == nil {
		err = res[len(res)-1].row().Scan(&id)
	}
	if err != nil {
		return "", fmt.Errorf("install id: %w", err)
	}
	return id, nil
}
