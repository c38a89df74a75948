package blog

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/internal/eventually"
)

// folderBlog is a posts folder synced into a real store, watched.
func folderBlog(t *testing.T) (dir string, blog *Blog, store *data.Store) {
	t.Helper()
	dir = t.TempDir()
	store, err := data.Open(filepath.Join(t.TempDir(), "blog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	blog, err = New(ctx, "Folder Blog", store, store.Now)
	if err != nil {
		t.Fatal(err)
	}
	folder := NewFolder(dir, store, blog, slog.New(slog.DiscardHandler))
	if err := folder.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if err := folder.Watch(ctx); err != nil {
		t.Fatal(err)
	}
	return dir, blog, store
}

func writePost(t *testing.T, dir, name, frontMatter, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte("---\n"+frontMatter+"\n---\n\n"+body+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// titles is the blog's list as "slug=title" pairs, newest first.
func titles(blog *Blog) string {
	var out []string
	for _, p := range blog.Posts() {
		out = append(out, p.Slug+"="+p.Title)
	}
	return strings.Join(out, ",")
}

func waitForList(t *testing.T, blog *Blog, want string) {
	t.Helper()
	if !eventually.Within(eventually.Patience, func() bool { return titles(blog) == want }) {
		t.Fatalf("list = %q, want %q", titles(blog), want)
	}
}

// problemReported is whether the blog reports a problem with its folder.
func problemReported(blog *Blog) func() bool {
	return func() bool { return len(blog.Problems()) > 0 }
}

func TestPostsFolderFollowsTheFiles(t *testing.T) {
	dir, blog, store := folderBlog(t)
	waitForList(t, blog, "")

	writePost(t, dir, "first.md", "title: First\nslug: first\ndate: 2024-01-01", "One.")
	writePost(t, dir, "second.md", "title: Second\nslug: second\ndate: 2024-02-01", "Two.")
	waitForList(t, blog, "second=Second,first=First")

	// Edit.
	writePost(t, dir, "first.md", "title: First, edited\nslug: first\ndate: 2024-01-01", "One, again.")
	waitForList(t, blog, "second=Second,first=First, edited")

	// Rename: same slug, same post.
	if err := os.Rename(filepath.Join(dir, "first.md"), filepath.Join(dir, "renamed.md")); err != nil {
		t.Fatal(err)
	}
	waitForList(t, blog, "second=Second,first=First, edited")

	// A broken file: the last good version stays up, and the problem names
	// the file and the line.
	writePost(t, dir, "second.md", "title: Second\nslug: second\ndate: not a date", "Two.")
	eventually.Within(eventually.Patience, problemReported(blog))
	if p := blog.Problems(); len(p) != 1 || !strings.Contains(p[0], "second.md:4: date:") {
		t.Fatalf("problems = %q", p)
	}
	waitForList(t, blog, "second=Second,first=First, edited")

	// Delete: unpublished, kept in the store, back when the file returns.
	os.Remove(filepath.Join(dir, "second.md"))
	waitForList(t, blog, "first=First, edited")
	if p, err := store.Post(context.Background(), "second"); err != nil || !p.Unpublished {
		t.Fatalf("a removed file's post should be kept, unpublished: %+v, %v", p, err)
	}
	if len(blog.Problems()) != 0 {
		t.Errorf("the problem outlived its file: %q", blog.Problems())
	}
	writePost(t, dir, "second.md", "title: Second\nslug: second\ndate: 2024-02-01", "Two.")
	waitForList(t, blog, "second=Second,first=First, edited")

	// Drafts are not shown; a duplicate slug is a problem, not a takeover.
	writePost(t, dir, "draft.md", "title: Draft\nslug: draft\ndraft: true\ndate: 2024-03-01", "Soon.")
	writePost(t, dir, "zz-copy.md", "title: Copy\nslug: first\ndate: 2024-03-01", "Copy.")
	eventually.Within(eventually.Patience, problemReported(blog))
	if p := blog.Problems(); len(p) != 1 || !strings.Contains(p[0], `slug "first" is already used by renamed.md`) {
		t.Errorf("problems = %q", p)
	}
	waitForList(t, blog, "second=Second,first=First, edited")
}

func TestFutureDatedPostComesOutOnTime(t *testing.T) {
	dir, blog, _ := folderBlog(t)
	soon := time.Now().Add(2 * time.Second).UTC().Format(time.RFC3339)
	writePost(t, dir, "later.md", "title: Later\nslug: later\ndate: "+soon, "Wait for it.")
	writePost(t, dir, "now.md", "title: Now\nslug: now\ndate: 2024-01-01", "Here.")
	waitForList(t, blog, "now=Now")
	waitForList(t, blog, "later=Later,now=Now")
}

func TestAnUndatedFileIsDatedByItsFile(t *testing.T) {
	dir, blog, _ := folderBlog(t)
	writePost(t, dir, "undated.md", "title: Undated", "No date.")
	when := time.Date(2023, 3, 4, 5, 6, 7, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "undated.md"), when, when); err != nil {
		t.Fatal(err)
	}
	waitForList(t, blog, "undated=Undated")
	if got := blog.Posts()[0].Published; !got.Equal(when) {
		t.Errorf("dated %v, want the file's time %v", got, when)
	}
}
