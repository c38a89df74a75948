package web

import (
	"bufio"
	"net"
	"sync"
)

// handoff is the listener net/http serves: it yields the connections the
// fast path hands over (fast.go), and the errors of the real listener, so
// that net/http's accept loop backs off from them as from its own.
type handoff struct {
	ln     net.Listener
	conns  chan net.Conn
	errs   chan error
	closed chan struct{}
	once   sync.Once
}

func newHandoff(ln net.Listener) *handoff {
	return &handoff{ln: ln, conns: make(chan net.Conn), errs: make(chan error), closed: make(chan struct{})}
}

func (h *handoff) Accept() (net.Conn, error) {
	select {
	case c := <-h.conns:
		return c, nil
	case err := <-h.errs:
		return nil, err
	case <-h.closed:
		return nil, net.ErrClosed
	}
}

// Close closes the real listener too: net/http closes this one when it
// stops serving, on Shutdown or on an error it does not back off from.
func (h *handoff) Close() error {
	err := net.ErrClosed
	h.once.Do(func() {
		close(h.closed)
		err = h.ln.Close()
	})
	return err
}

func (h *handoff) Addr() net.Addr { return h.ln.Addr() }

// give hands c to net/http, reporting false when it serves no more.
func (h *handoff) give(c net.Conn) bool {
	select {
	case h.conns <- c:
		return true
	case <-h.closed:
		return false
	}
}

// fail tells net/http's accept loop of err, reporting false when it
// serves no more.
func (h *handoff) fail(err error) bool {
	select {
	case h.errs <- err:
		return true
	case <-h.closed:
		return false
	}
}

// replayConn is a connection handed to net/http: it reads first what the
// fast path read ahead and left unread, then lets go of the fast path's
// buffer. net/http reads a connection from one goroutine at a time.
type replayConn struct {
	net.Conn
	in *bufio.Reader
}

func (c *replayConn) Read(p []byte) (int, error) {
	if c.in != nil {
		if c.in.Buffered() > 0 {
			return c.in.Read(p)
		}
		c.in = nil
	}
	return c.Conn.Read(p)
}

// CloseWrite lets net/http end a connection after refusing a request as
// it ends its own: the client reads the refusal before the connection
// resets.
func (c *replayConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
