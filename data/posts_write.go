package data

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// savePostStmts insert a post or update the one with its slug, when
// (:go) holds. The revision is bumped only when something a reader sees has
// changed. A post first appears on this blog when it is saved, or on its
// date if that is later; a draft, or a post whose date has not come,
// appears when it is published or on its new date.
var savePostStmts = statements(
	stmt{sql: `INSERT INTO posts (slug, title, author, published_at, updated_at, summary, body, words, draft, date_only, excerpt, first_seen_at)
		SELECT :slug, :title, :author, :published, :published, :summary, :body, :words, :draft, :date_only, :excerpt, max(:now, :published)
		WHERE ` + seedDecision + `
		ON CONFLICT (slug) DO UPDATE SET
			title = excluded.title, author = excluded.author,
			published_at = excluded.published_at, updated_at = :now,
			summary = excluded.summary, body = excluded.body, words = excluded.words, draft = excluded.draft,
			date_only = excluded.date_only, excerpt = excluded.excerpt,
			first_seen_at = CASE WHEN draft OR first_seen_at > :now THEN excluded.first_seen_at ELSE first_seen_at END,
			revision = revision + 1, unpublished_at = NULL
		WHERE (title, author, published_at, summary, body, draft, date_only, excerpt, unpublished_at IS NOT NULL) IS NOT
		      (excluded.title, excluded.author, excluded.published_at, excluded.summary, excluded.body, excluded.draft,
		       excluded.date_only, excluded.excerpt, 0)`},
	stmt{sql: `DELETE FROM post_tags WHERE post_id = (SELECT id FROM posts WHERE slug = :slug) AND ` + seedDecision},
	stmt{sql: `INSERT OR IGNORE INTO post_tags (post_id, position, tag)
		SELECT p.id, t.key, t.value FROM posts p, json_each(:tags) t WHERE p.slug = :slug AND ` + seedDecision},
)

// seedDecision is true unless the request is seeding a blog that already
// has posts: every posts request decides once, first, in a temporary table
// (decideSeed), as a later statement would see the posts just saved.
const seedDecision = `(SELECT go FROM temp.seed)`

// decideSeed are the statements that make that decision: :seeding is 1 when
// the posts are saved only into an empty blog.
var decideSeed = statements(
	stmt{sql: `CREATE TEMP TABLE IF NOT EXISTS seed (go INTEGER NOT NULL)`},
	stmt{sql: `DELETE FROM temp.seed`},
	stmt{sql: `INSERT INTO temp.seed SELECT NOT :seeding OR NOT EXISTS (SELECT 1 FROM posts)`},
	stmt{sql: `SELECT go FROM temp.seed`, rows: true},
)

// postArgs are the parameters of savePostStmts for p.
func postArgs(p posts.Post, now time.Time) map[string]any {
	tags, _ := json.Marshal(append([]string{}, p.Tags...))
	return map[string]any{
		"slug": p.Slug, "title": p.Title, "author": p.Author, "published": p.Published.Unix(),
		"summary": p.Summary, "body": p.Body, "words": posts.CountWords(p.Body), "draft": p.Draft,
		"date_only": p.DateOnly, "excerpt": p.Excerpt, "now": now.Unix(), "tags": string(tags),
	}
}

// postsChanged logs, for the other nodes' feeds, that posts changed.
func (s *Store) postsChanged(now time.Time) stmt {
	return withArgs(logPostsChange, map[string]any{"sub": newSubmission(), "origin": s.origin, "now": now.Unix()})[0]
}

var logPostsChange = statements(stmt{sql: `INSERT INTO changes (submission, origin, post_slug, at) VALUES (:sub, :origin, '', :now)`, feed: true})

// writePosts runs, in one request, savePostStmts for each post of list
// (only into an empty blog when seeding), then after, then the change log's
// line. The result of decideSeed's last statement says whether it saved.
func (s *Store) writePosts(ctx context.Context, seeding bool, list []posts.Post, after ...stmt) ([]result, error) {
	now := s.Now()
	stmts := withArgs(decideSeed, map[string]any{"seeding": seeding})
	for _, p := range list {
		stmts = append(stmts, withArgs(savePostStmts, postArgs(p, now))...)
	}
	stmts = append(append(stmts, after...), s.postsChanged(now))
	return s.eng.atomic(ctx, stmts)
}

// SavePost inserts a post or updates the one with its slug.
func (s *Store) SavePost(ctx context.Context, p posts.Post) error {
	if _, err := s.writePosts(ctx, false, []posts.Post{p}); err != nil {
		return fmt.Errorf("save post %s: %w", p.Slug, err)
	}
	return nil
}

// SeedIfEmpty saves list when the store has no posts yet, in one request,
// and reports whether it did.
func (s *Store) SeedIfEmpty(ctx context.Context, list []posts.Post) (bool, error) {
	res, err := s.writePosts(ctx, true, list)
	if err != nil {
		return false, fmt.Errorf("seed posts: %w", err)
	}
	var seeded bool
	return seeded, res[len(decideSeed)-1].row().Scan(&seeded)
}

// SyncPosts makes the store's published posts exactly list plus the slugs in
// keep (posts whose file is broken just now: their last good version stays
// up): it saves every post in list and unpublishes every other post. One
// request, so readers never see half a sync.
func (s *Store) SyncPosts(ctx context.Context, list []posts.Post, keep []string) error {
	// Never nil, even for an empty folder: JSON's null would keep every post up.
	all := make([]string, 0, len(keep)+len(list))
	all = append(all, keep...)
	for _, p := range list {
		all = append(all, p.Slug)
	}
	slugs, _ := json.Marshal(all)
	unpublish := withArgs(statements(stmt{sql: `UPDATE posts SET unpublished_at = :now
		WHERE unpublished_at IS NULL AND slug NOT IN (SELECT value FROM json_each(:keep))`}),
		map[string]any{"now": s.Now().Unix(), "keep": string(slugs)})
	_, err := s.writePosts(ctx, false, list, unpublish...)
	return err
}

// Unpublish takes a post down, keeping it and its comments; saving it again
// brings it back. posts.ErrNotFound if no post has the slug.
func (s *Store) Unpublish(ctx context.Context, slug string) error {
	res, err := s.eng.atomic(ctx, append(withArgs(statements(
		stmt{sql: `UPDATE posts SET unpublished_at = coalesce(unpublished_at, :now) WHERE slug = :slug`},
		stmt{sql: `SELECT EXISTS (SELECT 1 FROM posts WHERE slug = :slug)`, rows: true},
	), map[string]any{"now": s.Now().Unix(), "slug": slug}), s.postsChanged(s.Now())))
	if err != nil {
		return fmt.Errorf("unpublish %s: %w", slug, err)
	}
	var found bool
	if err := res[1].row().Scan(&found); err != nil || !found {
		return fmt.Errorf("unpublish %q: %w", slug, errOr(err, posts.ErrNotFound))
	}
	return nil
}
