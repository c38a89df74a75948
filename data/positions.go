package data

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// Positions are identity's places in the posts, by slug.
func (s *Store) Positions(ctx context.Context, identity string) (map[string]float64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT slug, fraction FROM reading_positions WHERE identity = ?`, identity)
	if err != nil {
		return nil, fmt.Errorf("positions of %s: %w", identity, err)
	}
	defer rows.Close()
	at := map[string]float64{}
	for rows.Next() {
		var slug string
		var f float64
		if err := rows.Scan(&slug, &f); err != nil {
			return nil, fmt.Errorf("positions of %s: %w", identity, err)
		}
		at[slug] = f
	}
	return at, rows.Err()
}

// SavePositions writes a batch of positions in one request; a position
// older than the one stored loses.
func (s *Store) SavePositions(ctx context.Context, batch []posts.Position) error {
	if len(batch) == 0 {
		return nil
	}
	type row struct {
		Identity string  `json:"i"`
		Slug     string  `json:"s"`
		Fraction float64 `json:"f"`
		At       int64   `json:"a"`
	}
	rows := make([]row, len(batch))
	for i, p := range batch {
		rows[i] = row{p.Identity, p.Slug, p.Fraction, p.At.Unix()}
	}
	list, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	_, err = s.eng.atomic(ctx, withArgs(savePositions, map[string]any{"batch": string(list)}))
	return err
}

var savePositions = statements(stmt{sql: `INSERT INTO reading_positions (identity, slug, fraction, at)
	SELECT json_extract(value, '$.i'), json_extract(value, '$.s'), json_extract(value, '$.f'), json_extract(value, '$.a')
	FROM json_each(:batch) WHERE true
	ON CONFLICT (identity, slug) DO UPDATE SET fraction = excluded.fraction, at = excluded.at
	WHERE excluded.at >= reading_positions.at`})

// NewCommentsOn counts, for each post identity commented under, the
// others' comments posted since (unix seconds).
func (s *Store) NewCommentsOn(ctx context.Context, identity string, since time.Time) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.slug, COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id
		WHERE c.post_id IN (SELECT post_id FROM comments WHERE author = ?) AND c.author <> ? AND c.created_at >= ?
		AND c.deleted_at IS NULL AND c.hidden_at IS NULL GROUP BY p.slug`, identity, identity, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("new comments for %s: %w", identity, err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var slug string
		var n int
		if err := rows.Scan(&slug, &n); err != nil {
			return nil, err
		}
		counts[slug] = n
	}
	return counts, rows.Err()
}
