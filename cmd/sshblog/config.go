package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
)

// config is everything `sshblog serve` can be told.
type config struct {
	listen string
	// sshAddress is what readers type after ssh; "" for the listen address.
	sshAddress string
	dataDir    string
	hostKey    string
	blogName   string
	postsDir   string
	logLevel   slog.Level
	// comments
	adminKeys         string
	commentsPerMinute int
	// forgetVisitorsAfter prunes keys that only ever came to read.
	forgetVisitorsAfter time.Duration
	// operating
	logFormat     string
	metricsListen string
	shutdownGrace time.Duration
	limits        server.Limits
	// profiling
	debugListen string
	// the ECDSA P-256 host key, for clients without ed25519
	hostKeyECDSA string
	// what one address may do, whatever its keys
	addressLimits posts.AddressLimits
	// scheduled backups while serving
	backups backupSettings
	// the load balancers whose PROXY protocol headers give readers' addresses
	proxyProtocolFrom []netip.Prefix
	// the rqlite cluster, or nil for the SQLite file in dataDir
	store       *data.RqliteConfig
	storeCAFile string
	// the web front door: "" for off; httpListenSet when the address was
	// asked for, so that failing to bind it is an error, not a log line
	httpListen     string
	httpListenSet  bool
	baseURL        string
	trustedProxies []netip.Prefix
}

// defaultHTTPListen is the web's default port: beside SSH's 23234, in a
// range no common developer tool takes (8080, 8000, 3000 and 5173 often are).
const defaultHTTPListen = ":23280"

// usageError is a mistake in the command line or environment: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// envPrefix starts the environment variable of every flag:
// --blog-name is SSHBLOG_BLOG_NAME.
const envPrefix = "SSHBLOG_"

func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// defaultDataDir is in the working directory and ignored by git.
const defaultDataDir = ".sshblog"

func newFlagSet(cfg *config) *flag.FlagSet {
	fs := flag.NewFlagSet("sshblog serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line by parseConfig
	cfg.listen = ":23234"
	fs.Var(addrValue{textValue{&cfg.listen}, false}, "listen", "address to serve SSH on")
	fs.Var(sshAddressValue{textValue{&cfg.sshAddress}}, "ssh-address", "what readers type after ssh, e.g. blog.example.com")
	fs.StringVar(&cfg.dataDir, "data-dir", defaultDataDir, "folder for the database and host key")
	fs.StringVar(&cfg.hostKey, "host-key", "", "host key file, made if missing")
	fs.StringVar(&cfg.hostKeyECDSA, "host-key-ecdsa", "", "ECDSA P-256 host key file, made if missing")
	fs.StringVar(&cfg.blogName, "blog-name", "sshblog", "name shown in the reader's header")
	fs.StringVar(&cfg.postsDir, "posts-dir", "", "folder of Markdown posts to serve, kept in sync")
	fs.TextVar(&cfg.logLevel, "log-level", slog.LevelInfo, "debug, info, warn or error")
	fs.StringVar(&cfg.adminKeys, "admin-keys", "", "authorized_keys file of the keys that moderate comments")
	fs.IntVar(&cfg.commentsPerMinute, "comments-per-minute", posts.DefaultRateLimit.Count, "comments one key may post a minute; 0 for no limit")
	cfg.forgetVisitorsAfter = 90 * 24 * time.Hour
	fs.Var(durationValue{&cfg.forgetVisitorsAfter}, "forget-visitors-after", "forget keys with no name, comment or ban unseen this long")
	cfg.addressLimits = posts.DefaultAddressLimits
	fs.Var(countValue{&cfg.addressLimits.Comments.Count, 0}, "comments-per-minute-per-address", "comments all keys of one address may post a minute")
	fs.Var(countValue{&cfg.addressLimits.NewIdentities.Count, 0}, "new-identities-per-hour", "new commenting keys one address may bring an hour; 0: no limit")
	addOperatingFlags(fs, cfg)
	addBackupFlags(fs, &cfg.backups)
	cfg.httpListen = defaultHTTPListen
	fs.Var(httpListenValue{addrValue{textValue{&cfg.httpListen}, false}}, "http-listen", "address to serve the blog on the web on, or off")
	fs.Var(baseURLValue{textValue{&cfg.baseURL}}, "base-url", "the blog's web address, e.g. https://blog.example.com")
	fs.Var(prefixesValue{&cfg.trustedProxies}, "trusted-proxies", "proxies whose X-Forwarded-For is believed, comma-separated")
	fs.Var(addrValue{textValue{&cfg.debugListen}, true}, "debug-listen", "loopback address to serve Go's profiler on, at /debug/pprof/")
	fs.Var(storeValue{&cfg.store}, "store", "sqlite, or rqlite://HOST:PORT[,…] (rqlites:// for HTTPS)")
	fs.StringVar(&cfg.storeCAFile, "store-ca-file", "", "CA file (PEM) of the rqlite nodes' HTTPS certificates")
	return fs
}

// addOperatingFlags adds the settings for logs, metrics, shutdown and the
// limits that keep the server up on the open internet. Durations are like
// 30s, 10m or 1h; 0 turns a limit or timeout off.
func addOperatingFlags(fs *flag.FlagSet, cfg *config) {
	cfg.logFormat = "text"
	fs.Var(choiceValue{textValue{&cfg.logFormat}, []string{"text", "json"}}, "log-format", "log lines as text (logfmt) or json")
	fs.Var(addrValue{textValue{&cfg.metricsListen}, true}, "metrics-listen", "address to serve Prometheus metrics on, at /metrics")
	cfg.shutdownGrace = 10 * time.Second
	fs.Var(durationValue{&cfg.shutdownGrace}, "shutdown-grace", "on SIGTERM, how long open sessions get to close")

	lim := &cfg.limits
	*lim = server.Limits{
		LoginGrace:                   30 * time.Second,
		KexGrace:                     10 * time.Second,
		MaxUnauthenticated:           100,
		MaxUnauthenticatedPerAddress: 10,
		StartupsStart:                50,
		StartupsRate:                 30,
		LoginPenalty:                 10 * time.Second,
		MaxPenalty:                   10 * time.Minute,
		MaxConnections:               10000,
		MaxConnectionsPerAddress:     32,
		NoSessionTimeout:             time.Minute,
		MaxSessions:                  10000,
		MaxSessionsPerAddress:        16,
		ConnectionRate:               30,
		ConnectionBurst:              10,
		IdleTimeout:                  30 * time.Minute,
		// A backstop for every command: publishing over stdin or scp
		// takes posts of up to 1 MiB each, and comments much less.
		MaxInput: 8 << 20,
	}
	fs.Var(durationValue{&lim.LoginGrace}, "login-grace", "close a connection that has not logged in within this time")
	fs.Var(durationValue{&lim.KexGrace}, "kex-grace", "close a connection whose key exchange is not done by then")
	fs.Var(countValue{&lim.MaxUnauthenticated, 0}, "max-unauthenticated", "connections logging in at once, from everyone (MaxStartups)")
	fs.Var(countValue{&lim.MaxUnauthenticatedPerAddress, 0}, "max-unauthenticated-per-address", "connections logging in at once from one IPv4 /24 or IPv6 /48")
	fs.Var(countValue{&lim.StartupsStart, 0}, "startups-start", "from this many logging in, refuse new logins at random")
	fs.Var(countValue{&lim.StartupsRate, 0}, "startups-rate", "percent refused at startups-start, rising to all at the max")
	fs.Var(durationValue{&lim.LoginPenalty}, "login-penalty", "penalty per unfinished login; a network past 15s is refused")
	fs.Var(durationValue{&lim.MaxPenalty}, "max-penalty", "the longest penalty a network can gather")
	fs.Var(countValue{&lim.MaxConnections, 0}, "max-connections", "connections open at once, logged in or not, from everyone")
	fs.Var(countValue{&lim.MaxConnectionsPerAddress, 0}, "max-connections-per-address", "connections open at once from one address or IPv6 /64")
	fs.Var(durationValue{&lim.NoSessionTimeout}, "no-session-timeout", "close a logged-in connection without a session for this long")
	fs.Var(countValue{&lim.MaxSessions, 0}, "max-sessions", "sessions open at once, from everyone")
	fs.Var(countValue{&lim.MaxSessionsPerAddress, 0}, "max-sessions-per-address", "sessions open at once from one address")
	fs.Var(countValue{&lim.ConnectionRate, 0}, "connection-rate", "new connections a minute from one address")
	fs.Var(countValue{&lim.ConnectionBurst, 1}, "connection-burst", "connections one address may open in a quick burst")
	fs.Var(prefixesValue{&cfg.proxyProtocolFrom}, "proxy-protocol-from", "the load balancers (CIDR,...) that must send PROXY headers")
	fs.Var(durationValue{&lim.IdleTimeout}, "idle-timeout", "close a connection that has sent nothing for this long")
	fs.Var(durationValue{&lim.MaxSessionLength}, "max-session-length", "close any connection this long after it opened")
	fs.Var(sizeValue{&lim.MaxInput}, "max-input", "the most a command may read from its standard input")
}

// parseConfig reads flags, then fills what they left unset from SSHBLOG_*
// variables: flags win.
func parseConfig(args []string, getenv func(string) string) (config, error) {
	cfg, rest, err := parseConfigArgs(args, getenv)
	if err == nil && len(rest) > 0 {
		err = usageError{fmt.Sprintf("unexpected argument %q", rest[0])}
	}
	return cfg, err
}

// parseConfigArgs is parseConfig for the commands that also take arguments,
// before or after the flags; it returns them.
func parseConfigArgs(args []string, getenv func(string) string) (config, []string, error) {
	var cfg config
	fs := newFlagSet(&cfg)
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return cfg, nil, err
			}
			return cfg, nil, usageError{flagError(err)}
		}
		if fs.NArg() == 0 {
			break
		}
		rest, args = append(rest, fs.Arg(0)), fs.Args()[1:]
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v := getenv(envName(f.Name))
		if err != nil || set[f.Name] || v == "" {
			return
		}
		if e := fs.Set(f.Name, v); e != nil {
			err = usageError{fmt.Sprintf("%s=%q: %v", envName(f.Name), shownValue(f.Name, v), e)}
		}
	})
	if err != nil {
		return cfg, nil, err
	}
	cfg.httpListenSet = set["http-listen"] || getenv(envName("http-listen")) != ""
	if cfg.commentsPerMinute < 0 {
		return cfg, nil, usageError{fmt.Sprintf("--comments-per-minute %d: want 0 or more", cfg.commentsPerMinute)}
	}
	if cfg.storeCAFile != "" {
		if cfg.store == nil || !cfg.store.HTTPS {
			return cfg, nil, usageError{errStoreCAWithoutTLS.Error()}
		}
		cfg.store.CAFile = cfg.storeCAFile
	}
	if cfg.hostKey == "" {
		cfg.hostKey = filepath.Join(cfg.dataDir, "host_ed25519")
	}
	if cfg.hostKeyECDSA == "" {
		cfg.hostKeyECDSA = filepath.Join(cfg.dataDir, "host_ecdsa")
	}
	return cfg, rest, nil
}

// readerAddress is what readers are told to type after ssh: the setting,
// else the listen address.
func (cfg config) readerAddress() string {
	if cfg.sshAddress != "" {
		return cfg.sshAddress
	}
	return server.DefaultAddress(cfg.listen)
}

// invalidValue is how the flag package words a value its Set refused.
var invalidValue = regexp.MustCompile(`^invalid value (".*") for flag -(\S+): (.*)$`)

// flagError words a flag package error the way the rest of our messages go:
// the setting as the person typed it, the value, what is wrong.
func flagError(err error) string {
	if m := invalidValue.FindStringSubmatch(err.Error()); m != nil {
		v, _ := strconv.Unquote(m[1])
		return fmt.Sprintf("--%s=%q: %s", m[2], shownValue(m[2], v), m[3])
	}
	return err.Error()
}

// helpDefaults are the defaults whose value alone would not say what they
// mean, worded as the README's table words them.
var helpDefaults = map[string]string{
	"ssh-address":     "from --listen",
	"host-key":        "DATA-DIR/host_ed25519",
	"host-key-ecdsa":  "DATA-DIR/host_ecdsa",
	"posts-dir":       "the sample blog",
	"admin-keys":      "none",
	"log-level":       "info",
	"metrics-listen":  "off",
	"debug-listen":    "off",
	"base-url":        "none",
	"trusted-proxies": "none",
	"backup-dir":      "off",
	"store-ca-file":   "none",

	"proxy-protocol-from": "none",
}

// printServeHelp lists every flag with its variable and default, two lines
// each so that the long names still fit 80 columns.
func printServeHelp(w io.Writer) {
	var cfg config
	fs := newFlagSet(&cfg)
	fmt.Fprintf(w, "Usage: sshblog [serve] [flags]\n\nServes the blog over SSH. Every flag can also be set by its environment\nvariable; a flag on the command line wins. Durations are like 30s, 10m or\n1h; 0 turns a limit or timeout off.\n\n")
	fs.VisitAll(func(f *flag.Flag) {
		def, ok := helpDefaults[f.Name]
		switch {
		case ok:
		case f.DefValue == "0" || f.DefValue == "0s":
			def = "off"
		default:
			def = f.DefValue
		}
		fmt.Fprintf(w, "  %-35s %s\n      %s (default %s)\n", "--"+f.Name, envName(f.Name), f.Usage, def)
	})
}

// prepareDataDir makes the data folder and checks it can be written.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return usageError{fmt.Sprintf("data dir %s: %v", dir, posts.UnwrapPath(err))}
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return unwritableDataDir(dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}
