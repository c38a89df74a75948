package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sshblog/sshblog/posts"
)

// Settings are identity's preferences; the defaults when it set none.
func (s *Store) Settings(ctx context.Context, identity string) (posts.Settings, error) {
	st := posts.DefaultSettings
	err := s.read.QueryRowContext(ctx, `SELECT theme, width, plain, bell FROM identity_settings WHERE identity = ?`, identity).
		Scan(&st.Theme, &st.Width, &st.Plain, &st.Bell)
	if errors.Is(err, sql.ErrNoRows) {
		return posts.DefaultSettings, nil
	}
	if err != nil {
		return st, fmt.Errorf("settings of %s: %w", identity, err)
	}
	return st, nil
}

// SaveSettings keeps identity's preferences.
func (s *Store) SaveSettings(ctx context.Context, identity string, st posts.Settings) error {
	_, err := s.eng.atomic(ctx, withArgs(saveSettings, map[string]any{
		"id": identity, "theme": st.Theme, "width": st.Width, "plain": st.Plain, "bell": st.Bell}))
	return err
}

var saveSettings = statements(stmt{sql: `INSERT INTO identity_settings (identity, theme, width, plain, bell)
	VALUES (:id, :theme, :width, :plain, :bell)
	ON CONFLICT (identity) DO UPDATE SET theme = excluded.theme, width = excluded.width, plain = excluded.plain, bell = excluded.bell`})
