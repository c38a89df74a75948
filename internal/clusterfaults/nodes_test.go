package clusterfaults

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sshblog/sshblog/internal/rqlitetest"
	"github.com/sshblog/sshblog/server"
)

// slug is the sample blog's first post, which every test comments on.
const slug = "difference-between-networking-and-making-friends"

// startTimeout bounds a node's start: the binary is built, the store is up.
const startTimeout = 60 * time.Second

// blog is a cluster under test: rqlite voters and sshblog nodes sharing the
// host keys and admin keys, as the README's Compose file has them.
type blog struct {
	t      *testing.T
	rqlite *rqlitetest.Cluster
	keys   []string // the host key flags every node gets
	admins string   // the admin keys file
	nodes  []*node
}

// node is one sshblog process.
type node struct {
	t      *testing.T
	name   string
	args   []string
	addr   string // host:port it serves SSH on, fixed across restarts
	log    *lines
	cmd    *exec.Cmd
	exited chan struct{}
}

// newBlog starts voters rqlite nodes and one sshblog node on each of the
// first sshblogs of them, node i talking to rqlite node i first.
func newBlog(t *testing.T, voters, sshblogs int, admin *identity) *blog {
	t.Helper()
	b := &blog{t: t, rqlite: rqlitetest.StartCluster(t, voters)}
	dir := t.TempDir()
	ed, ecdsa := filepath.Join(dir, "host_ed25519"), filepath.Join(dir, "host_ecdsa")
	if _, err := server.LoadOrCreateHostKey(ed); err != nil {
		t.Fatal(err)
	}
	if _, err := server.LoadOrCreateECDSAHostKey(ecdsa); err != nil {
		t.Fatal(err)
	}
	b.keys = []string{"--host-key", ed, "--host-key-ecdsa", ecdsa}
	b.admins = filepath.Join(dir, "admin_keys")
	if err := os.WriteFile(b.admins, []byte(admin.authorizedKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range sshblogs {
		b.nodes = append(b.nodes, b.startNode(i, b.rqlite.URL(i)))
	}
	return b
}

// nodeHost is sshblog node i's own loopback address.
func nodeHost(i int) string { return fmt.Sprintf("127.0.%d.1", 130+i) }

// startNode starts sshblog node i on store, with the limits a test from a
// few loopback addresses would meet turned off, and waits until it serves.
func (b *blog) startNode(i int, store string, extra ...string) *node {
	b.t.Helper()
	n := &node{t: b.t, name: fmt.Sprintf("sshblog%d", i+1), addr: nodeHost(i) + ":0"}
	n.args = append([]string{"serve", "--store", store, "--data-dir", b.t.TempDir(), "--admin-keys", b.admins,
		"--comments-per-minute", "0", "--comments-per-minute-per-address", "0", "--new-identities-per-hour", "0",
		"--connection-rate", "0", "--max-sessions-per-address", "0", "--max-unauthenticated-per-address", "0",
		"--max-connections-per-address", "0"}, b.keys...)
	n.args = append(n.args, extra...)
	n.start()
	return n
}

var servingLine = regexp.MustCompile(`msg="sshblog serving" addr=(\S+)`)

// start runs the node on its address and waits for it to serve.
func (n *node) start() {
	n.t.Helper()
	if n.log == nil {
		n.log = &lines{}
	}
	cmd := exec.Command(binary, append(n.args, "--http-listen", "off", "--listen", n.addr)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		n.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	n.cmd, n.exited = cmd, make(chan struct{})
	serving := make(chan string, 1)
	go func() {
		for line := range lineReader(stderr) {
			n.log.add(line)
			if m := servingLine.FindStringSubmatch(line); m != nil {
				serving <- m[1]
			}
		}
		cmd.Wait()
		close(n.exited)
	}()
	n.t.Cleanup(func() {
		n.kill()
		if n.t.Failed() {
			n.t.Logf("%s log (last 3 KiB):\n%s", n.name, tailText(n.log.String(), 3072))
		}
	})
	select {
	case n.addr = <-serving:
	case <-n.exited:
		n.t.Fatalf("%s exited before serving:\n%s", n.name, n.log)
	case <-time.After(startTimeout):
		n.kill()
		n.t.Fatalf("%s did not serve within %s:\n%s", n.name, startTimeout, n.log)
	}
}

// lineReader yields r's lines until it ends.
func lineReader(r io.Reader) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			out <- sc.Text()
		}
	}()
	return out
}

// kill ends the node with SIGKILL and waits for it to be gone.
func (n *node) kill() {
	if n.cmd == nil {
		return
	}
	n.cmd.Process.Kill()
	<-n.exited
	n.cmd = nil
}

// lines is a process's log, written by the goroutine that reads it.
type lines struct {
	mu   sync.Mutex
	text []string
}

func (l *lines) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.text = append(l.text, s)
}

// warnings is how many warning and error lines hold s.
func (l *lines) warnings(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.text {
		if strings.Contains(line, s) && (strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR")) {
			n++
		}
	}
	return n
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.text, "\n")
}

// freeHostPort is host:port with a port nothing listens on now.
func freeHostPort(t *testing.T, host string) string {
	t.Helper()
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
