// Package rqlitetest runs real rqlited processes for tests: a single node or
// a cluster of voters, each on its own loopback address and ports, with data
// in the test's temporary folder, and ways to kill (-9) and restart nodes.
// The binary is rqlited v8.43.4 as .ci/rqlited.sh finds or builds it.
package rqlitetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/eventually"
)

var binary struct {
	once sync.Once
	path string
	err  error
}

// Binary is the path of rqlited v8.43.4, found or built once per process by
// .ci/rqlited.sh (the first build takes a few minutes).
func Binary(t testing.TB) string {
	t.Helper()
	binary.once.Do(func() {
		script := filepath.Join(repoRoot(), ".ci", "rqlited.sh")
		var stderr bytes.Buffer
		cmd := exec.Command(script)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			binary.err = fmt.Errorf("%s: %v\n%s", script, err, stderr.String())
			return
		}
		binary.path = strings.TrimSpace(string(out))
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// repoRoot is the module's root, from this file's place in it.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Cluster is a set of rqlited voters started by StartCluster.
type Cluster struct {
	t     testing.TB
	bin   string
	nodes []*Node
}

// Node is one rqlited process.
type Node struct {
	ID       string
	HTTPAddr string // host:port of its HTTP API
	RaftAddr string
	user     string
	password string
	dir      string
	args     []string
	cmd      *exec.Cmd
	exited   chan struct{}
	log      *os.File
}

// Option changes how the nodes are started.
type Option func(*config)

type config struct {
	extra          []string
	user, password string
}

// Auth has the nodes take only requests with this basic-auth user and
// password (who may do anything); the cluster's own probes send them.
func Auth(user, password string) Option {
	return func(c *config) { c.user, c.password = user, password }
}

// Args adds command-line arguments to every node (TLS, auth, timeouts).
func Args(args ...string) Option {
	return func(c *config) { c.extra = append(c.extra, args...) }
}

// StartCluster starts n voters with foreign keys on, joined into one cluster,
// and returns once one of them is the leader and every node knows it. All are
// killed when the test ends.
func StartCluster(t testing.TB, n int, opts ...Option) *Cluster {
	t.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	c := &Cluster{t: t, bin: Binary(t)}
	base := t.TempDir()
	if cfg.user != "" {
		auth := filepath.Join(base, "auth.json")
		users, _ := json.Marshal([]map[string]any{{"username": cfg.user, "password": cfg.password, "perms": []string{"all"}}})
		if err := os.WriteFile(auth, users, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg.extra = append(cfg.extra, "-auth", auth)
	}
	for i := range n {
		// Each node its own loopback address, so per-address limits and logs
		// of tests tell them apart; ports are whatever is free there.
		host := fmt.Sprintf("127.0.%d.%d", 110+i, 1+os.Getpid()%200)
		c.nodes = append(c.nodes, &Node{
			ID:       fmt.Sprintf("node%d", i+1),
			HTTPAddr: freeAddr(t, host),
			RaftAddr: freeAddr(t, host),
			dir:      filepath.Join(base, fmt.Sprintf("node%d", i+1)),
			user:     cfg.user,
			password: cfg.password,
		})
	}
	var raftAddrs []string
	for _, nd := range c.nodes {
		raftAddrs = append(raftAddrs, nd.RaftAddr)
	}
	for _, nd := range c.nodes {
		nd.args = []string{"-node-id", nd.ID, "-http-addr", nd.HTTPAddr, "-raft-addr", nd.RaftAddr, "-fk"}
		if n > 1 {
			nd.args = append(nd.args, "-bootstrap-expect", fmt.Sprint(n), "-join", strings.Join(raftAddrs, ","))
		}
		nd.args = append(nd.args, cfg.extra...)
		nd.args = append(nd.args, nd.dir)
	}
	t.Cleanup(c.stopAll)
	for i := range c.nodes {
		c.start(i)
	}
	c.WaitLeader()
	return c
}

// freeAddr is host:port with a port nothing listens on at the moment.
func freeAddr(t testing.TB, host string) string {
	t.Helper()
	l, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Fatalf("find a free port on %s: %v", host, err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (c *Cluster) start(i int) {
	c.t.Helper()
	nd := c.nodes[i]
	if err := os.MkdirAll(nd.dir, 0o700); err != nil {
		c.t.Fatal(err)
	}
	logf, err := os.OpenFile(nd.dir+".log", os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command(c.bin, nd.args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		c.t.Fatalf("start rqlited %s: %v", nd.ID, err)
	}
	nd.cmd, nd.log, nd.exited = cmd, logf, make(chan struct{})
	go func() { cmd.Wait(); logf.Close(); close(nd.exited) }()
}

// Nodes are the cluster's nodes, in the order they were made.
func (c *Cluster) Nodes() []*Node { return c.nodes }

// HTTPAddrs are the nodes' HTTP addresses, host:port, in order.
func (c *Cluster) HTTPAddrs() []string {
	var addrs []string
	for _, nd := range c.nodes {
		addrs = append(addrs, nd.HTTPAddr)
	}
	return addrs
}

// URL is the --store value naming every node, node first node i.
func (c *Cluster) URL(first int) string {
	addrs := c.HTTPAddrs()
	addrs = append(addrs[first:], addrs[:first]...)
	return "rqlite://" + strings.Join(addrs, ",")
}

// Kill kills node i with SIGKILL and waits for it to be gone.
func (c *Cluster) Kill(i int) {
	nd := c.nodes[i]
	if nd.cmd == nil {
		return
	}
	nd.cmd.Process.Kill()
	<-nd.exited
	nd.cmd = nil
}

// Restart starts node i again on its data, after Kill, and waits until it
// knows the leader.
func (c *Cluster) Restart(i int) {
	c.t.Helper()
	c.Kill(i)
	c.start(i)
	c.WaitLeader()
}

// Leader is the index of the node that is leader now, or -1.
func (c *Cluster) Leader() int {
	for i, nd := range c.nodes {
		if nd.cmd == nil {
			continue
		}
		if st, err := nd.status(); err == nil && st.Store.Raft.State == "Leader" {
			return i
		}
	}
	return -1
}

// WaitLeader waits until a node is leader and every running node is ready
// (knows a leader it can reach), failing the test after eventually.Patience.
func (c *Cluster) WaitLeader() int {
	c.t.Helper()
	leader := -1
	eventually.True(c.t, "an rqlite leader that every node knows", func() bool {
		for _, nd := range c.nodes {
			if nd.cmd != nil && !nd.Ready() {
				return false
			}
		}
		leader = c.Leader()
		return leader >= 0
	})
	return leader
}

var client = &http.Client{Timeout: 2 * time.Second}

// get asks the node for path, with the cluster's credentials if any.
func (nd *Node) get(path string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, "http://"+nd.HTTPAddr+path, nil)
	if err != nil {
		return nil, err
	}
	if nd.user != "" {
		req.SetBasicAuth(nd.user, nd.password)
	}
	return client.Do(req)
}

// Ready reports whether the node answers and knows a reachable leader.
func (nd *Node) Ready() bool {
	resp, err := nd.get("/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// Leaderless reports whether the node answers and knows of no leader.
func (nd *Node) Leaderless() bool {
	resp, err := nd.get("/readyz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode != http.StatusOK &&
		(strings.Contains(string(body), "leader not found") || strings.Contains(string(body), "leader does not exist"))
}

type status struct {
	Store struct {
		Raft struct {
			State string `json:"state"`
		} `json:"raft"`
	} `json:"store"`
}

func (nd *Node) status() (status, error) {
	var st status
	resp, err := nd.get("/status")
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

func (c *Cluster) stopAll() {
	for i := range c.nodes {
		c.Kill(i)
	}
	if c.t.Failed() {
		for _, nd := range c.nodes {
			if b, err := os.ReadFile(nd.dir + ".log"); err == nil {
				c.t.Logf("rqlited %s log (last 2 KiB):\n%s", nd.ID, tail(b, 2048))
			}
		}
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
