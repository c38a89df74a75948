package server

import (
	"net"
	"strings"
)

// DefaultAddress is what to tell readers to type after ssh when nobody
// said: the listen address (HOST:PORT), with -p unless the port is 22, and
// localhost for one that listens on every interface.
func DefaultAddress(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	if port == "22" {
		return host
	}
	return "-p " + port + " " + host
}

// scpCommand is the scp line that uploads file to the blog at address (ssh
// options as after `ssh`): scp spells the port -P, and the target HOST:.
func scpCommand(address, file string) string {
	words := strings.Fields(address)
	if len(words) == 0 {
		return "scp " + file + " HOST:"
	}
	opts := make([]string, 0, len(words))
	for _, w := range words[:len(words)-1] {
		if p, ok := strings.CutPrefix(w, "-p"); ok {
			w = "-P" + p
		}
		opts = append(opts, w)
	}
	return "scp " + strings.Join(append(opts, file, words[len(words)-1]+":"), " ")
}
