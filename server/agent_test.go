package server

import "testing"

// Nothing is forwarded, so agent forwarding is refused rather than accepted
// and ignored.
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
	if out, _, status := run(t, client, "ls", ""); status != 0 || out == "" {
		t.Errorf("the connection does not serve after the refusal: %d %q", status, out)
	}
}
