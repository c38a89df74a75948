package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/sshblog/sshblog/internal/rqliteread"
	"github.com/sshblog/sshblog/server"
)

// The cluster scenario's processes: three rqlited voters and three sshblog
// nodes, each pair on its own loopback address, as the README's Compose
// file places them on their own machines.

// proc is a process the scenario started and may kill.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{}
}

func startProc(logFile string, bin string, args ...string) (*proc, error) {
	logf, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(p.done) }()
	return p, nil
}

// kill ends p with SIGKILL and waits for it.
func (p *proc) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// cluster is one trial's processes.
type cluster struct {
	dir     string
	voters  []*proc
	http    []string // each voter's HTTP address
	nodes   []*proc
	ssh     []string // each sshblog node's SSH address
	stopped bool
}

// pairHost is the loopback address of pair i: its voter and its node.
func pairHost(i int) string { return fmt.Sprintf("127.0.%d.1", 150+i) }

// hostPort is host with a port nothing listens on now.
func hostPort(host string) (string, error) {
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startCluster starts the voters, waits for a leader, then the nodes, node
// i naming voter i first, with one pair of host keys and the limits for
// load from one address off.
func startCluster(ctx context.Context, o clusterOptions, dir string) (*cluster, error) {
	c := &cluster{dir: dir}
	raft := make([]string, o.voters)
	c.http = make([]string, o.voters)
	for i := range o.voters {
		var err error
		if c.http[i], err = hostPort(pairHost(i)); err != nil {
			return c, err
		}
		if raft[i], err = hostPort(pairHost(i)); err != nil {
			return c, err
		}
	}
	for i := range o.voters {
		p, err := startProc(filepath.Join(dir, fmt.Sprintf("rqlite%d.log", i+1)), o.rqlited,
			"-node-id", fmt.Sprintf("rqlite%d", i+1), "-http-addr", c.http[i], "-raft-addr", raft[i], "-fk",
			"-bootstrap-expect", fmt.Sprint(o.voters), "-join", strings.Join(raft, ","), filepath.Join(dir, fmt.Sprintf("rqlite%d", i+1)))
		if err != nil {
			return c, err
		}
		c.voters = append(c.voters, p)
	}
	if _, err := c.waitLeader(ctx, 60*time.Second); err != nil {
		return c, err
	}
	ed, ecdsa := filepath.Join(dir, "host_ed25519"), filepath.Join(dir, "host_ecdsa")
	if _, err := server.LoadOrCreateHostKey(ed); err != nil {
		return c, err
	}
	if _, err := server.LoadOrCreateECDSAHostKey(ecdsa); err != nil {
		return c, err
	}
	for i := range o.nodes {
		addr, err := hostPort(pairHost(i))
		if err != nil {
			return c, err
		}
		store := c.http[i:]
		store = append(append([]string{}, store...), c.http[:i]...)
		p, err := startProc(filepath.Join(dir, fmt.Sprintf("sshblog%d.log", i+1)), o.server, "serve",
			"--store", "rqlite://"+strings.Join(store, ","), "--listen", addr, "--data-dir", filepath.Join(dir, fmt.Sprintf("sshblog%d", i+1)),
			"--host-key", ed, "--host-key-ecdsa", ecdsa, "--log-level", "warn",
			"--comments-per-minute", "0", "--comments-per-minute-per-address", "0", "--new-identities-per-hour", "0",
			"--connection-rate", "0", "--max-sessions", "0", "--max-sessions-per-address", "0", "--max-connections", "0",
			"--max-connections-per-address", "0", "--max-unauthenticated", "0", "--max-unauthenticated-per-address", "0")
		if err != nil {
			return c, err
		}
		c.nodes, c.ssh = append(c.nodes, p), append(c.ssh, addr)
	}
	for _, addr := range c.ssh {
		if err := waitSSH(ctx, addr, 60*time.Second); err != nil {
			return c, err
		}
	}
	return c, nil
}

// waitSSH waits until addr takes connections.
func waitSSH(ctx context.Context, addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("sshblog on %s takes no connections: %w", addr, err)
		}
		sleep(ctx, 50*time.Millisecond)
	}
}

var rqliteHTTP = &http.Client{Timeout: 2 * time.Second}

// leader is the index of the voter that is leader now, or -1.
func (c *cluster) leader() int {
	for i, addr := range c.http {
		select {
		case <-c.voters[i].done:
			continue
		default:
		}
		resp, err := rqliteHTTP.Get("http://" + addr + "/status")
		if err != nil {
			continue
		}
		var st struct {
			Store struct {
				Raft struct {
					State string `json:"state"`
				} `json:"raft"`
			} `json:"store"`
		}
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if err == nil && st.Store.Raft.State == "Leader" {
			return i
		}
	}
	return -1
}

// waitLeader waits for a leader, up to limit.
func (c *cluster) waitLeader(ctx context.Context, limit time.Duration) (int, error) {
	deadline := time.Now().Add(limit)
	for {
		if l := c.leader(); l >= 0 {
			return l, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return -1, errors.New("no rqlite leader elected")
		}
		sleep(ctx, 50*time.Millisecond)
	}
}

// stop kills every process.
func (c *cluster) stop() {
	if c.stopped {
		return
	}
	c.stopped = true
	for _, p := range append(c.nodes, c.voters...) {
		p.kill()
	}
}

// stored is every comment the cluster holds, read from the leader through
// any voter that answers.
func (c *cluster) stored() (map[int64]string, error) { return rqliteread.Comments(rqliteHTTP, c.http) }
