package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// page is one response rendered once and served from memory until what it
// was made from changes: the body, gzipped once, and its validators.
type page struct {
	status      int
	contentType string
	body, gz    []byte
	etag        string // of body; the gzipped body's adds -gz
	modified    time.Time
	// cache is the Cache-Control of the page; "" for pagesCache.
	cache string
	// key is what the page was rendered from: a new key renders it anew.
	key string
}

// pagesCache lets a CDN keep a page briefly and makes browsers revalidate,
// which a 304 answers: a new comment is never hidden for long.
const pagesCache = "public, max-age=0, s-maxage=30, must-revalidate"

// immutable is for files whose names carry their content's hash.
const immutable = "public, max-age=31536000, immutable"

// gzipMin is the smallest body worth compressing.
const gzipMin = 256

func newPage(status int, contentType string, body []byte, modified time.Time) *page {
	sum := sha256.Sum256(body)
	p := &page{status: status, contentType: contentType, body: body,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]), modified: modified.UTC().Truncate(time.Second)}
	if len(body) >= gzipMin {
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if gz.Len() < len(body) {
			p.gz = gz.Bytes()
		}
	}
	return p
}

// serve writes the page, gzipped if the client takes it, or 304 if the
// client's copy is current.
func (p *page) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	body, etag := p.body, p.etag+`"`
	zipped := p.gz != nil && acceptsGzip(r)
	if zipped {
		body, etag = p.gz, p.etag+`-gz"`
	}
	h.Set("Content-Type", p.contentType)
	h.Set("Vary", "Accept, Accept-Encoding")
	h.Set("ETag", etag)
	if !p.modified.IsZero() {
		h.Set("Last-Modified", p.modified.Format(http.TimeFormat))
	}
	h.Set("Cache-Control", p.cache)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", pagesCache)
	}
	if p.status == http.StatusOK && p.notModified(r) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if zipped {
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified reports whether the client's copy is this page: by ETag
// (either encoding's, as a cache may have stored the other), else by date.
func (p *page) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == "*" || tag == p.etag+`"` || tag == p.etag+`-gz"` {
				return true
			}
		}
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !p.modified.IsZero() && !p.modified.After(since)
}

// acceptsGzip reads Accept-Encoding, where "gzip;q=0" refuses it.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
