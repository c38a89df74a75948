package data

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadOnlyStoreReadsAndNeverWrites(t *testing.T) {
	s, path := openTestStore(t)
	ctx := context.Background()
	if err := s.SavePost(ctx, samplePost("hello", time.Now().Add(-time.Hour))); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	list, err := ro.ListPosts(ctx)
	if err != nil || len(list) != 1 || list[0].Slug != "hello" {
		t.Fatalf("ListPosts = %v, %v", list, err)
	}
	if err := ro.SavePost(ctx, samplePost("other", time.Now())); err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Fatalf("a write through the read-only store: %v", err)
	}
}

func TestReadOnlyStoreRefusesMissingAndOldDatabases(t *testing.T) {
	if _, err := OpenReadOnly(filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Fatal("opened a database that does not exist")
	}
	s, path := openTestStore(t)
	execSQL(t, s, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`, nil)
	if _, err := OpenReadOnly(path); !errors.Is(err, errNotMigrated) {
		t.Fatalf("opening a database that lacks a migration: %v", err)
	}
}
