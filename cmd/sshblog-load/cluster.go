package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

// clusterOptions are the cluster run's settings.
type clusterOptions struct {
	server, rqlited string
	voters, nodes   int
	readers         int // held open on each node
	watchers        int // on each node, open on the post, timing live comments
	failover        int // new readers on each node right after the kill
	rate            float64
	commenters      int
	killAfter, run  time.Duration
	trials          int
	slug, probeSlug string
	probeTitle      string
	jsonOut         string
	keep            string
}

// clusterTrial is what one trial measured.
type clusterTrial struct {
	Leader         int      `json:"killed_leader"` // which voter, from 1
	Sessions       int      `json:"sessions"`
	Dropped        int      `json:"sessions_dropped"`
	Acknowledged   int      `json:"acknowledged"`
	Lost           int      `json:"lost"`
	NoWrites       float64  `json:"seconds_without_writes"`
	Live           latency  `json:"cross_node_live"`
	CommitFollower latency  `json:"commit_through_follower"`
	FirstFrame     latency  `json:"first_frame"`
	FirstFrameFail latency  `json:"first_frame_during_failover"`
	Refusals       []string `json:"refusals"`
	Problems       []string `json:"problems"`
}

type clusterReport struct {
	Options struct {
		Readers, Watchers, Failover, Commenters int
		KillAfter, Run                          string
	} `json:"options"`
	Trials []clusterTrial `json:"trials"`
}

func clusterMain(args []string) int {
	var o clusterOptions
	fs := flag.NewFlagSet("sshblog-load cluster", flag.ExitOnError)
	fs.StringVar(&o.server, "server", "sshblog", "the sshblog binary")
	fs.StringVar(&o.rqlited, "rqlited", "", "rqlited v8.43.4 (default: what .ci/rqlited.sh finds or builds)")
	fs.IntVar(&o.voters, "voters", 3, "rqlite voters")
	fs.IntVar(&o.nodes, "nodes", 3, "sshblog nodes, node i talking to voter i first")
	fs.IntVar(&o.readers, "readers", 1000, "readers held open on each node")
	fs.IntVar(&o.watchers, "watchers", 5, "readers on each node open on the post, timing comments made on the other nodes")
	fs.IntVar(&o.failover, "failover", 50, "new readers on each node from the moment the leader is killed, for the first frame during the failover")
	fs.Float64Var(&o.rate, "rate", 100, "new reader sessions a second, over all nodes")
	fs.IntVar(&o.commenters, "commenters", 20, "concurrent commenters (ssh HOST comment), spread over the nodes")
	fs.DurationVar(&o.killAfter, "kill-after", 10*time.Second, "kill -9 the rqlite leader this long after the comments start")
	fs.DurationVar(&o.run, "run", 25*time.Second, "how long the comments run in all")
	fs.IntVar(&o.trials, "trials", 1, "how many times to run it, each on a new cluster")
	fs.StringVar(&o.slug, "slug", "difference-between-networking-and-making-friends", "post to comment on")
	fs.StringVar(&o.probeSlug, "probe-slug", "friendships-change", "post the live probes comment on, which the watchers read")
	fs.StringVar(&o.probeTitle, "probe-title", "Friendships Change", "that post's title, which shows it is open")
	fs.StringVar(&o.jsonOut, "json", "", "also write the result as JSON to this file")
	fs.StringVar(&o.keep, "keep", "", "keep each trial's logs and data under this folder (default: removed)")
	fs.Parse(args)
	if o.rqlited == "" {
		out, err := exec.Command(".ci/rqlited.sh").Output()
		if err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load cluster: no -rqlited, and .ci/rqlited.sh (run from the repository) failed:", err)
			return 2
		}
		o.rqlited = strings.TrimSpace(string(out))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(o.trials)*(o.run+10*time.Minute))
	defer cancel()
	var rep clusterReport
	rep.Options.Readers, rep.Options.Watchers, rep.Options.Failover, rep.Options.Commenters = o.readers, o.watchers, o.failover, o.commenters
	rep.Options.KillAfter, rep.Options.Run = o.killAfter.String(), o.run.String()
	bad := false
	for trial := 1; trial <= o.trials; trial++ {
		tr, err := clusterTrialRun(ctx, o, trial)
		if err != nil {
			fmt.Fprintf(os.Stderr, "sshblog-load cluster: trial %d: %v\n", trial, err)
			return 1
		}
		rep.Trials = append(rep.Trials, tr)
		fmt.Fprintf(os.Stderr, "trial %d/%d: %d acknowledged, %d lost, %d of %d sessions dropped, %.1f s without writes\n",
			trial, o.trials, tr.Acknowledged, tr.Lost, tr.Dropped, tr.Sessions, tr.NoWrites)
		bad = bad || tr.Lost > 0 || tr.Dropped > 0
	}
	rep.print(os.Stdout)
	if o.jsonOut != "" {
		if err := writeJSON(o.jsonOut, rep); err != nil {
			fmt.Fprintln(os.Stderr, "sshblog-load cluster:", err)
			return 1
		}
	}
	if bad {
		return 1
	}
	return 0
}

// clusterTrialRun starts a cluster, opens the readers and watchers, runs
// the commenters, kills the leader mid-run, and measures.
func clusterTrialRun(ctx context.Context, o clusterOptions, trial int) (clusterTrial, error) {
	var tr clusterTrial
	dir, err := os.MkdirTemp(o.keep, fmt.Sprintf("sshblog-cluster-%d-", trial))
	if err != nil {
		return tr, err
	}
	if o.keep == "" {
		defer os.RemoveAll(dir)
	}
	c, err := startCluster(ctx, o, dir)
	defer c.stop()
	if err != nil {
		return tr, fmt.Errorf("%w (logs in %s)", err, dir)
	}
	run := runID()

	// Readers and watchers, round robin over the nodes, at the rate.
	var readers, watchers []*reader
	var watcherNode []int
	var frames []time.Duration
	open := func(node int, command string) (*reader, time.Duration, error) {
		start := time.Now()
		r, err := dial(c.ssh[node], "reader", keyless)
		if err != nil {
			return nil, 0, err
		}
		want := listDrawn
		if command != "" {
			want = []byte(o.probeTitle) // the only post opened by command
		}
		if err := r.start("xterm-256color", 80, 24, command); err != nil {
			r.close()
			return nil, 0, err
		}
		if err := r.waitFor(ctx, want, 0, 30*time.Second); err != nil {
			r.close()
			return nil, 0, err
		}
		return r, time.Since(start), nil
	}
	tick := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
	for i := range o.readers * o.nodes {
		<-tick.C
		r, d, err := open(i%o.nodes, "")
		if err != nil {
			tr.Problems = append(tr.Problems, "open reader: "+reason(err))
			continue
		}
		readers, frames = append(readers, r), append(frames, d)
	}
	tick.Stop()
	// Watchers sit at the end of the probe post's thread, which they follow
	// as it grows; the commenters' post would drown them.
	for i := range o.watchers * o.nodes {
		r, _, err := open(i%o.nodes, "read "+o.probeSlug)
		if err == nil {
			_, err = r.press(ctx, "G", []byte("comment"))
		}
		if err != nil {
			return tr, fmt.Errorf("open watcher: %w", err)
		}
		watchers, watcherNode = append(watchers, r), append(watcherNode, i%o.nodes)
	}
	defer func() {
		for _, r := range append(readers, watchers...) {
			r.close()
		}
	}()
	tr.FirstFrame = summarize(frames)
	tr.Sessions = len(readers) + len(watchers)

	leader := c.leader()
	cm := newClusterComments(c.ssh, o.slug, o.probeSlug, run)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range o.commenters {
		wg.Add(1)
		go func() { defer wg.Done(); cm.commenter(i, stop) }()
	}
	var live []time.Duration
	wg.Add(1)
	go func() { defer wg.Done(); live = cm.probe(ctx, watchers, watcherNode, stop) }()

	sleep(ctx, o.killAfter)
	killed := time.Now()
	c.voters[leader].kill()
	tr.Leader = leader + 1
	// New readers on every node while the cluster elects.
	var failFrames []time.Duration
	var fmu sync.Mutex
	var fwg sync.WaitGroup
	for i := range o.failover * o.nodes {
		fwg.Add(1)
		go func() {
			defer fwg.Done()
			sleep(ctx, time.Duration(i)*time.Duration(float64(time.Second)/o.rate))
			r, d, err := open(i%o.nodes, "")
			fmu.Lock()
			defer fmu.Unlock()
			if err != nil {
				tr.Problems = append(tr.Problems, "open reader during failover: "+reason(err))
				return
			}
			failFrames = append(failFrames, d)
			r.close()
		}()
	}
	fwg.Wait()
	sleep(ctx, o.run-o.killAfter-time.Since(killed))
	close(stop)
	wg.Wait()
	tr.FirstFrameFail = summarize(failFrames)
	tr.Live = summarize(live)

	// Who is still there: every session redraws on a window change.
	for _, r := range append(readers, watchers...) {
		if !r.redraws(ctx) {
			tr.Dropped++
		}
	}
	acks := cm.all()
	tr.Acknowledged = len(acks)
	var follower []time.Duration
	var answered []time.Time
	for _, a := range acks {
		answered = append(answered, a.answered)
		if a.node != leader && a.sent.Before(killed) {
			follower = append(follower, a.answered.Sub(a.sent))
		}
	}
	tr.CommitFollower = summarize(follower)
	tr.NoWrites = longestGap(answered, killed).Seconds()
	tr.Refusals = cm.refusalList()
	stored, err := c.stored()
	if err != nil {
		return tr, err
	}
	for _, a := range acks {
		if stored[a.id] != a.text {
			tr.Lost++
			tr.Problems = append(tr.Problems, fmt.Sprintf("comment #%d acknowledged as %q, stored as %q", a.id, a.text, stored[a.id]))
		}
	}
	return tr, nil
}

// longestGap is the longest time without an acknowledgement around the
// kill: between consecutive answers, the first after it counted from it.
func longestGap(answered []time.Time, killed time.Time) time.Duration {
	sort.Slice(answered, func(i, j int) bool { return answered[i].Before(answered[j]) })
	var gap time.Duration
	for i := 1; i < len(answered); i++ {
		from := answered[i-1]
		if from.Before(killed) && answered[i].After(killed) {
			from = killed
		}
		gap = max(gap, answered[i].Sub(from))
	}
	return gap
}

// redraws reports whether the session is still served: a window change
// brings output.
func (r *reader) redraws(ctx context.Context) bool {
	before := r.received()
	if err := r.session.WindowChange(23, 80); err != nil {
		return false
	}
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for r.received() == before {
		select {
		case <-r.changed:
		case <-deadline.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// clusterAck is an acknowledged comment, on which node, when sent and answered.
type clusterAck struct {
	id             int64
	text           string
	node           int
	sent, answered time.Time
}

// clusterComments are the commenters' and the probe's comments.
type clusterComments struct {
	addrs     []string
	slug, run string
	probeSlug string
	mu        sync.Mutex
	acks      []clusterAck
	refusals  map[string]int
}

func newClusterComments(addrs []string, slug, probeSlug, run string) *clusterComments {
	return &clusterComments{addrs: addrs, slug: slug, probeSlug: probeSlug, run: run, refusals: map[string]int{}}
}

// post comments text under slug through client on node; it returns the
// id, or 0 and records why not.
func (cm *clusterComments) post(client *ssh.Client, node int, slug, text string) (int64, error) {
	sent := time.Now()
	s, err := client.NewSession()
	if err != nil {
		cm.refuse("session: " + reason(err))
		return 0, err
	}
	defer s.Close()
	var stderr strings.Builder
	s.Stdin, s.Stderr = strings.NewReader(text), &stderr
	out, err := s.Output("comment " + slug)
	if err != nil {
		cm.refuse(strings.TrimSpace(stderr.String()) + " (" + reason(err) + ")")
		return 0, err
	}
	var id int64
	if _, err := fmt.Sscan(string(out), &id); err != nil {
		cm.refuse("no id")
		return 0, err
	}
	cm.mu.Lock()
	cm.acks = append(cm.acks, clusterAck{id, text, node, sent, time.Now()})
	cm.mu.Unlock()
	return id, nil
}

func (cm *clusterComments) refuse(why string) {
	cm.mu.Lock()
	defer cm.mu.Unlock()
	cm.refusals[why]++
}

func (cm *clusterComments) refusalList() []string {
	cm.mu.Lock()
	defer cm.mu.Unlock()
	var list []string
	for why, n := range cm.refusals {
		list = append(list, fmt.Sprintf("%d× %s", n, why))
	}
	sort.Strings(list)
	return list
}

func (cm *clusterComments) all() []clusterAck {
	cm.mu.Lock()
	defer cm.mu.Unlock()
	return append([]clusterAck(nil), cm.acks...)
}

// commenter i posts on node i mod n, as fast as it is answered, until stop.
func (cm *clusterComments) commenter(i int, stop chan struct{}) {
	node := i % len(cm.addrs)
	auth, err := newIdentity()
	if err != nil {
		return
	}
	r, err := dial(cm.addrs[node], fmt.Sprintf("c-%s-%d", cm.run, i), auth)
	if err != nil {
		cm.refuse("dial: " + reason(err))
		return
	}
	defer r.close()
	for k := 0; ; k++ {
		select {
		case <-stop:
			return
		default:
		}
		if _, err := cm.post(r.client, node, cm.slug, fmt.Sprintf("Cluster run %s, commenter %d, comment %d.", cm.run, i, k)); err != nil {
			time.Sleep(20 * time.Millisecond) // no leader: try again soon, not in a spin
		}
	}
}

// probe posts a comment on each node in turn, each from a new key whose
// name (the SSH user) is its own, and times until every watcher on the
// other nodes shows that name in the thread, from the moment the comment
// was acknowledged.
func (cm *clusterComments) probe(ctx context.Context, watchers []*reader, watcherNode []int, stop chan struct{}) []time.Duration {
	var lat []time.Duration
	for k := 0; ; k++ {
		select {
		case <-stop:
			return lat
		case <-time.After(300 * time.Millisecond):
		}
		node := k % len(cm.addrs)
		name := fmt.Sprintf("p%s-%d", cm.run, k)
		auth, err := newIdentity()
		if err != nil {
			return lat
		}
		r, err := dial(cm.addrs[node], name, auth)
		if err != nil {
			cm.refuse("probe dial: " + reason(err))
			continue
		}
		marks := make([]int, len(watchers))
		for i, w := range watchers {
			marks[i] = w.received()
		}
		_, err = cm.post(r.client, node, cm.probeSlug, "Probe "+name)
		r.close()
		if err != nil {
			continue
		}
		acked := time.Now()
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i, w := range watchers {
			if watcherNode[i] == node {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := w.waitFor(ctx, []byte(name), marks[i], 10*time.Second); err == nil {
					mu.Lock()
					lat = append(lat, time.Since(acked))
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	}
}

func (r *clusterReport) print(w io.Writer) {
	o := r.Options
	fmt.Fprintf(w, "sshblog-load cluster: %d trials; %d readers and %d watchers per node, %d commenters, the rqlite leader killed after %s of %s\n",
		len(r.Trials), o.Readers, o.Watchers, o.Commenters, o.KillAfter, o.Run)
	fmt.Fprintf(w, "%-6s %-8s %-9s %-6s %-6s %-9s %-21s %-19s %-19s %-19s\n", "trial", "sessions", "dropped", "acked", "lost", "no-write", "live p50/p99 ms", "commit p50/p99 ms", "frame p50/p99 ms", "failover p50/p99")
	for i, t := range r.Trials {
		fmt.Fprintf(w, "%-6d %-8d %-9d %-6d %-6d %-9.1f %-21s %-19s %-19s %-19s\n", i+1, t.Sessions, t.Dropped, t.Acknowledged, t.Lost, t.NoWrites,
			fmt.Sprintf("%.0f / %.0f", t.Live.P50, t.Live.P99), fmt.Sprintf("%.1f / %.1f", t.CommitFollower.P50, t.CommitFollower.P99),
			fmt.Sprintf("%.1f / %.1f", t.FirstFrame.P50, t.FirstFrame.P99), fmt.Sprintf("%.1f / %.1f", t.FirstFrameFail.P50, t.FirstFrameFail.P99))
		for _, p := range t.Refusals {
			fmt.Fprintf(w, "    refused: %s\n", p)
		}
		for j, p := range t.Problems {
			if j == 10 {
				fmt.Fprintf(w, "    … %d more\n", len(t.Problems)-10)
				break
			}
			fmt.Fprintf(w, "    %s\n", p)
		}
	}
}
