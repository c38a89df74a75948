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
	"github.com/sshblog/sshblog/server/web"
	"github.com/sshblog/sshblog/tui"
)

// The services meet what the front door asks of them.
var _ server.Publisher = (*blog.Publisher)(nil)

// renderCacheBytes bounds the memory of rendered posts shared by readers.
const renderCacheBytes = 64 << 20

// serve runs the server until SIGINT or SIGTERM.
func serve(args []string) error {
	cfg, err := parseConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := &app{cfg: cfg, args: args, log: newLogger(cfg), now: time.Now}
	defer a.close()
	if err := a.open(ctx); err != nil {
		return err
	}
	return a.run(ctx)
}

// app is one sshblog server: open builds it from the settings, run serves
// until the context ends, close releases what open took. It is the one place
// that knows every concrete type.
type app struct {
	cfg  config
	args []string // as given, for the web process to read alike
	log  *slog.Logger
	now  func() time.Time // the clock of the store, the services and the server

	hostKeys [2]gossh.Signer // ed25519, ECDSA
	srv      *server.Server
	blog     *blog.Blog
	web      *webDoor // nil when the web is off or its default port was taken
	webTaken bool     // the default web port was taken
	closers  []func() // what close runs, last first
}

// open makes the store, the services and the SSH server, and starts the
// side servers (debug, metrics) and the daily sweep; it opens no SSH port.
func (a *app) open(ctx context.Context) error {
	cfg, log := a.cfg, a.log
	if cfg.debugListen != "" {
		stopDebug, err := serveDebug(cfg.debugListen, log)
		if err != nil {
			return err
		}
		a.onClose(stopDebug)
	}
	if err := prepareDataDir(cfg.dataDir); err != nil {
		return err
	}
	unlock, err := lockDataDir(cfg.dataDir)
	if err != nil {
		return err
	}
	a.onClose(unlock)
	hostKey, err := server.LoadOrCreateHostKey(cfg.hostKey)
	if err != nil {
		return diskFullAtStart(err)
	}
	hostKeyECDSA, err := server.LoadOrCreateECDSAHostKey(cfg.hostKeyECDSA)
	if err != nil {
		return diskFullAtStart(err)
	}
	a.hostKeys = [2]gossh.Signer{hostKey, hostKeyECDSA}
	webListener, webTaken, err := listenWeb(cfg)
	if err != nil {
		return err
	}
	if webListener != nil {
		a.onClose(func() { webListener.Close() }) // closed already once served
	}
	a.webTaken = webTaken
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	srvCfg, err := a.services(ctx, store)
	if err != nil {
		return err
	}
	if srvCfg.Admins, err = loadAdmins(cfg.adminKeys, log); err != nil {
		return err
	}
	srvCfg.Accounts = blog.NewAccounts(store, a.blog, srvCfg.Admins)
	srvCfg.Listen, srvCfg.HostKey, srvCfg.HostKeyECDSA = cfg.listen, hostKey, hostKeyECDSA
	srvCfg.Log, srvCfg.Version, srvCfg.Limits = log, version, cfg.limits
	srvCfg.ProxyProtocolFrom = cfg.proxyProtocolFrom
	if webListener != nil && cfg.baseURL != "" { // the feed's address must be one a feed reader can reach
		srvCfg.InboxFeedAt = func(secret string) string { return cfg.baseURL + web.InboxPath(secret) }
	}
	if a.srv, err = server.New(srvCfg); err != nil {
		return err
	}
	if a.web, err = newWebDoor(webListener, cfg, a.args, srvCfg, log); err != nil {
		return err
	}
	if a.web != nil {
		a.onClose(func() { a.web.shutdown(context.Background()) }) // when run did not: the port's file closed
	}
	stopMetrics, err := serveMetrics(cfg.metricsListen, a.srv, log)
	if err != nil {
		return err
	}
	a.onClose(stopMetrics)
	a.scheduleBackups(ctx, srvCfg.Metrics)
	return nil
}

// openStore opens the database on the app's clock, seeds the sample blog
// when no posts folder is given, and starts the daily sweep of old visitors.
func (a *app) openStore(ctx context.Context) (*data.Store, error) {
	store, err := a.connectStore(ctx)
	if err != nil {
		return nil, err
	}
	a.onClose(func() { store.Close() })
	store.Now = a.now
	if a.cfg.postsDir == "" {
		if err := seedSampleBlog(ctx, store, a.log); err != nil {
			return nil, err
		}
	}
	a.sweepDaily(ctx, store)
	return store, nil
}

// services builds the blog's services over store, and the reader's shared
// caches, as the server's settings.
func (a *app) services(ctx context.Context, store *data.Store) (server.Config, error) {
	cfg := a.cfg
	b, err := blog.New(ctx, cfg.blogName, store, a.now)
	if err != nil {
		return server.Config{}, err
	}
	a.blog = b
	b.Address = cfg.sshAddress // the server fills in the listen address if empty
	b.BaseURL = cfg.baseURL
	if b.InstallID, err = store.InstallID(ctx); err != nil {
		return server.Config{}, err
	}
	metrics := server.NewMetrics()
	alarm := newDiskAlarm(a.log, a.now, metrics)
	store.OnDiskFull(func(err error) { alarm.full("database", err) })
	threads := blog.NewThreads(countedComments{store, metrics}, b, posts.RateLimit{Count: cfg.commentsPerMinute, Per: time.Minute})
	threads.LimitAddresses(cfg.addressLimits)
	b.OnPostsChanged(threads.Hub().PostsChanged)
	a.followOtherNodes(ctx, store, b, threads.Hub())
	var folder *blog.Folder
	if cfg.postsDir != "" {
		folder = blog.NewFolder(cfg.postsDir, store, b, a.log)
		if err := folder.Sync(ctx); err != nil {
			return server.Config{}, usageError{fmt.Sprintf("posts dir: %v", err)}
		}
		if err := folder.Watch(ctx); err != nil {
			return server.Config{}, err
		}
	}
	var publisher server.Publisher = blog.NewPublisher(store, b, folder)
	if folder != nil {
		publisher = alarmedPublisher{publisher, alarm}
	}
	cache := tui.NewRenderCache(renderCacheBytes)
	reading := blog.NewReading(store, b, func(err error) { a.log.Warn("writing reading positions", "err", err) })
	a.onClose(func() { reading.Close() }) // before the store closes: closers run last first
	return server.Config{Reading: reading, Blog: b, Reader: tui.NewBlog(b, cache), Catalog: store, Threads: threads,
		Publisher: publisher, Uploads: store, Visits: blog.NewVisits(store, b), Inbox: blog.NewInbox(store, threads),
		Metrics: metrics, RenderCache: cache}, nil
}

// sweepDaily forgets old addresses and visitors unseen for long, at start
// and then daily, until close.
func (a *app) sweepDaily(ctx context.Context, store *data.Store) {
	ctx, cancel := context.WithCancel(ctx)
	swept := make(chan struct{})
	go func() {
		defer close(swept)
		store.SweepDaily(ctx, a.cfg.forgetVisitorsAfter, func(pruned int64, err error) {
			if err != nil {
				a.log.Error("the daily sweep", "err", err)
			} else if pruned > 0 {
				a.log.Info("forgot old visitors", "keys", pruned, "unseen_for", a.cfg.forgetVisitorsAfter.String())
			}
		})
	}()
	a.onClose(func() { cancel(); <-swept })
}

// run opens the SSH port and serves until ctx ends, then shuts down within
// the grace period.
func (a *app) run(ctx context.Context) error {
	srv, log := a.srv, a.log
	if err := srv.Start(); err != nil {
		return err
	}
	webServed := a.web.serve(ctx, a.blog.Address, log) // its line first: "sshblog serving" says all is up
	if a.webTaken {
		warnWebTaken(log, a.cfg.httpListen)
	}
	log.Info("sshblog serving", "addr", srv.Addr().String(), "host_key", gossh.FingerprintSHA256(a.hostKeys[0].PublicKey()),
		"host_key_ecdsa", gossh.FingerprintSHA256(a.hostKeys[1].PublicKey()),
		"data_dir", a.cfg.dataDir, "try", "ssh "+a.blog.Address)
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", a.cfg.shutdownGrace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), a.cfg.shutdownGrace)
	defer cancel()
	go a.web.shutdown(shutdownCtx) // beside SSH's: each has the whole grace
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Warn("shutdown grace ran out; closed what was left", "err", err)
	}
	<-served
	<-webServed
	log.Info("stopped")
	return nil
}

// onClose has close run f.
func (a *app) onClose(f func()) { a.closers = append(a.closers, f) }

// close releases what open took, last first.
func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
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
