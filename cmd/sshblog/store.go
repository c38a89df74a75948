package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
)

// storeValue is --store: "sqlite", the file in the data folder, or the
// rqlite cluster an rqlite:// or rqlites:// URL names.
type storeValue struct{ cfg **data.RqliteConfig }

func (v storeValue) String() string {
	if v.cfg == nil || *v.cfg == nil {
		return "sqlite"
	}
	return (*v.cfg).String() // without the password
}

func (v storeValue) Set(s string) error {
	if s == "sqlite" {
		*v.cfg = nil
		return nil
	}
	c, err := data.ParseStoreURL(s)
	if err != nil {
		return err
	}
	*v.cfg = &c
	return nil
}

// shownValue is a setting's value as error messages may quote it: the
// store's without its password.
func shownValue(flagName, v string) string {
	if flagName != "store" {
		return v
	}
	if c, err := data.ParseStoreURL(v); err == nil {
		return c.String()
	}
	return "(not shown: it may hold a password)"
}

// storeBackoff is how long sshblog waits before asking an unreachable
// cluster again at start, doubling up to storeBackoffMax.
const (
	storeBackoff    = time.Second
	storeBackoffMax = 30 * time.Second
)

// connectStore opens the configured store. An rqlite cluster that cannot
// be reached is asked again with backoff, after one log line, until it
// answers or ctx ends: until then the SSH port stays closed, so readers'
// clients say the connection was refused (a load balancer sends them to
// another node) rather than finding a blog that cannot load its posts.
func (a *app) connectStore(ctx context.Context) (*data.Store, error) {
	if a.cfg.store == nil {
		if err := data.Inspect(ctx, databasePath(a.cfg)); err != nil {
			return nil, err
		}
		return data.Open(databasePath(a.cfg))
	}
	wait := storeBackoff
	for attempt := 0; ; attempt++ {
		s, err := data.OpenRqlite(ctx, *a.cfg.store)
		if err == nil {
			if attempt > 0 {
				a.log.Info("the store answers", "store", a.cfg.store.String())
			}
			return s, nil
		}
		if !data.Unreachable(err) {
			return nil, err
		}
		if attempt == 0 {
			a.log.Error("the store cannot be reached; asking again with backoff, and serving no one until it answers",
				"store", a.cfg.store.String(), "err", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, storeBackoffMax)
	}
}

// followOtherNodes starts the node's one change feed (rqlite only): what
// other nodes change reaches this node's sessions through the hub, as this
// node's own changes do.
func (a *app) followOtherNodes(ctx context.Context, store *data.Store, b *blog.Blog, hub *blog.Hub) {
	a.onClose(followFeed(ctx, store, b, hub, a.log))
}

// followFeed tells hub and b what the store's change feed tells, until the
// returned stop.
func followFeed(ctx context.Context, store *data.Store, b *blog.Blog, hub *blog.Hub, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		store.FollowChanges(ctx, data.Feed{
			Comments:     func(changed []posts.Comment) { tell(ctx, blog.Changes{Comments: changed}, b, hub, log) },
			PostsChanged: func() { tell(ctx, blog.Changes{Posts: true}, b, hub, log) },
			Failed:       func(err error) { log.Debug("the change feed", "err", err) },
		})
	}()
	return func() { cancel(); <-done }
}

// tell passes on changes made in another process (another node, or serve
// for the web process) as this process's own are passed on: the list
// reloaded or its counts refreshed, then every listener told.
func tell(ctx context.Context, changes blog.Changes, b *blog.Blog, hub *blog.Hub, log *slog.Logger) {
	switch {
	case changes.Lost: // the teller fell behind and missed some: every page and session reloads
		_ = b.Refresh(ctx)
		hub.PostsChanged()
	case changes.Posts:
		if err := b.PostsChanged(ctx); err != nil {
			log.Warn("reload the posts changed elsewhere", "err", err)
		}
	case len(changes.Comments) > 0:
		_ = b.Refresh(ctx) // the list's counts; a failure leaves them stale until the next
	}
	hub.Publish(changes.Comments...)
}

// storeNames is how backup and check name the store they worked on.
func storeName(cfg config) string {
	if cfg.store == nil {
		return databasePath(cfg)
	}
	return cfg.store.String()
}

// load moves a single-node blog into a new cluster: the file named by its
// one argument (an `sshblog backup`) becomes the cluster's database.
func load(args []string) error {
	cfg, rest, err := parseConfigArgs(args, os.Getenv)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"load takes one argument, the backup file to load: sshblog load --store rqlite://HOST:PORT FILE"}
	}
	if cfg.store == nil {
		return usageError{"load moves a blog into an rqlite cluster: give it --store rqlite://HOST:PORT[,…]"}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := data.LoadRqlite(ctx, *cfg.store, rest[0]); err != nil {
		return err
	}
	fmt.Printf("loaded %s into %s\n", rest[0], cfg.store)
	return nil
}

// storeHealth is the healthcheck's word on an rqlite store.
func storeHealth(cfg config) (string, error) {
	if cfg.store == nil {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), healthcheckTimeout/2)
	defer cancel()
	return data.HealthRqlite(ctx, *cfg.store)
}

// errStoreCAWithoutTLS is a CA file given for a store reached over plain HTTP.
var errStoreCAWithoutTLS = errors.New("--store-ca-file is for an rqlites:// store (HTTPS)")
