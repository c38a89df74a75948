package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/eventually"
)

// writeCommentRow writes one comment the way the comment code does: an
// identity and its comment in one atomic request.
func writeCommentRow(ctx context.Context, s *Store, n int) error {
	_, err := s.eng.atomic(ctx, withArgs(commentRow, map[string]any{
		"fp": fmt.Sprintf("SHA256:reader%d", n), "name": fmt.Sprintf("reader%d", n), "body": strings.Repeat("words ", 50)}))
	return err
}

var commentRow = statements(
	stmt{sql: `INSERT INTO identities (fingerprint, name, public_key, created_at) VALUES (:fp, :name, 'key', 0)`},
	stmt{sql: `INSERT INTO comments (post_id, author, body, created_at) VALUES ((SELECT MIN(id) FROM posts), :fp, :body, 0)`},
)

func TestBackupWhileCommentsAreWritten(t *testing.T) {
	s, path := openTestStore(t)
	ctx := context.Background()
	if err := s.SavePost(ctx, samplePost("p", time.Now())); err != nil {
		t.Fatal(err)
	}
	var written atomic.Int64
	stop := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for n := 0; ; n++ {
			select {
			case <-stop:
				writerDone <- nil
				return
			default:
			}
			if err := writeCommentRow(ctx, s, n); err != nil {
				writerDone <- err
				return
			}
			written.Add(1)
		}
	}()
	waitWritten := func(n int64) {
		if !eventually.Within(eventually.Patience, func() bool { return written.Load() >= n }) {
			t.Fatalf("the writer wrote %d comments, want %d", written.Load(), n)
		}
	}

	dir := t.TempDir()
	var counts []int
	for i := range 3 {
		waitWritten(int64(20 * (i + 1)))
		dest := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := Backup(ctx, path, dest); err != nil {
			t.Fatalf("backup %d: %v", i, err)
		}
		problems, err := Check(ctx, dest)
		if err != nil || len(problems) > 0 {
			t.Fatalf("backup %d check: %v %v", i, problems, err)
		}
		// The copy opens as a store, and every comment in it has its
		// identity: it was taken between transactions.
		b, err := Open(dest)
		if err != nil {
			t.Fatalf("open backup %d: %v", i, err)
		}
		var comments, identities int
		if err := b.read.QueryRow(`SELECT (SELECT COUNT(*) FROM comments), (SELECT COUNT(*) FROM identities)`).Scan(&comments, &identities); err != nil {
			t.Fatal(err)
		}
		b.Close()
		if comments != identities || comments < 20*(i+1) {
			t.Fatalf("backup %d holds %d comments and %d identities; want equal and at least %d", i, comments, identities, 20*(i+1))
		}
		counts = append(counts, comments)
	}
	close(stop)
	if err := <-writerDone; err != nil {
		t.Fatalf("the writer failed during the backups: %v", err)
	}
	if counts[0] >= counts[2] {
		t.Errorf("backups hold %v comments; want them to grow as comments are written", counts)
	}
}

func TestBackupRefusesToOverwrite(t *testing.T) {
	_, path := openTestStore(t)
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dest, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := Backup(context.Background(), path, dest)
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "precious" {
		t.Fatal("the existing file was changed")
	}
}

func TestCheckFindsCorruption(t *testing.T) {
	s, path := openTestStore(t)
	ctx := context.Background()
	for i := range 50 {
		if err := s.SavePost(ctx, samplePost(fmt.Sprintf("post-%d", i), time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if problems, err := Check(ctx, path); err != nil || len(problems) > 0 {
		t.Fatalf("a sound database: %v %v", problems, err)
	}
	// Scribble over the middle of the file, past the header and schema.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.Stat()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 4096)), info.Size()/2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	problems, err := Check(ctx, path)
	if err == nil && len(problems) == 0 {
		t.Fatal("the check found nothing wrong in a scribbled-over database")
	}
}

func TestCheckMissingDatabase(t *testing.T) {
	_, err := Check(context.Background(), filepath.Join(t.TempDir(), "none.db"))
	if err == nil || !strings.Contains(err.Error(), "no database at") {
		t.Fatalf("check of a missing file: %v", err)
	}
}
