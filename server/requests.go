package server

import (
	"encoding/binary"
	"errors"
	"strings"
	"sync"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// A session channel's requests pass through filterRequests before
// charmbracelet/ssh sees them. The library keeps every env request until the
// shell starts (memory a client chooses), and hands window changes over one
// at a time on a channel of one: a second change before anyone takes the
// first blocks its request loop, then x/crypto's connection loop behind it,
// and the socket is never read again. Its window change also writes the
// session's Pty while Pty() reads it. Here env is bounded, and window
// changes never reach the library: the latest is kept on the channel and
// handed to whoever watches it, from the moment the channel opens.

// The env variables a session keeps: those the reader's look may read, and
// our own. Anything else is refused, as OpenSSH's AcceptEnv does.
const (
	maxEnvVars  = 64
	maxEnvBytes = 4 << 10
)

func envAccepted(name string) bool {
	switch name {
	case "TERM", "COLORTERM", "NO_COLOR", "LANG":
		return true
	}
	return strings.HasPrefix(name, "LC_") || strings.HasPrefix(name, "SSHBLOG_")
}

// filterRequests gives next a session channel whose requests are filtered.
func filterRequests(next ssh.ChannelHandler) ssh.ChannelHandler {
	return func(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
		next(srv, conn, filteredNewChannel{newChan}, ctx)
	}
}

type filteredNewChannel struct{ gossh.NewChannel }

// Accept accepts the channel and puts a filter between its requests and the
// library. The filter's goroutine is the only one a session adds for its
// requests; it ends when the channel does.
func (n filteredNewChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := n.NewChannel.Accept()
	if err != nil {
		return nil, nil, err
	}
	sc := &sessionChannel{Channel: ch}
	passed := make(chan *gossh.Request)
	go sc.filter(reqs, passed)
	return sc, passed, nil
}

// sessionChannel is a session's channel with what the filter keeps of its
// requests.
type sessionChannel struct {
	gossh.Channel

	// Only the filter's goroutine touches these.
	envVars, envBytes int
	pty               bool

	mu       sync.Mutex
	window   ssh.Window // the latest window change; zero before any
	onWindow func(ssh.Window)
}

func (sc *sessionChannel) filter(reqs <-chan *gossh.Request, passed chan<- *gossh.Request) {
	defer close(passed)
	for req := range reqs {
		switch req.Type {
		case "env":
			if !sc.keepEnv(req.Payload) {
				req.Reply(false, nil)
				continue
			}
		case "pty-req":
			sc.pty = true
		case "window-change":
			sc.windowChanged(req)
			continue
		case agentRequest:
			req.Reply(false, nil)
			continue
		}
		// The library never blocks on what passes: it blocks only to hand
		// over window changes and signals or breaks to a registered channel,
		// and nothing registers one.
		passed <- req
	}
}

// keepEnv reports whether an env request is within the limits, and counts it.
func (sc *sessionChannel) keepEnv(payload []byte) bool {
	var kv struct{ Key, Value string }
	if gossh.Unmarshal(payload, &kv) != nil || !envAccepted(kv.Key) {
		return false
	}
	size := len(kv.Key) + len(kv.Value)
	if sc.envVars >= maxEnvVars || sc.envBytes+size > maxEnvBytes {
		return false
	}
	sc.envVars++
	sc.envBytes += size
	return true
}

func (sc *sessionChannel) windowChanged(req *gossh.Request) {
	w, ok := parseWindowChange(req.Payload)
	ok = ok && sc.pty
	req.Reply(ok, nil)
	if !ok {
		return
	}
	sc.mu.Lock()
	sc.window = w
	watch := sc.onWindow
	sc.mu.Unlock()
	if watch != nil {
		watch(w)
	}
}

// parseWindowChange reads a window-change payload: columns, rows, then
// width and height in pixels, each a uint32 (RFC 4254, 6.7).
func parseWindowChange(p []byte) (ssh.Window, bool) {
	if len(p) < 16 {
		return ssh.Window{}, false
	}
	u := func(i int) int { return int(binary.BigEndian.Uint32(p[4*i:])) }
	return ssh.Window{Width: u(0), Height: u(1), WidthPixels: u(2), HeightPixels: u(3)}, true
}

// latestWindow is the last window change, if there was one.
func (sc *sessionChannel) latestWindow() (ssh.Window, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.window, sc.window != ssh.Window{}
}

// watchWindow has f called with every window change from now on, in the
// filter's goroutine, so f must not block; nil stops it. It returns the
// latest change before, if any.
func (sc *sessionChannel) watchWindow(f func(ssh.Window)) (ssh.Window, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.onWindow = f
	return sc.window, sc.window != ssh.Window{}
}

// findChannel is the filtered channel under sess; nil if it has none. The
// library's session hides the channel it wraps, and wraps its Stderr too on
// a terminal, but passes SendRequest straight on: a request of a name no
// client sees asks the channel for itself.
func findChannel(sess ssh.Session) *sessionChannel {
	var found channelFound
	if _, err := sess.SendRequest(findChannelRequest, false, nil); errors.As(err, &found) {
		return found.ch
	}
	return nil
}

// findChannelRequest is handled by sessionChannel itself: it never reaches
// the client.
const findChannelRequest = "find-channel@sshblog.internal"

type channelFound struct{ ch *sessionChannel }

func (channelFound) Error() string { return "the channel is found" }

// SendRequest answers findChannel's request and sends any other.
func (sc *sessionChannel) SendRequest(name string, wantReply bool, payload []byte) (bool, error) {
	if name == findChannelRequest {
		return false, channelFound{sc}
	}
	return sc.Channel.SendRequest(name, wantReply, payload)
}
