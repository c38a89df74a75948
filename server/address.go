package server

import "net"

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
