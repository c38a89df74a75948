package main

import (
	"encoding/xml"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

var webLine = regexp.MustCompile(`msg="web serving" addr=(\S+) open=(\S+)`)

// feedID reads an Atom feed's id.
func feedID(t *testing.T, feed []byte) string {
	t.Helper()
	var f struct {
		ID string `xml:"id"`
	}
	if err := xml.Unmarshal(feed, &f); err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, feed)
	}
	return f.ID
}

// The web serves beside SSH and says where; its feed and `ssh HOST feed`
// name the blog by the same install id, which a restart keeps.
func TestWebServesBesideSSH(t *testing.T) {
	dir := t.TempDir()
	var ids []string
	for range 2 {
		r := start(t, dir)
		resp, err := http.Get(webAddress(t, r) + "/feed.xml")
		if err != nil {
			t.Fatal(err)
		}
		feed, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		session, err := dialKeyless(t, r.addr).NewSession()
		if err != nil {
			t.Fatal(err)
		}
		overSSH, err := session.Output("feed")
		if err != nil {
			t.Fatal(err)
		}
		web, ssh := feedID(t, feed), feedID(t, overSSH)
		if web != ssh || !strings.HasPrefix(web, "urn:sshblog:") || web == "urn:sshblog:sshblog" {
			t.Errorf("the web's feed is %q, ssh feed's %q: want one install id", web, ssh)
		}
		ids = append(ids, web)
		if status := r.stop(t, syscall.SIGTERM); status != 0 {
			t.Fatalf("SIGTERM: exit %d", status)
		}
	}
	if ids[0] != ids[1] {
		t.Errorf("the feed's id changed across a restart: %q, then %q", ids[0], ids[1])
	}
}

// With --base-url the line that says where the web is also names the
// address readers use, which behind a proxy or in a container is not the
// listener's.
func TestWebLineNamesTheBaseURL(t *testing.T) {
	r := start(t, t.TempDir(), "--base-url", "https://blog.example.com")
	defer r.stop(t, syscall.SIGTERM)
	if !strings.Contains(r.log.String(), "public=https://blog.example.com") || webLine.FindStringSubmatch(r.log.String()) == nil {
		t.Errorf("the web's line does not name --base-url:\n%s", r.log)
	}
}

// When the default web port is taken, SSH serves anyway and one line says
// so; an address set explicitly that cannot be bound stops the server
// with exit status 2 and one line.
func TestWebPortTaken(t *testing.T) {
	held, err := net.Listen("tcp", defaultHTTPListen)
	if err != nil && !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatal(err)
	}
	if held != nil { // else someone else holds it, which does as well
		defer held.Close()
	}
	cmd := exec.Command(binary)
	cmd.Dir = t.TempDir()
	cmd.Env = append(withoutEnv("SSHBLOG_HTTP_LISTEN"), "SSHBLOG_LISTEN=127.0.0.1:0")
	r := startCmd(t, cmd)
	if n := strings.Count(r.log.String(), "the default port is taken"); n != 1 {
		t.Errorf("%d lines say the default port is taken:\n%s", n, r.log)
	}
	hostKeyOf(t, r.addr) // SSH serves
	r.stop(t, syscall.SIGTERM)

	mine, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	explicit := exec.Command(binary, "--listen", "127.0.0.1:0", "--http-listen", mine.Addr().String())
	explicit.Dir = t.TempDir()
	out, status := outcome(t, explicit)
	if status != 2 {
		t.Fatalf("an explicit address taken: exit status %d, want 2\n%s", status, out)
	}
	if lines := strings.Count(strings.TrimSpace(string(out)), "\n") + 1; lines != 1 || !strings.Contains(string(out), "--http-listen="+mine.Addr().String()) {
		t.Errorf("want one line naming --http-listen, got:\n%s", out)
	}
}

// withoutEnv is the environment without the variable name.
func withoutEnv(name string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, name+"=") {
			env = append(env, kv)
		}
	}
	return env
}
