package blog

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/sshblog/sshblog/posts"
)

// settleTime is how long the posts folder must be quiet before a sync:
// editors save in several steps, and a copy of many files is many events.
const settleTime = 300 * time.Millisecond

// FolderStore is what the folder sync needs from storage.
type FolderStore interface {
	// SyncPosts makes the published posts those given, unpublishing the
	// rest but the slugs in keep.
	SyncPosts(ctx context.Context, ps []posts.Post, keep []string) error
}

// Folder keeps the store in line with a folder of post files, the blog's
// source of truth when it is set.
type Folder struct {
	dir   string
	store FolderStore
	blog  *Blog
	log   *slog.Logger

	mu       sync.Mutex
	lastGood map[string]string // file → slug of its last good version
}

// NewFolder serves blog from the post files in dir; Sync loads them and
// Watch follows them.
func NewFolder(dir string, store FolderStore, blog *Blog, log *slog.Logger) *Folder {
	return &Folder{dir: dir, store: store, blog: blog, log: log, lastGood: map[string]string{}}
}

// Sync loads the folder into the store: good files are published, files gone
// are unpublished, and a broken file keeps its last good version up.
func (f *Folder) Sync(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	folder, err := posts.LoadFolder(f.dir)
	if err != nil {
		return err
	}
	var keep, problems []string
	for _, problem := range folder.Problems {
		f.log.Warn("bad post file; the rest of the blog is served", "problem", problem.Error())
		problems = append(problems, problem.Error())
		if path := problemPath(problem); f.lastGood[path] != "" {
			keep = append(keep, f.lastGood[path])
		}
	}
	if err := f.store.SyncPosts(ctx, folder.Posts, keep); err != nil {
		return fmt.Errorf("sync posts folder: %w", err)
	}
	for path := range f.lastGood {
		if !hasProblem(folder.Problems, path) {
			delete(f.lastGood, path)
		}
	}
	for path, slug := range folder.Slugs {
		f.lastGood[path] = slug
	}
	f.blog.SetProblems(problems)
	f.log.Info("posts folder synced", "dir", f.dir, "posts", len(folder.Posts), "problems", len(problems))
	return f.blog.PostsChanged(ctx)
}

func problemPath(err error) string {
	if pe, ok := err.(*posts.ParseError); ok {
		return pe.Path
	}
	return ""
}

func hasProblem(problems []error, path string) bool {
	for _, p := range problems {
		if problemPath(p) == path {
			return true
		}
	}
	return false
}

// Watch syncs whenever the folder changes, once it has settled, until ctx ends.
func (f *Folder) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(f.dir); err != nil {
		w.Close()
		return fmt.Errorf("watch %s: %w", f.dir, err)
	}
	go func() {
		defer w.Close()
		var settle *time.Timer
		for {
			select {
			case <-ctx.Done():
				return
			case err := <-w.Errors:
				f.log.Warn("watching the posts folder", "err", err)
			case ev := <-w.Events:
				if !posts.IsPostFile(ev.Name) {
					continue
				}
				if settle == nil {
					settle = time.AfterFunc(settleTime, func() {
						if err := f.Sync(ctx); err != nil && ctx.Err() == nil {
							f.log.Error("syncing the posts folder", "err", err)
						}
					})
				} else {
					settle.Reset(settleTime)
				}
			}
		}
	}()
	return nil
}
