package main

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sshblog/sshblog/posts"
	"github.com/sshblog/sshblog/server"
)

// Flag values that check what they are given, so that a bad setting is
// refused with a message saying what would do. Limits and timeouts are never
// negative; 0 turns them off.

// durationValue is a time.Duration of 0 or more.
type durationValue struct{ d *time.Duration }

func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return errors.New("not a duration like 30s, 10m or 1h")
	case d < 0:
		return errors.New("must not be negative")
	}
	*v.d = d
	return nil
}

func (v durationValue) String() string {
	if v.d == nil {
		return ""
	}
	return posts.ShortDuration(*v.d)
}

// countValue is a whole number of at least min.
type countValue struct {
	n   *int
	min int
}

func (v countValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return errors.New("not a whole number")
	case n < v.min:
		return fmt.Errorf("must be %d or more", v.min)
	}
	*v.n = n
	return nil
}

func (v countValue) String() string {
	if v.n == nil {
		return ""
	}
	return strconv.Itoa(*v.n)
}

// sizeValue is a number of bytes, written 65536, 64KiB or 1MiB.
type sizeValue struct{ n *int64 }

var sizeUnits = []struct {
	suffix string
	bytes  int64
}{{"mib", 1 << 20}, {"kib", 1 << 10}, {"m", 1 << 20}, {"k", 1 << 10}, {"b", 1}, {"", 1}}

func (v sizeValue) Set(s string) error {
	lower := strings.ToLower(strings.TrimSpace(s))
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(lower, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		if err != nil || n < 0 || n > (1<<40)/u.bytes {
			break
		}
		*v.n = n * u.bytes
		return nil
	}
	return errors.New("not a size like 65536, 64KiB or 1MiB")
}

func (v sizeValue) String() string {
	switch {
	case v.n == nil:
		return ""
	case *v.n >= 1<<20 && *v.n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", *v.n>>20)
	case *v.n >= 1<<10 && *v.n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", *v.n>>10)
	}
	return strconv.FormatInt(*v.n, 10)
}

// textValue is the String of the flag values kept as text.
type textValue struct{ s *string }

func (v textValue) String() string {
	if v.s == nil {
		return ""
	}
	return *v.s
}

// addrValue is a TCP address to listen on, HOST:PORT or :PORT; empty if
// optional.
type addrValue struct {
	textValue
	optional bool
}

func (v addrValue) Set(s string) error {
	if s == "" && v.optional {
		*v.s = ""
		return nil
	}
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return errors.New("not an address like :23234 or 127.0.0.1:23234")
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return errors.New("the port must be a number from 0 to 65535")
	}
	*v.s = s
	return nil
}

// choiceValue is one of a few words.
type choiceValue struct {
	textValue
	choices []string
}

func (v choiceValue) Set(s string) error {
	for _, c := range v.choices {
		if s == c {
			*v.s = s
			return nil
		}
	}
	return fmt.Errorf("must be %s", strings.Join(v.choices, " or "))
}

// sshAddressValue is what readers type after `ssh` to reach the blog: a host,
// maybe with options before it ("-p 2222 blog.example.com"); empty for the
// listen address.
type sshAddressValue struct{ textValue }

func (v sshAddressValue) Set(s string) error {
	words := strings.Fields(s)
	switch {
	case len(words) > 0 && words[0] == "ssh":
		return errors.New("leave out the ssh: what readers type after it, like blog.example.com or -p 2222 blog.example.com")
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) || !utf8.ValidString(s):
		return errors.New("may hold only printable text")
	}
	*v.s = strings.Join(words, " ")
	return nil
}

// prefixesValue is a comma-separated list of addresses and ranges, as
// --trusted-proxies and --proxy-protocol-from take; empty for none. A bad
// entry is refused by name.
type prefixesValue struct{ p *[]netip.Prefix }

func (v prefixesValue) Set(s string) error {
	var list []netip.Prefix
	for entry := range strings.SplitSeq(s, ",") {
		if entry = strings.TrimSpace(entry); entry == "" {
			continue
		}
		p, err := server.ParseProxyPrefix(entry)
		if err != nil {
			return err
		}
		list = append(list, p)
	}
	*v.p = list
	return nil
}

func (v prefixesValue) String() string {
	if v.p == nil {
		return ""
	}
	entries := make([]string, len(*v.p))
	for i, p := range *v.p {
		entries[i] = p.String()
	}
	return strings.Join(entries, ",")
}
