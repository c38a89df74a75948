package data

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// saveAt saves p as if the clock read now.
func saveAt(t *testing.T, s *Store, p posts.Post, now time.Time) {
	t.Helper()
	clock := s.Now
	defer func() { s.Now = clock }()
	s.Now = func() time.Time { return now }
	if err := s.SavePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func firstSeen(t *testing.T, s *Store, slug string) time.Time {
	t.Helper()
	p, err := s.Post(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return p.FirstSeen
}

// TestFirstSeenIsWhenThePostAppeared checks that a post is new from when it
// reached this blog, not from its front-matter date: an old date saved today
// appeared today, a future date appears on it, an edit changes nothing, and
// a draft appears when it is published.
func TestFirstSeenIsWhenThePostAppeared(t *testing.T) {
	s, _ := openTestStore(t)
	today := time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)
	midnight := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

	dated := samplePost("dated-today", midnight)
	dated.DateOnly = true
	saveAt(t, s, dated, today)
	if got := firstSeen(t, s, "dated-today"); !got.Equal(today) {
		t.Errorf("a post dated today's midnight, saved at %v, first seen %v", today, got)
	}
	if p, _ := s.Post(context.Background(), "dated-today"); !p.DateOnly {
		t.Error("the store lost that the date is a day")
	}

	old := samplePost("old", time.Date(2022, 7, 18, 0, 0, 0, 0, time.UTC))
	saveAt(t, s, old, today)
	old.Body = "Edited"
	saveAt(t, s, old, today.Add(48*time.Hour))
	if got := firstSeen(t, s, "old"); !got.Equal(today) {
		t.Errorf("an edited post first seen %v, want %v when it was first saved", got, today)
	}

	scheduled := samplePost("scheduled", today.Add(time.Hour))
	saveAt(t, s, scheduled, today)
	scheduled.Published = today.Add(3 * time.Hour) // moved before it came out
	saveAt(t, s, scheduled, today.Add(30*time.Minute))
	if got := firstSeen(t, s, "scheduled"); !got.Equal(today.Add(3 * time.Hour)) {
		t.Errorf("a scheduled post first seen %v, want its new date", got)
	}

	draft := samplePost("draft", midnight)
	draft.Draft = true
	saveAt(t, s, draft, today)
	draft.Draft = false
	saveAt(t, s, draft, today.Add(5*time.Hour))
	if got := firstSeen(t, s, "draft"); !got.Equal(today.Add(5 * time.Hour)) {
		t.Errorf("a draft published at %v first seen %v", today.Add(5*time.Hour), got)
	}
}

// TestFirstSeenBackfill runs migration 8 on a database that had posts
// before it: each gets the later of its date and the database's creation,
// never the time of the upgrade, so no old post turns new.
func TestFirstSeenBackfill(t *testing.T) {
	s, path := openTestStore(t)
	ctx := context.Background()
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	before := samplePost("before", time.Date(2022, 7, 18, 0, 0, 0, 0, time.UTC))
	after := samplePost("after", time.Date(2025, 1, 2, 9, 30, 0, 0, time.UTC))
	saveAt(t, s, before, created)
	saveAt(t, s, after, created)
	// Back to the schema before migration 8, created at `created`.
	for _, q := range []string{
		`ALTER TABLE posts DROP COLUMN first_seen_at`, `ALTER TABLE posts DROP COLUMN date_only`, `ALTER TABLE posts DROP COLUMN excerpt`,
		`DELETE FROM schema_migrations WHERE version = 8`,
		`UPDATE schema_migrations SET applied_at = ` + strconv.FormatInt(created.Unix(), 10) + ` WHERE version = 1`,
	} {
		execSQL(t, s, q, nil)
	}
	s.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := firstSeen(t, s, "before"); !got.Equal(created) {
		t.Errorf("a post dated before the blog began first seen %v, want the blog's start %v", got, created)
	}
	if got := firstSeen(t, s, "after"); !got.Equal(after.Published) {
		t.Errorf("a post dated after the blog began first seen %v, want its date %v", got, after.Published)
	}
	if p, _ := s.Post(ctx, "before"); !p.DateOnly {
		t.Error("a midnight date was not taken for a day")
	}
}
