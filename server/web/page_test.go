package web

import (
	"net/http"
	"testing"
)

// Accept-Encoding is read with its weights: q=0 refuses a coding, * stands
// for the codings not named, and a weight that is not one refuses.
func TestAcceptsGzip(t *testing.T) {
	for _, c := range []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"gzip, deflate, br, zstd"}, true},
		{[]string{"br;q=1.0, gzip;q=0.8, *;q=0.1"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;Q=0"}, false},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=1"}, true},
		{[]string{"gzip;q=1.000"}, true},
		{[]string{"gzip;q=1.5"}, false},
		{[]string{"gzip;q=2"}, false},
		{[]string{"gzip;q=0.0001"}, false},
		{[]string{"gzip;q="}, false},
		{[]string{"gzip;q=abc"}, false},
		{[]string{"gzip;level=9;q=0"}, false},
		{[]string{"gzip;level=9"}, true},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"*, gzip;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false},
		{[]string{"*;q=0, gzip"}, true},
		{[]string{"identity"}, false},
		{[]string{"identity;q=0"}, false},
		{[]string{"br, identity;q=0"}, false},
		{[]string{"gzipped"}, false},
		{[]string{"deflate", "gzip"}, true},
		{[]string{" gzip ;q=0.5 , br"}, true},
	} {
		r := &http.Request{Header: http.Header{"Accept-Encoding": c.header}}
		if got := acceptsGzip(r); got != c.want {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", c.header, got, c.want)
		}
	}
	for _, usual := range []string{"gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8, *;q=0.1"} {
		r := &http.Request{Header: http.Header{"Accept-Encoding": {usual}}}
		if n := testing.AllocsPerRun(100, func() { acceptsGzip(r) }); n != 0 {
			t.Errorf("Accept-Encoding %q: %v allocations, want 0", usual, n)
		}
	}
}
