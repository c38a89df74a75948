package data

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// openTestStore opens a real database file in a fresh temp dir, or, inside
// TestStoreOnRqlite, a fresh database on its rqlite node (path "").
func openTestStore(tb testing.TB) (*Store, string) {
	tb.Helper()
	if onRqlite != nil {
		return openRqliteTestStore(tb), ""
	}
	path := filepath.Join(tb.TempDir(), "blog.db")
	s, err := Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

// execSQL runs sqlText, its parameters named in args, as the store writes:
// one atomic request, on either engine. Tests set up with it what no store
// method writes. Without args, text such as 'SHA256:x' is no parameter.
func execSQL(tb testing.TB, s *Store, sqlText string, args map[string]any) {
	tb.Helper()
	stmts := []stmt{{sql: sqlText}}
	if args != nil {
		stmts = withArgs(statements(stmts...), args)
	}
	if _, err := s.eng.atomic(context.Background(), stmts); err != nil {
		tb.Fatalf("%s: %v", sqlText, err)
	}
}

// writerPragma is PRAGMA name as the store's writes see it.
func writerPragma(tb testing.TB, s *Store, name string) valuesRow {
	tb.Helper()
	res, err := s.eng.atomic(context.Background(), statements(stmt{sql: `PRAGMA ` + name, rows: true}))
	if err != nil {
		tb.Fatalf("PRAGMA %s: %v", name, err)
	}
	return res[0].row()
}

func samplePost(slug string, published time.Time) posts.Post {
	return posts.Post{Slug: slug, Title: "Title " + slug, Author: "Ann", Published: published,
		Summary: "about " + slug, Body: "Body of " + slug, Tags: []string{"b", "a"}}
}

func TestMigrationsApplyOnceAndSettingsHold(t *testing.T) {
	s, path := openTestStore(t)
	var mode string
	if err := writerPragma(t, s, "journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	var fk int
	if err := writerPragma(t, s, "foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys = %d, %v", fk, err)
	}
	s.Close()

	again, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer again.Close()
	var n int
	if err := again.read.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	if n != len(names) {
		t.Errorf("%d migrations recorded, %d embedded", n, len(names))
	}
}

// Migrations are dated by the store's clock, as its other writes are: the
// first one's date is when the blog began, which migration 0008 reads.
func TestMigrationsAreDatedByTheStoresClock(t *testing.T) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	began := time.Date(2020, 5, 1, 12, 0, 0, 0, time.UTC)
	s := &Store{Now: func() time.Time { return began }}
	s.eng = &sqliteEngine{write: db, disk: &s.disk}
	if err := s.migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, err := s.eng.atomic(context.Background(), statements(stmt{sql: `SELECT MIN(applied_at), MAX(applied_at) FROM schema_migrations`, rows: true}))
	if err != nil {
		t.Fatal(err)
	}
	var first, last int64
	if err := res[0].row().Scan(&first, &last); err != nil || first != began.Unix() || last != began.Unix() {
		t.Errorf("migrations dated %v to %v (%v), want %v", time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC(), err, began)
	}
}

func TestOpenUnwritablePathFails(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing", "dir", "blog.db")); err == nil {
		t.Fatal("opening a database in a missing directory succeeded")
	}
}

func TestSaveListAndGet(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	old := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range []posts.Post{
		samplePost("older", old),
		samplePost("newer", old.Add(48*time.Hour)),
		func() posts.Post { p := samplePost("draft", old); p.Draft = true; return p }(),
		samplePost("future", time.Now().Add(time.Hour)),
	} {
		if err := s.SavePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.ListPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Slug != "newer" || list[1].Slug != "older" {
		t.Fatalf("list = %+v, want newer then older (no draft, no future post)", list)
	}
	if list[0].Body != "" {
		t.Error("listing carries bodies")
	}
	if got := list[0].Tags; len(got) != 2 || got[0] != "b" || got[1] != "a" {
		t.Errorf("tags = %v, want in their written order", got)
	}
	p, err := s.Post(ctx, "older")
	if err != nil {
		t.Fatal(err)
	}
	if p.Body != "Body of older" || !p.Published.Equal(old) || p.Revision != 1 {
		t.Errorf("post = %+v", p)
	}
	if _, err := s.Post(ctx, "nope"); !errors.Is(err, posts.ErrNotFound) {
		t.Errorf("missing post: err = %v, want ErrNotFound", err)
	}
}

func TestRevisionChangesOnlyWithContent(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	p := samplePost("a", time.Now().Add(-time.Hour))
	for i := 0; i < 2; i++ {
		if err := s.SavePost(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := s.Post(ctx, "a")
	if got.Revision != 1 {
		t.Errorf("saving the same post twice bumped the revision to %d", got.Revision)
	}
	p.Body = "changed"
	p.Tags = []string{"c"}
	if err := s.SavePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Post(ctx, "a")
	if got.Revision != 2 || got.Body != "changed" || len(got.Tags) != 1 || got.Tags[0] != "c" {
		t.Errorf("after an edit: %+v", got)
	}
}

func TestSeedIfEmpty(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	sample, err := posts.Sample()
	if err != nil {
		t.Fatal(err)
	}
	seeded, err := s.SeedIfEmpty(ctx, sample)
	if err != nil || !seeded {
		t.Fatalf("first seed: %v, %v", seeded, err)
	}
	seeded, err = s.SeedIfEmpty(ctx, sample[:1])
	if err != nil || seeded {
		t.Fatalf("second seed ran: %v, %v", seeded, err)
	}
	list, err := s.ListPosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(sample) || list[0].Title != sample[0].Title {
		t.Fatalf("listed %d posts, first %q", len(list), list[0].Title)
	}
}

// A folder emptied of its files unpublishes every post, none kept.
func TestSyncOfNoPostsUnpublishesAll(t *testing.T) {
	s := storeWithPost(t)
	ctx := context.Background()
	if err := s.SyncPosts(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if list, err := s.ListPosts(ctx); err != nil || len(list) != 0 {
		t.Fatalf("after syncing no posts, %d still listed: %v", len(list), err)
	}
}

func TestVisitRemembersTheLastOne(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, seen, err := s.Visit(ctx, "SHA256:a", first); err != nil || seen {
		t.Fatalf("first visit: seen %v, %v", seen, err)
	}
	last, seen, err := s.Visit(ctx, "SHA256:a", first.Add(time.Hour))
	if err != nil || !seen || !last.Equal(first) {
		t.Fatalf("second visit: last %v, seen %v, %v", last, seen, err)
	}
	if _, seen, _ := s.Visit(ctx, "SHA256:b", first); seen {
		t.Error("another key shares the first key's visits")
	}
}

// Visits are written in batches: by their timer, visitDelay after the
// first, or by Close. One waiting reads the same as one written, and none
// are taken after Close. The timer runs on synctest's clock.
func TestVisitsOutliveTheirBatch(t *testing.T) {
	synctest.Test(t, testVisitsOutliveTheirBatch)
}

func testVisitsOutliveTheirBatch(t *testing.T) {
	s, path := openTestStore(t)
	ctx := context.Background()
	first := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	stored := func(st *Store, fingerprint string) int64 {
		t.Helper()
		var at int64
		switch err := st.read.QueryRow(`SELECT last_seen FROM visits WHERE fingerprint = ?`, fingerprint).Scan(&at); {
		case errors.Is(err, sql.ErrNoRows):
			return 0
		case err != nil:
			t.Fatal(err)
		}
		return at
	}
	visit := func(st *Store, fingerprint string, now, wantLast time.Time) {
		t.Helper()
		last, seen, err := st.Visit(ctx, fingerprint, now)
		if err != nil || seen == wantLast.IsZero() || seen && !last.Equal(wantLast) {
			t.Fatalf("visit of %s at %v: last %v, seen %v, %v; want last %v", fingerprint, now, last, seen, err, wantLast)
		}
	}

	visit(s, "SHA256:timed", first, time.Time{})
	if got := stored(s, "SHA256:timed"); got != 0 {
		t.Fatalf("written at once (%d), not in a batch", got)
	}
	visit(s, "SHA256:timed", first.Add(time.Hour), first) // still waiting
	time.Sleep(visitDelay - time.Millisecond)
	synctest.Wait()
	if got := stored(s, "SHA256:timed"); got != 0 {
		t.Fatalf("written before the batch was due (%d)", got)
	}
	time.Sleep(time.Millisecond)
	synctest.Wait() // the timer's write has ended
	if got := stored(s, "SHA256:timed"); got != first.Add(time.Hour).Unix() {
		t.Fatalf("the timer did not write the visit: stored %d", got)
	}
	visit(s, "SHA256:timed", first.Add(2*time.Hour), first.Add(time.Hour)) // from the database

	visit(s, "SHA256:waiting", first, time.Time{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s.cameAt("SHA256:after-close", first.Unix(), sql.NullInt64{}) // as a session ending late would
	reopened, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	for fingerprint, want := range map[string]int64{"SHA256:timed": first.Add(2 * time.Hour).Unix(), "SHA256:waiting": first.Unix(), "SHA256:after-close": 0} {
		if got := stored(reopened, fingerprint); got != want {
			t.Errorf("%s after Close: stored %d, want %d", fingerprint, got, want)
		}
	}
}
