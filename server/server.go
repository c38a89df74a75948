// Package server is sshblog's SSH front door: host keys, authentication,
// admission and limits, the middleware chain, one reader (package tui) per
// terminal session, plain-text commands for sessions without a terminal,
// scp and SFTP publishing, and the Prometheus metrics. The commands are a
// type of their own (commands.go), holding only the blog's services they
// call; whatever they print passes one output gate (plaintext.go).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/tui"
)

// Catalog is what the commands need from storage beyond the shared list.
type Catalog interface {
	Post(ctx context.Context, slug string) (posts.Post, error)
	Search(ctx context.Context, query string, limit int) ([]posts.Match, error)
}

// Config is what a Server needs; cmd/sshblog fills it from flags.
type Config struct {
	Listen  string
	HostKey gossh.Signer
	Blog    *blog.Blog
	// Reader draws Blog for terminal sessions; nil makes one with its own
	// render cache.
	Reader  *tui.Blog
	Catalog Catalog
	Log     *slog.Logger
	Version string
	// Threads serves comments; nil serves posts without them.
	Threads *blog.Threads
	// Accounts joins several keys into one identity; nil makes each key
	// its own.
	Accounts *blog.Accounts
	// Inbox keeps what waits for each reader; nil keeps nothing.
	Inbox *blog.Inbox
	// Reading keeps where readers are in posts; nil keeps nothing.
	Reading *blog.Reading
	// InboxFeedAt is the web address of the private inbox feed with this
	// secret; nil when the blog has no web mirror.
	InboxFeedAt func(secret string) string
	// Admins are the SHA256 fingerprints of the keys that may moderate
	// and publish.
	Admins map[string]bool
	// Publisher publishes posts sent by admins; nil turns publishing off.
	Publisher Publisher
	// Uploads keeps the files admins upload over SFTP as they sent them, so
	// that listings report their names, sizes and times; nil keeps none.
	Uploads Uploads
	// Visits remembers when each key last came, to mark new posts; nil
	// marks nothing.
	Visits *blog.Visits
	// Limits guard the server against clients that take too much; the zero
	// value limits nothing.
	Limits Limits
	// Metrics receives the server's counts; nil makes a private set.
	Metrics *Metrics
	// RenderCache, if set, has its hits and misses in the metrics.
	RenderCache RenderStats
	// HostKeyECDSA, if set, is offered beside HostKey to clients that
	// cannot use an ed25519 key.
	HostKeyECDSA gossh.Signer
	// StallLimit is how long one write to a reader's terminal may block
	// before the session is dropped; zero for 20 seconds.
	StallLimit time.Duration
	// ProxyProtocolFrom are the load balancers whose PROXY protocol
	// headers give the reader's address (proxy.go); nil trusts none.
	ProxyProtocolFrom []netip.Prefix
	// Random draws random early drop's chances, in [0, 1); nil for
	// math/rand's. Tests make it predictable.
	Random func() float64
}

// Server serves the blog over SSH.
type Server struct {
	cfg         Config
	cmds        *commands
	ssh         *ssh.Server
	ln          net.Listener
	gate        *gate
	conns       *registry
	metrics     *Metrics
	capWarnings capWarnings
	nextID      atomic.Uint64
	logLimit    *logLimiter
}

// readerCacheBytes bounds the rendered posts of a Reader the server makes.
const readerCacheBytes = 8 << 20

// New builds the server; Start opens the port.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Reader == nil && cfg.Blog != nil {
		cfg.Reader = tui.NewBlog(cfg.Blog, tui.NewRenderCache(readerCacheBytes))
	}
	cmds := &commands{blog: cfg.Blog, catalog: cfg.Catalog, threads: cfg.Threads, accounts: cfg.Accounts, inbox: cfg.Inbox, feedAt: cfg.InboxFeedAt, publisher: cfg.Publisher, table: commandTable}
	s := &Server{cfg: cfg, cmds: cmds, gate: newGate(cfg.Limits, cfg.Random), conns: newRegistry(), metrics: cfg.Metrics, logLimit: newLogLimiter()}
	if s.metrics == nil {
		s.metrics = NewMetrics()
	}
	if err := s.metrics.watch(s); err != nil {
		return nil, err
	}
	srv, err := wish.NewServer(
		withHostSigner(cfg.HostKey),
		withExtraHostSigner(cfg.HostKeyECDSA),
		wish.WithPublicKeyAuth(func(ctx ssh.Context, _ ssh.PublicKey) bool { return !refused(ctx) }),
		// Readers without a key get in too: no questions asked.
		wish.WithKeyboardInteractiveAuth(func(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool { return !refused(ctx) }),
		wish.WithVersion("sshblog"),
		wish.WithMiddleware(s.route, s.logSessions, s.recoverPanics, s.track),
		// Subsystems bypass the middleware: wrap this one the same way.
		wish.WithSubsystem("sftp", ssh.SubsystemHandler(s.track(s.recoverPanics(s.logSessions(s.sftpSubsystem))))),
		s.harden(),
		withRequestFilter,
		withKexNotice,
	)
	if err != nil {
		return nil, err
	}
	s.ssh = srv
	return s, nil
}

func withHostSigner(signer gossh.Signer) ssh.Option {
	return func(srv *ssh.Server) error {
		if signer == nil {
			return errors.New("no host key")
		}
		srv.AddHostKey(signer)
		return nil
	}
}

// withExtraHostSigner adds a second host key, if there is one.
func withExtraHostSigner(signer gossh.Signer) ssh.Option {
	return func(srv *ssh.Server) error {
		if signer != nil {
			srv.AddHostKey(signer)
		}
		return nil
	}
}

// withRequestFilter puts the session channels' requests through
// filterRequests, whatever else handles those channels.
func withRequestFilter(srv *ssh.Server) error {
	if srv.ChannelHandlers == nil || srv.ChannelHandlers["session"] == nil {
		return errors.New("no session channel handler to filter")
	}
	srv.ChannelHandlers["session"] = filterRequests(srv.ChannelHandlers["session"])
	return nil
}

// withKexNotice tells each connection when its key exchange is over, which
// x/crypto says by calling PreAuthConnCallback, for the login grace to take
// over from the shorter key exchange grace.
func withKexNotice(srv *ssh.Server) error {
	configFor := srv.ServerConfigCallback
	if configFor == nil {
		return errors.New("no server config to watch the key exchange in")
	}
	srv.ServerConfigCallback = func(ctx ssh.Context) *gossh.ServerConfig {
		cfg := configFor(ctx)
		c := connOf(ctx)
		if c == nil {
			return cfg
		}
		next := cfg.PreAuthConnCallback
		cfg.PreAuthConnCallback = func(conn gossh.ServerPreAuthConn) {
			c.keyExchanged()
			if next != nil {
				next(conn)
			}
		}
		return cfg
	}
	return nil
}

// refused reports whether the connection is one being told why it was
// refused: no login succeeds on it.
func refused(ctx ssh.Context) bool {
	c := connOf(ctx)
	return c != nil && c.refusal != nil
}

// Start listens on the configured address; Addr tells where.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Listen, err)
	}
	s.ln = ln
	if s.cfg.Blog != nil && s.cfg.Blog.Address == "" {
		s.cfg.Blog.Address = DefaultAddress(ln.Addr().String())
	}
	return nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts connections until Shutdown; it returns nil after a shutdown.
func (s *Server) Serve() error {
	err := s.ssh.Serve(s.ln)
	if s.gate.isClosing() {
		return nil
	}
	return err
}

// Shutdown stops accepting and ends every session: readers get their
// terminal back with a line saying the blog is restarting, commands finish.
// It waits for logged-in connections to close until ctx ends, then closes
// what is left and returns ErrGraceExpired. (charmbracelet/ssh's own
// Shutdown waits on a WaitGroup that connections still logging in add to,
// which is a race; the gate knows which connections matter.)
func (s *Server) Shutdown(ctx context.Context) error {
	drained := s.endAll(restartNotice)
	s.ln.Close()
	select {
	case <-drained:
		return s.closeSSH()
	case <-ctx.Done():
		return errors.Join(ErrGraceExpired, s.closeSSH())
	}
}

// closeSSH closes what the SSH library still holds. It closes the listener
// again if Serve has not yet let go of it, which is no error.
func (s *Server) closeSSH() error {
	if err := s.ssh.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// ErrGraceExpired is Shutdown's error when connections outlived its context.
var ErrGraceExpired = errors.New("connections were still open when the shutdown grace ran out")

// sessionContext ends when the session does or the server ends it.
func (s *Server) sessionContext(sess ssh.Session) (context.Context, context.CancelFunc) {
	if ts, ok := sess.(*trackedSession); ok {
		return context.WithCancel(ts.ctx)
	}
	return context.WithCancel(sess.Context())
}
