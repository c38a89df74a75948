package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
)

// diskAlarmEvery is how often at most a full disk is logged: it refuses
// every write until space comes back, and one line a write would bury the
// log (which may well be on the same disk).
const diskAlarmEvery = time.Minute

// diskAlarm counts the writes a full disk refused and logs them at ERROR,
// at most once a diskAlarmEvery, with how many went unlogged. It needs no
// timer: the next refusal after the minute logs.
type diskAlarm struct {
	log     *slog.Logger
	now     func() time.Time
	refused *prometheus.CounterVec

	mu       sync.Mutex
	logged   time.Time // when the last line was written
	unlogged int       // refusals since then
}

func newDiskAlarm(log *slog.Logger, now func() time.Time, metrics *server.Metrics) *diskAlarm {
	a := &diskAlarm{log: log, now: now, refused: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "sshblog_disk_full_total",
		Help: "Writes refused because the disk was full, by what was written.",
	}, []string{"what"})}
	metrics.Register(a.refused)
	return a
}

// full counts one refused write of what (database, posts folder, backup)
// and logs it unless the minute's line was written.
func (a *diskAlarm) full(what string, err error) {
	a.refused.WithLabelValues(what).Inc()
	a.mu.Lock()
	now := a.now()
	if !a.logged.IsZero() && now.Sub(a.logged) < diskAlarmEvery {
		a.unlogged++
		a.mu.Unlock()
		return
	}
	unlogged := a.unlogged
	a.logged, a.unlogged = now, 0
	a.mu.Unlock()
	a.log.Error("the disk is full: writes are refused until space is freed; reading goes on",
		"what", what, "err", err, "refused_since_last_line", unlogged)
}

// alarmedPublisher reports the posts folder's full disk to the alarm (the
// store reports its own).
type alarmedPublisher struct {
	server.Publisher
	alarm *diskAlarm
}

func (p alarmedPublisher) Publish(ctx context.Context, name string, src []byte) (posts.Post, error) {
	post, err := p.Publisher.Publish(ctx, name, src)
	if err != nil && posts.IsDiskFull(err) {
		p.alarm.full("posts", err)
	}
	return post, err
}

// diskFullAtStart says what to do when a start cannot write for a full disk.
func diskFullAtStart(err error) error {
	if posts.IsDiskFull(err) {
		return fmt.Errorf("%w: the disk is full; free some space, then start sshblog again", err)
	}
	return err
}
