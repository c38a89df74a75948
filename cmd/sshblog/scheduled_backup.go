package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sshblog/sshblog/data"
	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
)

// backupSettings are the scheduled backups' settings.
type backupSettings struct {
	dir   string // "" for none
	every time.Duration
	keep  int
}

func addBackupFlags(fs *flag.FlagSet, b *backupSettings) {
	fs.StringVar(&b.dir, "backup-dir", "", "folder for scheduled backups, each checked once written")
	b.every = 6 * time.Hour
	fs.Var(durationValue{&b.every}, "backup-every", "how often to back up into backup-dir")
	b.keep = 7
	fs.Var(countValue{&b.keep, 1}, "backup-keep", "how many scheduled backups to keep; older ones are deleted")
}

// backupReserve is the free space a scheduled backup leaves on its disk at
// least, beyond its own size: it must never be what fills the disk that
// comments need.
const backupReserve = 64 << 20

// backupPrefix and backupSuffix frame a scheduled backup's name, which
// sorts by time: sshblog-20260101T060000Z.db.
const (
	backupPrefix = "sshblog-"
	backupSuffix = ".db"
	backupStamp  = "20060102T150405Z"
)

// scheduledBackups writes a checked backup of the database every so often
// while serving. A failure is logged and counted and never stops the blog.
type scheduledBackups struct {
	backupSettings
	database string
	log      *slog.Logger
	now      func() time.Time
	results  *prometheus.CounterVec
}

// scheduleBackups starts the backups, if a folder is set, until close.
func (a *app) scheduleBackups(ctx context.Context, metrics *server.Metrics) {
	if a.cfg.backups.dir == "" || a.cfg.backups.every == 0 {
		return
	}
	b := &scheduledBackups{backupSettings: a.cfg.backups, database: databasePath(a.cfg), log: a.log, now: a.now,
		results: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "sshblog_backups_total",
			Help: "Scheduled backups by result: ok, failed, skipped (free space short)."}, []string{"result"})}
	metrics.Register(b.results)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.run(ctx)
	}()
	a.onClose(func() { cancel(); <-done })
}

// run backs up once each period, on one timer, until ctx ends.
func (b *scheduledBackups) run(ctx context.Context) {
	timer := time.NewTimer(b.every)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		result, err := b.once(ctx)
		b.results.WithLabelValues(result).Inc()
		switch {
		case err != nil && ctx.Err() != nil:
			return // stopping: the backup was cut short, as it should be
		case result == "skipped":
			b.log.Warn("scheduled backup skipped", "dir", b.dir, "why", err.Error())
		case err != nil:
			b.log.Error("scheduled backup failed; the blog goes on", "dir", b.dir, "err", err)
		}
		timer.Reset(b.every)
	}
}

// once writes one backup, checks it and deletes the oldest beyond keep. Its
// result is ok, failed or skipped.
func (b *scheduledBackups) once(ctx context.Context) (result string, err error) {
	if err := os.MkdirAll(b.dir, 0o700); err != nil {
		return "failed", err
	}
	need, free, err := b.space()
	if err != nil {
		return "failed", err
	}
	if free < need {
		return "skipped", fmt.Errorf("%s free on the backup disk, and a backup needs %s with %s left for the blog",
			posts.Bytes(int64(free)), posts.Bytes(int64(need-backupReserve)), posts.Bytes(backupReserve))
	}
	dest := filepath.Join(b.dir, backupPrefix+b.now().UTC().Format(backupStamp)+backupSuffix)
	if err := data.Backup(ctx, b.database, dest); err != nil {
		return "failed", err
	}
	problems, err := data.Check(ctx, dest)
	if err == nil && len(problems) > 0 {
		err = fmt.Errorf("%d problems, the first: %s", len(problems), problems[0])
	}
	if err != nil {
		os.Remove(dest)
		return "failed", fmt.Errorf("the backup %s failed its check, and was deleted: %w", dest, err)
	}
	info, err := os.Stat(dest)
	if err != nil {
		return "failed", err
	}
	b.log.Info("scheduled backup written and checked", "file", dest, "size", posts.Bytes(info.Size()))
	return "ok", b.prune()
}

// space is what a backup needs free (about the database's size, with its
// WAL, and the reserve) and what the backup folder's disk has free.
func (b *scheduledBackups) space() (need, free uint64, err error) {
	need = backupReserve
	for _, p := range []string{b.database, b.database + "-wal"} {
		if info, err := os.Stat(p); err == nil {
			need += uint64(info.Size())
		}
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(b.dir, &st); err != nil {
		return 0, 0, fmt.Errorf("free space of %s: %w", b.dir, err)
	}
	return need, st.Bavail * uint64(st.Bsize), nil
}

// prune deletes the oldest scheduled backups beyond keep; other files in
// the folder are left alone.
func (b *scheduledBackups) prune() error {
	names, err := filepath.Glob(filepath.Join(b.dir, backupPrefix+"*"+backupSuffix))
	if err != nil {
		return err
	}
	slices.Sort(names) // oldest first: the names sort by time
	var errs []error
	for len(names) > b.keep {
		errs = append(errs, os.Remove(names[0]))
		names = names[1:]
	}
	return errors.Join(errs...)
}
