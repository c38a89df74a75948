package server

import (
	"fmt"
	"net"
	"strings"
)

// address is what a reader types after `ssh` to reach this blog, for every
// hint that names a command.
func (s *Server) address() string { return s.cfg.Blog.Address }

// defaultAddress is the address to tell readers when none was configured:
// the one the server listens on, with -p unless the port is 22, and
// localhost for one that listens on every interface.
func defaultAddress(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	host := "localhost"
	if len(tcp.IP) > 0 && !tcp.IP.IsUnspecified() {
		host = tcp.IP.String()
	}
	if tcp.Port == 22 {
		return host
	}
	return fmt.Sprintf("-p %d %s", tcp.Port, host)
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
