package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// page is one response rendered once and served from memory until what it
// was made from changes: the body, gzipped once, and its validators. Its
// header values are made once too, so that serving it parses, formats and
// allocates nothing of its own.
type page struct {
	status      int
	contentType []string
	plain, gz   encoding // gz.body is nil when gzip would not be smaller
	etag        string   // of body, without its closing quote; the gzipped body's adds -gz; "" for a one-off page
	modified    time.Time
	// lastModified is modified as the header says it; nil without a date.
	lastModified []string
	// cache is the Cache-Control of the page: pagesCache unless set.
	cache []string
	// made is what the page was rendered from: once that changes, it is
	// rendered anew.
	made made
}

// encoding is one way of sending a page's body, with its own validator
// and length.
type encoding struct {
	body         []byte
	etag, length []string
	// wire is the head of sending it, and that of a 304, as net/http
	// writes them, up to the Date that ends them; the fast path (fast.go)
	// sends them as they are, with now's. Nil for a one-off page.
	wire, wireNotModified []byte
	now                   atomic.Pointer[onWire]
}

// Header values every page shares. A value slice has no spare capacity,
// so a header's Add cannot write into it.
var (
	varyAccept = []string{"Accept, Accept-Encoding"}
	gzipped    = []string{"gzip"}
)

// pagesCache lets a CDN keep a page briefly and makes browsers revalidate,
// which a 304 answers: a new comment is never hidden for long.
var pagesCache = []string{"public, max-age=0, s-maxage=30, must-revalidate"}

// immutable is for files whose names carry their content's hash.
var immutable = []string{"public, max-age=31536000, immutable"}

// noStore is for pages made for one request.
var noStore = []string{"no-store"}

// gzipMin is the smallest body worth compressing.
const gzipMin = 256

// gzip writers are reused: a new one allocates about a megabyte, which
// every 404 and search page, made per request, would otherwise pay.
var (
	bestGzip = gzipPool(gzip.BestCompression)
	fastGzip = gzipPool(gzip.BestSpeed)
)

func gzipPool(level int) *sync.Pool {
	return &sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(nil, level)
		return zw
	}}
}

// newPage is a page to keep and serve many times: it is gzipped as small as
// gzip goes and has validators.
func newPage(status int, contentType string, body []byte, modified time.Time) *page {
	sum := sha256.Sum256(body)
	p := &page{status: status, contentType: []string{contentType}, cache: pagesCache,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]), modified: modified.UTC().Truncate(time.Second)}
	p.plain = encoding{body: body, etag: []string{p.etag + `"`}, length: []string{strconv.Itoa(len(body))}}
	if !p.modified.IsZero() {
		p.lastModified = []string{p.modified.Format(http.TimeFormat)}
	}
	if gz := compress(body, bestGzip); gz != nil {
		p.gz = encoding{body: gz, etag: []string{p.etag + `-gz"`}, length: []string{strconv.Itoa(len(gz))}}
		p.wireHeads(&p.gz)
	}
	p.wireHeads(&p.plain)
	return p
}

// wireHeads makes enc's heads on the wire.
func (p *page) wireHeads(enc *encoding) {
	enc.wire, enc.wireNotModified = p.wireHead(enc, false), p.wireHead(enc, true)
}

// wireHead is the status line and the headers, sorted, that net/http
// writes for the page sent as enc (or a 304), all but the Date it adds
// last.
func (p *page) wireHead(enc *encoding, notModified bool) []byte {
	h := http.Header{}
	setSafeHeaders(h)
	code := p.fill(h, enc, notModified)
	if code == http.StatusNotModified { // what net/http leaves out of a 304
		delete(h, "Content-Type")
		delete(h, "Content-Length")
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", code, http.StatusText(code))
	h.Write(&b)
	return b.Bytes()
}

// oneOff is a page made for one request and never kept (Cache-Control:
// no-store): nobody keeps a copy to revalidate, so it has no validators,
// and gzip runs at its fastest, as it runs for every request.
func oneOff(status int, contentType string, body []byte) *page {
	p := &page{status: status, contentType: []string{contentType}, cache: noStore,
		plain: encoding{body: body, length: []string{strconv.Itoa(len(body))}}}
	if gz := compress(body, fastGzip); gz != nil {
		p.gz = encoding{body: gz, length: []string{strconv.Itoa(len(gz))}}
	}
	return p
}

// compress is body gzipped with a writer from pool, or nil when that is
// not worth it: the body is tiny, or gzip would not make it smaller.
func compress(body []byte, pool *sync.Pool) []byte {
	if len(body) < gzipMin {
		return nil
	}
	var gz bytes.Buffer
	zw := pool.Get().(*gzip.Writer)
	zw.Reset(&gz)
	zw.Write(body)
	zw.Close()
	pool.Put(zw)
	if gz.Len() >= len(body) {
		return nil
	}
	return gz.Bytes()
}

// serve writes the page, gzipped if the client takes it, or 304 if the
// client's copy is current.
func (p *page) serve(w http.ResponseWriter, r *http.Request) {
	sent := p.encodingFor(acceptsGzip(r))
	code := p.fill(w.Header(), sent, p.notModified(r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")))
	w.WriteHeader(code)
	if code != http.StatusNotModified && r.Method != http.MethodHead {
		w.Write(sent.body)
	}
}

// encodingFor is the body sent to a client that takes gzip or not.
func (p *page) encodingFor(gzipTaken bool) *encoding {
	if gzipTaken && p.gz.body != nil {
		return &p.gz
	}
	return &p.plain
}

// fill sets the headers of sending sent, or of a 304 when the client's
// copy is current (notModified), and returns the status to send.
func (p *page) fill(h http.Header, sent *encoding, notModified bool) int {
	// Canonical keys, set directly: what h.Set would do, without its work.
	h["Content-Type"] = p.contentType
	h["Vary"] = varyAccept
	if sent.etag != nil {
		h["Etag"] = sent.etag
	}
	if p.lastModified != nil {
		h["Last-Modified"] = p.lastModified
	}
	h["Cache-Control"] = p.cache
	if p.statusFor(notModified) == http.StatusNotModified {
		return http.StatusNotModified
	}
	if sent == &p.gz {
		h["Content-Encoding"] = gzipped
	}
	h["Content-Length"] = sent.length
	return p.status
}

// statusFor is the status of answering a client whose copy is current
// (notModified) or not: a 304 only for a page with validators that is
// not an error.
func (p *page) statusFor(notModified bool) int {
	if notModified && p.status == http.StatusOK && p.plain.etag != nil {
		return http.StatusNotModified
	}
	return p.status
}

// notModified reports whether the client's copy, named by its
// If-None-Match and If-Modified-Since, is this page: by ETag (either
// encoding's, as a cache may have stored the other), else by date.
func (p *page) notModified(inm, ims string) bool {
	if p.plain.etag == nil {
		return false
	}
	if inm != "" {
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == p.plain.etag[0] || p.gz.etag != nil && tag == p.gz.etag[0] {
				return true
			}
		}
		return false
	}
	if ims == "" {
		return false
	}
	since, err := http.ParseTime(ims)
	return err == nil && !p.modified.IsZero() && !p.modified.After(since)
}

// acceptsGzip reads Accept-Encoding (RFC 9110, 12.5.3): gzip is taken
// when named (or as x-gzip) with a weight above 0, or, when not named, when
// * is; without the header only the body as it is. A client may send the
// header more than once.
func acceptsGzip(r *http.Request) bool {
	ask := gzipUnsaid
	for _, line := range r.Header.Values("Accept-Encoding") {
		ask.read(line)
	}
	return ask.taken()
}

// gzipAsk is what the Accept-Encoding lines read so far say of gzip and of
// *: unsaid (-1), refused (0) or taken (1).
type gzipAsk struct{ gz, star int8 }

var gzipUnsaid = gzipAsk{-1, -1}

// read takes in one Accept-Encoding line.
func (a *gzipAsk) read(line string) {
	for line != "" {
		var coding string
		coding, line, _ = strings.Cut(line, ",")
		name, params, _ := strings.Cut(coding, ";")
		var taken int8
		if wanted(params) {
			taken = 1
		}
		switch name = strings.TrimSpace(name); {
		case strings.EqualFold(name, "gzip") || strings.EqualFold(name, "x-gzip"):
			a.gz = taken
		case name == "*":
			a.star = taken
		}
	}
}

func (a gzipAsk) taken() bool {
	if a.gz != gzipUnsaid.gz {
		return a.gz == 1
	}
	return a.star == 1
}

// wanted reports whether a coding's parameters give it a weight above 0;
// no weight is 1. A weight that is not a qvalue refuses: the body sent as
// it is always does.
func wanted(params string) bool {
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(param, "=")
		if strings.EqualFold(strings.TrimSpace(name), "q") {
			return positive(strings.TrimSpace(value))
		}
	}
	return true
}

// positive reports whether q, a qvalue ("0" to "1" with up to three
// decimals), is above 0; anything else is not.
func positive(q string) bool {
	if q == "" || q[0] != '0' && q[0] != '1' {
		return false
	}
	whole, decimals := q[0], q[1:]
	if decimals != "" {
		if decimals[0] != '.' || len(decimals) > 4 {
			return false
		}
		decimals = decimals[1:]
	}
	above := whole == '1'
	for i := range len(decimals) {
		d := decimals[i]
		if d < '0' || d > '9' || whole == '1' && d != '0' {
			return false
		}
		above = above || d != '0'
	}
	return above
}
