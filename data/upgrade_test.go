package data

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sshblog/sshblog/posts"
)

// The fixtures are text dumps (sqlite3 .dump) of databases made by earlier
// binaries of this repository, each by a short program against that
// commit's store (see testdata/upgrade/README): 86e9682, the first with the
// comments schema (migration 0002), and 2348a78, the last before this one
// (migration 0010). Each holds the same blog: two posts, an edited comment, a
// reply, a hidden comment, a banned author, an identity with only a name.
var upgradeFixtures = []string{"0002-first-comments.sql", "0010-2026-12-01.sql"}

// loadFixture makes a database file from a dump, as the old binary left it.
func loadFixture(t *testing.T, name string) string {
	t.Helper()
	dump, err := os.ReadFile(filepath.Join("testdata", "upgrade", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sshblog.db")
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(dump)); err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return path
}

func TestUpgradeKeepsEverything(t *testing.T) {
	for _, name := range upgradeFixtures {
		t.Run(name, func(t *testing.T) {
			path := loadFixture(t, name)
			s, err := Open(path)
			if err != nil {
				t.Fatalf("the new store does not open %s: %v", name, err)
			}
			defer s.Close()
			ctx := context.Background()
			list, err := s.ListPosts(ctx)
			if err != nil || len(list) != 2 {
				t.Fatalf("posts: %v, %v", list, err)
			}
			first, err := s.Post(ctx, "first")
			if err != nil || first.Title != "First post" || first.Body != "Hello, **world**." || strings.Join(first.Tags, ",") != "hello,meta" {
				t.Fatalf("first post: %+v, %v", first, err)
			}
			if found, err := s.Search(ctx, "meta", 10); err != nil || len(found) != 1 {
				t.Errorf("search by tag after the upgrade: %v, %v", found, err)
			}
			thread, err := s.Comments(ctx, "first", posts.Comment{}, 10)
			if err != nil || len(thread) != 3 {
				t.Fatalf("comments under first: %+v, %v", thread, err)
			}
			if c := thread[0]; c.Body != "First comment, by alice (edited)." || c.AuthorName != "alice" || c.Edited.IsZero() {
				t.Errorf("the edited comment: %+v", c)
			}
			if r := thread[2]; r.ParentID != thread[1].ID || r.Body != "alice replies to bob." {
				t.Errorf("the reply: %+v, under %+v", r, thread[1])
			}
			spam, err := s.Comments(ctx, "second", posts.Comment{}, 10)
			if err != nil || len(spam) != 1 || !spam[0].Hidden {
				t.Errorf("the hidden comment: %+v, %v", spam, err)
			}
			if id, err := s.Identity(ctx, "SHA256:mallory"); err != nil || !id.Banned {
				t.Errorf("the banned author: %+v, %v", id, err)
			}
			if id, err := s.Identity(ctx, "SHA256:carol"); err != nil || id.Name != "Carol Reader" {
				t.Errorf("the identity with a name only: %+v, %v", id, err)
			}
			log, err := s.ModerationLog(ctx, 10)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, a := range log {
				actions = append(actions, a.Action+" "+a.Target)
			}
			got := strings.Join(actions, "; ")
			for _, want := range []string{"hide SHA256:mallory", "ban SHA256:mallory"} {
				if !strings.Contains(got, want) {
					t.Errorf("moderation log %q lacks %q", got, want)
				}
			}
			if problems, err := Check(ctx, path); err != nil || len(problems) > 0 {
				t.Errorf("check after the upgrade: %v, %v", problems, err)
			}
		})
	}
}

// TestSystemSQLiteChecksOK: Debian 12's sqlite3 (3.40.1) misread post_tags
// as first made and reported "NULL value in post_tags.position" on a healthy
// database; after migration 0013 it says ok, on the database and on a backup.
func TestSystemSQLiteChecksOK(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Fatal("sqlite3 is needed for this test: apt-get install -y sqlite3")
	}
	path := loadFixture(t, upgradeFixtures[len(upgradeFixtures)-1])
	systemCheck := func(file string) string {
		out, err := exec.Command(sqlite3, file, "PRAGMA integrity_check").CombinedOutput()
		if err != nil {
			t.Fatalf("sqlite3 %s: %v: %s", file, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.SavePost(ctx, samplePost("third", first(t, s).Published)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := systemCheck(path); got != "ok" {
		t.Errorf("sqlite3's integrity_check on the migrated database: %q", got)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	if got := systemCheck(backup); got != "ok" {
		t.Errorf("sqlite3's integrity_check on a backup: %q", got)
	}
}

func first(t *testing.T, s *Store) posts.Post {
	t.Helper()
	p, err := s.Post(context.Background(), "first")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
