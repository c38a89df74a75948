package server

import (
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// Nothing is forwarded, so agent and X11 forwarding are refused rather than
// accepted and ignored.
func TestAgentForwardingIsRefused(t *testing.T) {
	srv := startServer(t)
	client := dial(t, srv, "reader", keyless)
	session, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer session.Close()
	ok, err := session.SendRequest(agentRequest, true, nil)
	if err != nil || ok {
		t.Errorf("auth-agent-req answered %v, %v; want refused", ok, err)
	}
	// single connection false, protocol, cookie, screen 0
	x11 := gossh.Marshal(struct {
		Single           bool
		Protocol, Cookie string
		Screen           uint32
	}{false, "MIT-MAGIC-COOKIE-1", "00", 0})
	if ok, err := session.SendRequest("x11-req", true, x11); err != nil || ok {
		t.Errorf("x11-req answered %v, %v; want refused", ok, err)
	}
	if out, _, status := run(t, client, "ls", ""); status != 0 || out == "" {
		t.Errorf("the connection does not serve after the refusal: %d %q", status, out)
	}
}
