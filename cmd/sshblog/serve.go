package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
	"github.com/sshblog/sshblog/tui"
)

// The services meet what the front door asks of them.
var _ server.Publisher = (*blog.Publisher)(nil)

// renderCacheBytes bounds the memory of rendered posts shared by readers.
const renderCacheBytes = 64 << 20

func serve(args []string) error {
	cfg, err := parseConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg)
	if cfg.debugListen != "" {
		stopDebug, err := serveDebug(cfg.debugListen, log)
		if err != nil {
			return err
		}
		defer stopDebug()
	}
	if err := prepareDataDir(cfg.dataDir); err != nil {
		return err
	}
	hostKey, err := server.LoadOrCreateHostKey(cfg.hostKey)
	if err != nil {
		return err
	}
	hostKeyECDSA, err := server.LoadOrCreateECDSAHostKey(cfg.hostKeyECDSA)
	if err != nil {
		return err
	}
	store, err := data.Open(databasePath(cfg))
	if err != nil {
		return err
	}
	defer store.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.postsDir == "" {
		if err := seedSampleBlog(ctx, store, log); err != nil {
			return err
		}
	}
	if cfg.forgetVisitorsAfter > 0 {
		swept := make(chan struct{})
		go func() {
			defer close(swept)
			store.PruneVisitorsDaily(ctx, cfg.forgetVisitorsAfter, func(pruned int64, err error) {
				if err != nil {
					log.Error("forgetting old visitors", "err", err)
				} else if pruned > 0 {
					log.Info("forgot old visitors", "keys", pruned, "unseen_for", cfg.forgetVisitorsAfter.String())
				}
			})
		}()
		defer func() { stop(); <-swept }()
	}
	cache := tui.NewRenderCache(renderCacheBytes)
	b, err := blog.New(ctx, cfg.blogName, store, store.Now)
	if err != nil {
		return err
	}
	b.Address = cfg.sshAddress // the server fills in the listen address if empty
	metrics := server.NewMetrics()
	threads := blog.NewThreads(countedComments{store, metrics}, b, posts.RateLimit{Count: cfg.commentsPerMinute, Per: time.Minute})
	threads.LimitAddresses(cfg.addressLimits)
	b.OnPostsChanged(threads.Hub().PostsChanged)
	var folder *blog.Folder
	if cfg.postsDir != "" {
		folder = blog.NewFolder(cfg.postsDir, store, b, log)
		if err := folder.Sync(ctx); err != nil {
			return usageError{fmt.Sprintf("posts dir: %v", err)}
		}
		if err := folder.Watch(ctx); err != nil {
			return err
		}
	}
	pub := blog.NewPublisher(store, b, folder)
	admins, err := loadAdmins(cfg.adminKeys, log)
	if err != nil {
		return err
	}
	srv, err := server.New(server.Config{Listen: cfg.listen, HostKey: hostKey, Blog: b, Reader: tui.NewBlog(b, cache), Catalog: store, Log: log, Version: version,
		Threads: threads, Admins: admins, Publisher: pub, Uploads: store, Visits: blog.NewVisits(store, b),
		Limits: cfg.limits, Metrics: metrics, RenderCache: cache, HostKeyECDSA: hostKeyECDSA})
	if err != nil {
		return err
	}
	stopMetrics, err := serveMetrics(cfg.metricsListen, srv, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	if err := srv.Start(); err != nil {
		return err
	}
	log.Info("sshblog serving", "addr", srv.Addr().String(), "host_key", gossh.FingerprintSHA256(hostKey.PublicKey()),
		"host_key_ecdsa", gossh.FingerprintSHA256(hostKeyECDSA.PublicKey()),
		"data_dir", cfg.dataDir, "try", "ssh "+b.Address)

	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", cfg.shutdownGrace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("shutdown grace ran out; closed what was left", "err", err)
	}
	<-served
	log.Info("stopped")
	return nil
}

// seedSampleBlog loads the embedded sample blog into an empty store.
func seedSampleBlog(ctx context.Context, store *data.Store, log *slog.Logger) error {
	sample, err := posts.Sample()
	if err != nil {
		return err
	}
	seeded, err := store.SeedIfEmpty(ctx, sample)
	if seeded {
		log.Info("loaded the sample blog", "posts", len(sample))
	}
	return err
}

// loadAdmins reads the admin keys file, if one is given.
func loadAdmins(path string, log *slog.Logger) (map[string]bool, error) {
	if path == "" {
		return nil, nil
	}
	admins, err := server.LoadAdminKeys(path)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	log.Info("loaded admin keys", "file", path, "keys", len(admins))
	return admins, nil
}
