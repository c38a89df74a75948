package data

import (
	"context"
	"testing"
	"time"

	"github.com/sshblog/sshblog/posts"
)

func TestUploadsKeepNameSizeAndTimeAndOneFileAName(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := context.Background()
	at := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	if err := s.SaveUpload(ctx, posts.Upload{Slug: "a", Name: "A.md", Revision: 1, Src: []byte("12345"), ModTime: at}); err != nil {
		t.Fatal(err)
	}
	// The same name now makes another post: the first loses its file.
	if err := s.SaveUpload(ctx, posts.Upload{Slug: "b", Name: "A.md", Revision: 3, Src: []byte("123"), ModTime: at}); err != nil {
		t.Fatal(err)
	}
	later := at.Add(time.Hour)
	if found, err := s.SetUploadTime(ctx, "A.md", later); err != nil || !found {
		t.Fatalf("set time: %v %v", found, err)
	}
	if found, _ := s.SetUploadTime(ctx, "none.md", later); found {
		t.Error("set the time of an upload that is not there")
	}
	list, err := s.Uploads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Slug != "b" || list[0].Size != 3 || list[0].Revision != 3 || !list[0].ModTime.Equal(later) {
		t.Errorf("uploads: %+v", list)
	}
}
