package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/sshblog/sshblog/posts"
)

// config is everything `sshblog serve` can be told.
type config struct {
	listen   string
	dataDir  string
	hostKey  string
	blogName string
	postsDir string
	logLevel slog.Level
	// comments
	adminKeys         string
	commentsPerMinute int
	// profiling
	debugListen string
}

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
	fs.StringVar(&cfg.listen, "listen", ":23234", "address to serve SSH on")
	fs.StringVar(&cfg.dataDir, "data-dir", defaultDataDir, "folder for the database and host key")
	fs.StringVar(&cfg.hostKey, "host-key", "", "host key file, made if missing (default DATA-DIR/host_ed25519)")
	fs.StringVar(&cfg.blogName, "blog-name", "sshblog", "name shown in the reader's header")
	fs.StringVar(&cfg.postsDir, "posts-dir", "", "folder of Markdown posts to serve, kept in sync (default: the sample blog)")
	fs.TextVar(&cfg.logLevel, "log-level", slog.LevelInfo, "debug, info, warn or error")
	fs.StringVar(&cfg.adminKeys, "admin-keys", "", "authorized_keys file of the keys that moderate comments")
	fs.IntVar(&cfg.commentsPerMinute, "comments-per-minute", posts.DefaultRateLimit.Count, "comments one key may post a minute; 0 for no limit")
	fs.StringVar(&cfg.debugListen, "debug-listen", "", "loopback address to serve Go's profiler on, at /debug/pprof/")
	return fs
}

// parseConfig reads flags, then fills what they left unset from SSHBLOG_*
// variables: flags win.
func parseConfig(args []string, getenv func(string) string) (config, error) {
	var cfg config
	fs := newFlagSet(&cfg)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, err
		}
		return cfg, usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return cfg, usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
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
			err = usageError{fmt.Sprintf("%s=%q: %v", envName(f.Name), v, e)}
		}
	})
	if err != nil {
		return cfg, err
	}
	if cfg.commentsPerMinute < 0 {
		return cfg, usageError{fmt.Sprintf("--comments-per-minute %d: want 0 or more", cfg.commentsPerMinute)}
	}
	if cfg.hostKey == "" {
		cfg.hostKey = filepath.Join(cfg.dataDir, "host_ed25519")
	}
	return cfg, nil
}

// printServeHelp lists every flag with its variable and default.
func printServeHelp(w io.Writer) {
	var cfg config
	fs := newFlagSet(&cfg)
	fmt.Fprintf(w, "Usage: sshblog [serve] [flags]\n\nServes the blog over SSH. Every flag can also be set by its environment\nvariable; a flag on the command line wins.\n\n")
	fs.VisitAll(func(f *flag.Flag) {
		def := f.DefValue
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(w, "  --%-11s %-20s %s (default %s)\n", f.Name, envName(f.Name), f.Usage, def)
	})
}

// prepareDataDir makes the data folder and checks it can be written.
func prepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return usageError{fmt.Sprintf("data dir %s: %v", dir, unwrapPath(err))}
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return usageError{fmt.Sprintf("data dir %s is not writable: %v", dir, unwrapPath(err))}
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// unwrapPath drops the path from an *os.PathError: the message names it already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
