package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// openComposer opens the selected post's composer and pastes text in.
func (r *reader) openComposer(ctx context.Context, text string) error {
	if _, err := r.press(ctx, "\r", postDrawn); err != nil {
		return fmt.Errorf("open post: %w", err)
	}
	if _, err := r.press(ctx, "w", composerShown); err != nil {
		return fmt.Errorf("open the composer: %w", err)
	}
	mark := r.received()
	io.WriteString(r.stdin, "\x1b[200~"+text+"\x1b[201~") // a paste, as terminals send one
	return r.waitFor(ctx, []byte(text[len(text)-10:]), mark, 30*time.Second)
}

// sendComments has every reader send its comment at once, and times each
// from ctrl+s to the "Sent." notice.
func (l *load) sendComments(ctx context.Context, readers []*reader) latency {
	times := make([]time.Duration, len(readers))
	var wg sync.WaitGroup
	for i, r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			took, err := r.press(ctx, "\x13", commentSent)
			if err != nil {
				l.fail(fmt.Errorf("send a comment: %w", err))
				return
			}
			times[i] = took
		}()
	}
	wg.Wait()
	return summarize(nonZero(times))
}

func nonZero(d []time.Duration) []time.Duration {
	out := d[:0]
	for _, v := range d {
		if v > 0 {
			out = append(out, v)
		}
	}
	return out
}

// execComments connects every commenter at the rate, each with a key of its
// own, then has them all run `comment SLUG` at once, as people piping a
// comment into ssh would, and times each command.
func (l *load) execComments(ctx context.Context) *report {
	rep, o := l.rep, l.o
	rep.Before = sample(o, true)
	clients := make([]*reader, o.sessions)
	var wg sync.WaitGroup
	ramp := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
	start := time.Now()
	var connects []time.Duration
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			auth, err := newIdentity()
			if err != nil {
				l.fail(err)
				return
			}
			began := time.Now()
			c, err := dial(o.addr, l.commenter(i), auth)
			if err != nil {
				l.fail(err)
				return
			}
			l.mu.Lock()
			connects = append(connects, time.Since(began))
			l.mu.Unlock()
			clients[i] = c
		}()
		select {
		case <-ramp.C:
		case <-ctx.Done():
		}
	}
	ramp.Stop()
	wg.Wait()
	rep.RampSeconds = time.Since(start).Seconds()
	rep.Connect = summarize(connects)
	rep.Holding = sample(o, false)

	times := make([]time.Duration, len(clients))
	for i, c := range clients {
		if c == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			began := time.Now()
			if err := execComment(c.client, o.slug, l.commentText(i)); err != nil {
				l.fail(err)
				return
			}
			times[i] = time.Since(began)
		}()
	}
	wg.Wait()
	rep.Comment = summarize(nonZero(times))
	rep.OK = rep.Comment.Count
	closeStart := sample(o, false)
	for _, c := range clients {
		if c != nil {
			c.close()
		}
	}
	sleep(ctx, settle)
	rep.After = sample(o, true)
	sleep(ctx, spinWindow)
	rep.Spin = sample(o, false)
	rep.finish(closeStart, rep.OK)
	return rep
}

// execComment runs `comment SLUG` with text as its input; it succeeds when
// the server prints the new comment's id and exits 0.
func execComment(c *ssh.Client, slug, text string) error {
	s, err := c.NewSession()
	if err != nil {
		return fmt.Errorf("session: %w", err)
	}
	defer s.Close()
	var out, errOut bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = strings.NewReader(text), &out, &errOut
	if err := s.Run("comment " + slug); err != nil {
		var exit *ssh.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("comment: exit %d: %s", exit.ExitStatus(), strings.TrimSpace(errOut.String()))
		}
		return fmt.Errorf("comment: %w", err)
	}
	if _, err := strconv.ParseInt(strings.TrimSpace(out.String()), 10, 64); err != nil {
		return fmt.Errorf("comment: no id printed: %q", out.String())
	}
	return nil
}
