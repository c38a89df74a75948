package main

import (
	"errors"
	"net/url"
	"strings"
)

// httpListenValue is an address to serve the web on, or "off".
type httpListenValue struct{ addrValue }

func (v httpListenValue) Set(s string) error {
	if s == "off" {
		*v.s = ""
		return nil
	}
	if err := v.addrValue.Set(s); err != nil {
		return errors.New("not an address like :23280 or 127.0.0.1:23280, or off")
	}
	return nil
}

func (v httpListenValue) String() string {
	if v.s != nil && *v.s == "" {
		return "off"
	}
	return v.addrValue.String()
}

// baseURLValue is where the blog is on the web: http or https, a host, an
// optional path, kept without its trailing slash.
type baseURLValue struct{ textValue }

func (v baseURLValue) Set(s string) error {
	u, err := url.Parse(s)
	if s != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil) {
		return errors.New("not a web address like https://blog.example.com")
	}
	*v.s = strings.TrimSuffix(s, "/")
	return nil
}
