package data

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sshblog/sshblog/posts"
)

// RqliteConfig says how to reach an rqlite cluster: the nodes' HTTP
// addresses, this node's own first, and optionally HTTPS and basic auth.
type RqliteConfig struct {
	Addrs    []string // host:port
	HTTPS    bool
	User     string
	Password string
	CAFile   string // PEM file of the CA that signed the nodes' certificates
}

// ParseStoreURL reads an rqlite://HOST:PORT[,HOST:PORT…] or
// rqlites://USER:PASS@HOST:PORT[,…] store setting.
func ParseStoreURL(s string) (RqliteConfig, error) {
	var c RqliteConfig
	scheme, rest, ok := strings.Cut(s, "://")
	switch {
	case !ok:
		return c, errors.New(`want "sqlite", rqlite://HOST:PORT[,HOST:PORT…] or rqlites://USER:PASS@HOST:PORT[,…]`)
	case scheme == "rqlites":
		c.HTTPS = true
	case scheme != "rqlite":
		return c, fmt.Errorf("unknown store %q: want sqlite, rqlite:// or rqlites://", scheme)
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		user, pass, _ := strings.Cut(rest[:at], ":")
		var err1, err2 error
		c.User, err1 = url.PathUnescape(user)
		c.Password, err2 = url.PathUnescape(pass)
		if err := errors.Join(err1, err2); err != nil {
			return c, errors.New("the user and password are not valid URL text (escape @ : / as %40 %3A %2F)")
		}
		rest = rest[at+1:]
	}
	for _, a := range strings.Split(strings.TrimSuffix(rest, "/"), ",") {
		if _, port, ok := strings.Cut(a, ":"); !ok || port == "" {
			return c, fmt.Errorf("%q is not HOST:PORT", a)
		}
		c.Addrs = append(c.Addrs, a)
	}
	return c, nil
}

// String is the setting without its password, fit for logs.
func (c RqliteConfig) String() string {
	scheme, user := "rqlite", ""
	if c.HTTPS {
		scheme = "rqlites"
	}
	if c.User != "" {
		user = c.User + ":***@"
	}
	return scheme + "://" + user + strings.Join(c.Addrs, ",")
}

// rqliteEngine talks to rqlite's HTTP API. It sends every request to the
// node in use, its local one first, and moves on to the next address when
// that one cannot be reached.
type rqliteEngine struct {
	cfg    RqliteConfig
	base   []string // http(s)://host:port of each node
	client *http.Client
	node   atomic.Int32 // index in base of the node in use

	// lastWrite is when this node last wrote (unix nanoseconds): reads soon
	// after it go to the leader, so a reader sees their own write on their
	// next screen even before the local node has applied it. It is wall
	// clock time, as the lag it covers is; the store's clock dates data.
	lastWrite atomic.Int64
}

// readYourWrites is how long after a write reads go to the leader: more than
// a follower takes to apply a commit on a busy cluster, less than anyone
// notices as slowness.
const readYourWrites = 2 * time.Second

// unclearRetry bounds how long a write whose outcome is unknown (the
// connection broke, the leader died mid-request) is sent again, with the
// same idempotency key, waiting for an answer that settles it.
const unclearRetry = 10 * time.Second

func newRqliteEngine(cfg RqliteConfig) (*rqliteEngine, error) {
	if len(cfg.Addrs) == 0 {
		return nil, errors.New("no rqlite address")
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("store CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("store CA file %s holds no PEM certificate", cfg.CAFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	e := &rqliteEngine{cfg: cfg, client: &http.Client{Transport: tr, Timeout: 15 * time.Second}}
	scheme := "http://"
	if cfg.HTTPS {
		scheme = "https://"
	}
	for _, a := range cfg.Addrs {
		e.base = append(e.base, scheme+a)
	}
	return e, nil
}

func (e *rqliteEngine) close() error {
	e.client.CloseIdleConnections()
	return nil
}

// errNoLeader is rqlite's answer while the cluster elects a leader: nothing
// was written.
var errNoLeader = errors.New("rqlite has no leader")

// errUnreachable says no node of the cluster answered.
var errUnreachable = errors.New("no rqlite node can be reached")

// unclearError is a write whose outcome is unknown.
type unclearError struct{ err error }

func (u unclearError) Error() string { return "outcome unknown: " + u.err.Error() }
func (u unclearError) Unwrap() error { return u.err }

// post sends body to path on the node in use, moving on to the next nodes in
// turn when one cannot be reached or breaks off, and decodes the answer
// into out. Only a node that answers ends the round.
func (e *rqliteEngine) post(ctx context.Context, path string, body []byte, out any) error {
	first := int(e.node.Load())
	var lastErr error
	maybeSent := false
	for i := range e.base {
		n := (first + i) % len(e.base)
		err := e.postTo(ctx, n, path, body, out, "application/json")
		var ue unclearError
		var ns notSentError
		switch {
		case errors.As(err, &ns):
		case errors.As(err, &ue) && ctx.Err() == nil:
			maybeSent = true
		default:
			if err == nil && n != first {
				e.node.Store(int32(n))
			}
			return err
		}
		lastErr = err
	}
	err := fmt.Errorf("%w: %w", errUnreachable, lastErr)
	if maybeSent {
		return unclearError{err}
	}
	return err
}

// notSentError is a request that never reached its node: the connection
// could not be made.
type notSentError struct{ err error }

func (n notSentError) Error() string { return n.err.Error() }
func (n notSentError) Unwrap() error { return n.err }

// postBinary posts an SQLite file, as /db/load takes it.
func (e *rqliteEngine) postBinary(ctx context.Context, path string, body []byte, out any) error {
	return e.postTo(ctx, int(e.node.Load()), path, body, out, "application/octet-stream")
}

func (e *rqliteEngine) postTo(ctx context.Context, n int, path string, body []byte, out any, contentType string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.base[n]+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	if e.cfg.User != "" {
		req.SetBasicAuth(e.cfg.User, e.cfg.Password)
	}
	resp, err := e.client.Do(req)
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return notSentError{err}
	}
	if err := e.tlsRefused(n, err); err != nil {
		return err
	}
	if err != nil {
		return unclearError{err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return unclearError{err}
	}
	switch {
	case resp.StatusCode != http.StatusOK && strings.Contains(string(data), "leader not found"):
		return errNoLeader // 503 from the HTTP layer, 500 from the store's: nothing was written
	case resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("rqlite at %s refused the store's credentials", e.cfg.Addrs[n])
	case resp.StatusCode != http.StatusOK:
		return unclearError{fmt.Errorf("rqlite at %s: %s: %s", e.cfg.Addrs[n], resp.Status, strings.TrimSpace(string(data)))}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(out)
}

// rqliteResponse is the body of /db/request and /db/query.
type rqliteResponse struct {
	Results []rqliteResult `json:"results"`
	Error   string         `json:"error"`
}

type rqliteResult struct {
	Columns []string `json:"columns"`
	Types   []string `json:"types"`
	Raw     [][]any  `json:"values"`
	Error   string   `json:"error"`
}

// values converts a result's JSON values to what SQLite would hand
// database/sql: int64, float64, string, []byte or nil.
func (r rqliteResult) values() ([][]any, error) {
	out := make([][]any, len(r.Raw))
	for i, raw := range r.Raw {
		row := make([]any, len(raw))
		for j, v := range raw {
			typ := ""
			if j < len(r.Types) {
				typ = strings.ToLower(r.Types[j])
			}
			switch v := v.(type) {
			case json.Number:
				if n, err := v.Int64(); err == nil && typ != "real" {
					row[j] = n
				} else if f, err := v.Float64(); err == nil {
					row[j] = f
				} else {
					return nil, err
				}
			case string:
				if typ == "blob" {
					b, err := base64.StdEncoding.DecodeString(v)
					if err != nil {
						return nil, err
					}
					row[j] = b
				} else {
					row[j] = v
				}
			case bool:
				row[j] = map[bool]int64{false: 0, true: 1}[v]
			case nil:
				row[j] = nil
			default:
				return nil, fmt.Errorf("unexpected rqlite value %T", v)
			}
		}
		out[i] = row
	}
	return out, nil
}

// atomic sends stmts as one request in one transaction. A write whose
// outcome is unclear is sent again, with the same statements (so the same
// idempotency keys), until rqlite settles it or unclearRetry has passed.
func (e *rqliteEngine) atomic(ctx context.Context, stmts []stmt) ([]result, error) {
	body := make([]any, len(stmts))
	for i, st := range stmts {
		if len(st.params) == 0 {
			body[i] = []any{st.sql}
			continue
		}
		args := make(map[string]any, len(st.params))
		for _, p := range st.params {
			args[p] = jsonParam(st.args[p])
		}
		body[i] = []any{st.sql, args}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var resp rqliteResponse
	// The wall clock, not the store's: how long the network is given to
	// settle an unclear outcome is real time, whatever date the store's
	// clock gives what it writes.
	deadline := time.Now().Add(unclearRetry)
	unclear := false
	for {
		resp = rqliteResponse{}
		err = e.post(ctx, "/db/request?transaction", data, &resp)
		if err == nil && resp.Error != "" {
			err = rqliteError(resp.Error)
		}
		var ue unclearError
		if errors.As(err, &ue) || unclear && (errors.Is(err, errNoLeader) || errors.Is(err, errUnreachable)) {
			unclear = true
			if time.Now().Before(deadline) && ctx.Err() == nil {
				// An election on loopback takes a second or two.
				if sleepCtx(ctx, 200*time.Millisecond) {
					continue
				}
			}
		}
		break
	}
	if err != nil {
		return nil, err
	}
	e.lastWrite.Store(time.Now().UnixNano())
	results := make([]result, len(stmts))
	for i, r := range resp.Results {
		if r.Error != "" {
			return nil, rqliteError(r.Error)
		}
		if i < len(results) && stmts[i].rows {
			if results[i].rows, err = r.values(); err != nil {
				return nil, err
			}
		}
	}
	return results, nil
}

// jsonParam is v as rqlite's API takes it: bytes as an array of numbers,
// which rqlite binds as a blob (encoding/json would send base64 text). Text
// that rqlite would take for a hex blob literal (x'41', a comment can say
// that) goes as its bytes too, so that it comes back as written.
func jsonParam(v any) any {
	b, ok := v.([]byte)
	if s, isText := v.(string); isText {
		if t := strings.TrimSpace(s); len(t) >= 3 && (t[0] == 'x' || t[0] == 'X') && t[1] == '\'' && t[len(t)-1] == '\'' {
			b, ok = []byte(s), true
		}
	}
	if !ok {
		return v
	}
	n := make([]int, len(b))
	for i, c := range b {
		n[i] = int(c)
	}
	return n
}

// rqliteError turns rqlite's error text into an error: no leader; a
// request the node forwarded to the leader and lost on the way (its outcome
// unknown); or SQLite's own message, such as a constraint's.
func rqliteError(msg string) error {
	switch {
	case strings.Contains(msg, "remote node"):
		return unclearError{errors.New(msg)}
	case strings.Contains(msg, "leader"):
		return fmt.Errorf("%w: %s", errNoLeader, msg)
	}
	return errors.New(msg)
}

// query runs one read on the node in use: level "none" reads its own copy,
// "weak" asks the leader.
func (e *rqliteEngine) query(ctx context.Context, sqlText string, args []any) (rqliteResult, error) {
	level := "none"
	if time.Since(time.Unix(0, e.lastWrite.Load())) < readYourWrites {
		level = "weak"
	}
	stmt := []any{sqlText}
	for _, a := range args {
		stmt = append(stmt, jsonParam(a))
	}
	data, err := json.Marshal([][]any{stmt})
	if err != nil {
		return rqliteResult{}, err
	}
	r, err := e.queryAt(ctx, level, data)
	var ue unclearError // a read has no outcome to be unsure of: a follower failed to reach the dead leader
	if (errors.Is(err, errNoLeader) || errors.As(err, &ue)) && level != "none" {
		// No leader to ask: the local copy is what there is, and reads go on.
		r, err = e.queryAt(ctx, "none", data)
	}
	return r, err
}

// queryAt runs the read in body at level, with rqlite's errors for it.
func (e *rqliteEngine) queryAt(ctx context.Context, level string, body []byte) (rqliteResult, error) {
	var resp rqliteResponse
	if err := e.post(ctx, "/db/query?level="+level, body, &resp); err != nil {
		return rqliteResult{}, err
	}
	if resp.Error != "" {
		return rqliteResult{}, rqliteError(resp.Error)
	}
	if len(resp.Results) != 1 {
		return rqliteResult{}, fmt.Errorf("rqlite gave %d results for one query", len(resp.Results))
	}
	if msg := resp.Results[0].Error; msg != "" {
		return rqliteResult{}, rqliteError(msg)
	}
	return resp.Results[0], nil
}

// unavailable is what a reader is told for a write the cluster could not
// take: no leader, or no node reachable. Other errors pass unchanged.
func unavailable(err error) error {
	if Unreachable(err) {
		return &posts.Error{Kind: posts.ErrUnavailable, Msg: "the blog cannot take comments for a moment; try again"}
	}
	return err
}

// Unreachable reports whether err says the cluster could not take a request
// just now (no leader, no node answering, an outcome unknown), which a
// caller may try again later.
func Unreachable(err error) bool {
	var ue unclearError
	return errors.Is(err, errNoLeader) || errors.Is(err, errUnreachable) || errors.As(err, &ue)
}
