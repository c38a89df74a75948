package data

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/sshblog/sshblog/internal/smalldisk"
	"github.com/sshblog/sshblog/posts"
)

// On a full disk a write is refused as ErrDiskFull and reported; once
// space is back the next write succeeds, the WAL is truncated, and the
// database checks out with every acknowledged comment in it.
func TestFullDiskRefusesAndRecovers(t *testing.T) {
	dir := smalldisk.Mount(t, 2<<20)
	path := filepath.Join(dir, "sshblog.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var reported int
	s.OnDiskFull(func(error) { reported++ })
	ctx := context.Background()
	if err := s.SavePost(ctx, samplePost("post", s.Now().Add(-1))); err != nil {
		t.Fatal(err)
	}
	filler := smalldisk.Fill(t, dir)
	me := reader("ada")
	acknowledged := 0
	var refused error
	for i := range 10000 {
		_, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: me, Body: fmt.Sprintf("comment %d %0500d", i, i)})
		if err != nil {
			refused = err
			break
		}
		acknowledged++
	}
	if !errors.Is(refused, posts.ErrDiskFull) {
		t.Fatalf("after %d comments on a full disk: %v, want ErrDiskFull", acknowledged, refused)
	}
	t.Logf("%d comments acknowledged before the disk was full: %v", acknowledged, refused)
	if reported != 1 {
		t.Errorf("the refusal was reported %d times, want 1", reported)
	}
	if list, err := s.ListPosts(ctx); err != nil || len(list) != 1 {
		t.Errorf("reading on a full disk: %v, %v", list, err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddComment(ctx, posts.NewComment{PostSlug: "post", Author: me, Body: "space is back"}); err != nil {
		t.Fatalf("a comment once space is back: %v", err)
	}
	acknowledged++
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() != 0 {
		t.Errorf("the WAL after the disk came back: %v, %v; want truncated", info.Size(), err)
	}
	thread, err := s.Comments(ctx, "post", posts.Comment{}, 20000)
	if err != nil || len(thread) != acknowledged {
		t.Errorf("%d comments kept, %d acknowledged (%v)", len(thread), acknowledged, err)
	}
	if problems, err := Check(ctx, path); err != nil || len(problems) > 0 {
		t.Errorf("check after the full disk: %v, %v", problems, err)
	}
}
