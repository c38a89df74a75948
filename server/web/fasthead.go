package web

import (
	"bufio"
	"bytes"
	"strings"
)

// fastRequest is what the fast path reads of a request: the method, the
// target and the few headers that choose among a cached page's answers.
// It is only made from a head the fast path understands whole
// (readFastRequest); any other goes to net/http as it came.
type fastRequest struct {
	head         bool   // HEAD, not GET
	target       string // "/" or "/posts/SLUG"
	host         string
	gzip         gzipAsk
	ifNoneMatch  string
	ifModified   string
	accept       string
	forwardProto string
	seen         seenHeaders
}

// seenHeaders are the headers read so far that may come only once.
type seenHeaders uint8

const (
	seenHost seenHeaders = 1 << iota
	seenIfNoneMatch
	seenIfModified
	seenAccept
	seenForwardProto
)

// readHead waits for a whole request head in in and returns it, still
// unread: nil, and no error, when it is one the fast path leaves to
// net/http unread (a line that ends in a bare LF, or a head longer than
// in's buffer, which net/http takes up to maxHeaderBytes). Before it first
// waits for more than in holds, it calls waiting.
func readHead(in *bufio.Reader, waiting func()) ([]byte, error) {
	for seen := 0; ; {
		buf, _ := in.Peek(in.Buffered())
		for i := seen; ; i++ {
			n := bytes.IndexByte(buf[i:], '\n')
			if n < 0 {
				break
			}
			if i += n; i == 0 || buf[i-1] != '\r' {
				return nil, nil
			}
			if i >= 3 && buf[i-2] == '\n' { // buf[i-3] is '\r', or i-2 was refused
				return buf[:i+1], nil
			}
		}
		if seen == 0 {
			waiting()
		}
		seen = len(buf)
		if seen == in.Size() {
			return nil, nil
		}
		if _, err := in.Peek(seen + 1); err != nil {
			return nil, err
		}
	}
}

// parseHead reads a request head, CRLF-ended lines up to an empty one, as
// the fast path serves it, or reports false for any the fast path leaves
// to net/http: other methods, targets and versions, a body, a connection
// that changes, a header net/http would refuse or that more than one
// would make ambiguous. It is strict on purpose: whatever it refuses,
// net/http answers.
func parseHead(head string) (fastRequest, bool) {
	var r fastRequest
	line, rest, _ := strings.Cut(head, "\r\n")
	method, line, ok := strings.Cut(line, " ")
	if !ok {
		return r, false
	}
	switch method {
	case "GET":
	case "HEAD":
		r.head = true
	default:
		return r, false
	}
	var version string
	if r.target, version, ok = strings.Cut(line, " "); !ok || version != "HTTP/1.1" || !fastTarget(r.target) {
		return r, false
	}
	r.gzip = gzipUnsaid
	for {
		var field string
		field, rest, _ = strings.Cut(rest, "\r\n")
		if field == "" {
			return r, r.seen&seenHost != 0
		}
		name, value, ok := strings.Cut(field, ":")
		if !ok || !isToken(name) {
			return r, false
		}
		value = strings.Trim(value, " \t")
		if !isFieldValue(value) || !r.take(name, value) {
			return r, false
		}
	}
}

// take reads one header, reporting false for one the fast path leaves to
// net/http.
func (r *fastRequest) take(name, value string) bool {
	once := func(seen seenHeaders, to *string) bool {
		if r.seen&seen != 0 {
			return false
		}
		r.seen |= seen
		*to = value
		return true
	}
	switch {
	case strings.EqualFold(name, "Host"):
		return isHost(value) && once(seenHost, &r.host)
	case strings.EqualFold(name, "Accept-Encoding"):
		r.gzip.read(value)
	case strings.EqualFold(name, "If-None-Match"):
		return once(seenIfNoneMatch, &r.ifNoneMatch)
	case strings.EqualFold(name, "If-Modified-Since"):
		return once(seenIfModified, &r.ifModified)
	case strings.EqualFold(name, "Accept"):
		return once(seenAccept, &r.accept)
	case strings.EqualFold(name, "X-Forwarded-Proto"):
		return once(seenForwardProto, &r.forwardProto)
	case strings.EqualFold(name, "Connection"):
		return strings.EqualFold(value, "keep-alive")
	case strings.EqualFold(name, "Content-Length"), strings.EqualFold(name, "Transfer-Encoding"),
		strings.EqualFold(name, "Expect"), strings.EqualFold(name, "Upgrade"), strings.EqualFold(name, "Trailer"):
		return false
	}
	return true
}

// fastTarget reports whether target is the front page or a post's page
// as a slug spells it (posts.ValidSlug's letters): a path with nothing to
// decode or clean, and no query.
func fastTarget(target string) bool {
	if target == "/" {
		return true
	}
	slug, ok := strings.CutPrefix(target, "/posts/")
	if !ok || slug == "" {
		return false
	}
	return in(&slugChar, slug)
}

// tokenChar is whether a byte may be in a header name (RFC 9110, 5.6.2),
// hostChar in a host the fast path takes, slugChar in a slug: looked up,
// as every byte of every header is.
var (
	tokenChar = charSet("!#$%&'*+-.^_`|~" + alnum)
	hostChar  = charSet(".-:[]" + alnum)
	slugChar  = charSet("-0123456789abcdefghijklmnopqrstuvwxyz")
)

const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func charSet(chars string) (set [256]bool) {
	for i := range len(chars) {
		set[chars[i]] = true
	}
	return set
}

// in reports whether s is one or more of set's bytes.
func in(set *[256]bool, s string) bool {
	for i := range len(s) {
		if !set[s[i]] {
			return false
		}
	}
	return s != ""
}

func isToken(s string) bool { return in(&tokenChar, s) }

// isFieldValue reports whether s has no control character but tab, as
// net/http requires of a header's value.
func isFieldValue(s string) bool {
	for i := range len(s) {
		if c := s[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// isHost reports whether s is a host, with its port if any, spelled in
// the letters a name or an address takes: anything else, net/http judges.
func isHost(s string) bool { return in(&hostChar, s) }
