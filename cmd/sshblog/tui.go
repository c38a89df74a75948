package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"

	"github.com/sshblog/sshblog/blog"
	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/tui"
)

// readHere runs the reader on this terminal against the blog in the data
// dir, read-only: to preview a blog, or to serve it from OpenSSH's sshd with
// ForceCommand, one process per connection. It takes serve's flags and
// variables and uses --data-dir and --blog-name.
func readHere(args []string) error {
	cfg, err := parseConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	if cfg.store != nil {
		return usageError{"sshblog tui reads a single node's database file; to read a cluster's blog, ssh to one of its nodes"}
	}
	if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
		return usageError{"sshblog tui needs a terminal (over ssh, ask for one with ssh -t)"}
	}
	store, err := data.OpenReadOnly(databasePath(cfg))
	if err != nil {
		return fmt.Errorf("no blog to read: %w (sshblog serve makes one)", err)
	}
	defer store.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	b, err := blog.New(ctx, cfg.blogName, store, store.Now) // the wall clock
	if err != nil {
		return err
	}
	b.Address = cfg.readerAddress()
	width, height, err := term.GetSize(os.Stdout.Fd())
	if err != nil {
		return fmt.Errorf("terminal size: %w", err)
	}
	// Bubble Tea's init has asked this terminal for its background already,
	// through lipgloss's default renderer (without an answer it assumes
	// dark). Asking again would drop any key typed meanwhile: termenv
	// skips whatever comes before the answer.
	look := tui.LookOf(lipgloss.DefaultRenderer())
	if os.Getenv("NO_COLOR") != "" {
		// termenv drops bold and underline too; no-color.org keeps them.
		look = tui.Look{Profile: termenv.ANSI, Dark: look.Dark, NoColor: true}
	}
	// Bubble Tea only sets up the terminal when it draws; our own frame writer
	// draws, so raw mode is ours to set and restore.
	saved, err := term.MakeRaw(os.Stdin.Fd())
	if err != nil {
		return fmt.Errorf("terminal: %w", err)
	}
	defer term.Restore(os.Stdin.Fd(), saved)
	model := tui.New(tui.NewBlog(b, tui.NewRenderCache(renderCacheBytes)), tui.Options{Look: look, Settings: tui.DefaultSettings(os.Getenv("TERM")), Width: width, Height: height})
	session := tui.NewSession(ctx, model, os.Stdin, os.Stdout, width, height)
	resized := make(chan os.Signal, 1)
	signal.Notify(resized, syscall.SIGWINCH)
	defer signal.Stop(resized)
	go func() {
		for range resized {
			if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil {
				session.Resize(w, h)
			}
		}
	}()
	if err := session.Run(); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
