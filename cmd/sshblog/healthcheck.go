package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// healthcheckTimeout bounds the whole check; Docker's own timeout is longer.
const healthcheckTimeout = 10 * time.Second

// healthcheck completes an SSH handshake with the configured address, as
// the container's HEALTHCHECK does, once for each host key, and returns why
// it failed, if it did. It logs in as a keyless reader and opens no session:
// a healthy server counts two logins and nothing else. When a host key file
// is readable (it is, in the container), the server must present that key.
func healthcheck(args []string) error {
	cfg, err := parseConfig(args, os.Getenv)
	if err != nil {
		return err
	}
	addr, err := dialAddress(cfg.listen)
	if err != nil {
		return err
	}
	start := time.Now()
	store, err := storeHealth(cfg)
	if err != nil {
		return fmt.Errorf("healthcheck: the store: %w", err)
	}
	deadline := start.Add(healthcheckTimeout)
	for _, key := range []struct{ path, algorithm string }{
		{cfg.hostKey, gossh.KeyAlgoED25519},
		{cfg.hostKeyECDSA, gossh.KeyAlgoECDSA256},
	} {
		if err := handshake(addr, key.path, key.algorithm, deadline, cfg.proxyProtocolFrom); err != nil {
			return err
		}
	}
	fmt.Printf("sshblog at %s is healthy: SSH handshakes with both host keys in %s\n", addr, time.Since(start).Round(time.Millisecond))
	if store != "" {
		fmt.Printf("its store: %s\n", store)
	}
	return nil
}

// handshake logs in to addr by deadline asking for a host key of algorithm
// only, the one in the file at path when it can be read. If the server
// takes this machine for a trusted load balancer, it says so first.
func handshake(addr, path, algorithm string, deadline time.Time, proxies []netip.Prefix) error {
	hostKeyCallback, err := expectedHostKey(path)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("tcp", addr, time.Until(deadline))
	if err != nil {
		return fmt.Errorf("healthcheck %s: %w", addr, err)
	}
	defer conn.Close()
	conn.SetDeadline(deadline)
	if err := sayLocal(conn, proxies); err != nil {
		return fmt.Errorf("healthcheck %s: %w", addr, err)
	}
	_, _, _, err = gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User: "healthcheck",
		Auth: []gossh.AuthMethod{gossh.KeyboardInteractive(
			func(string, string, []string, []bool) ([]string, error) { return nil, nil })},
		HostKeyCallback:   hostKeyCallback,
		HostKeyAlgorithms: []string{algorithm},
	})
	if err != nil {
		return fmt.Errorf("healthcheck %s (%s host key): %w", addr, algorithm, err)
	}
	return nil
}

// expectedHostKey accepts only the key in the host key file, or any key
// when there is no such file to read.
func expectedHostKey(path string) (gossh.HostKeyCallback, error) {
	pemBytes, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return gossh.InsecureIgnoreHostKey(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	signer, err := gossh.ParsePrivateKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return gossh.FixedHostKey(signer.PublicKey()), nil
}

// dialAddress turns a listen address into one to dial: a wildcard host
// (none, 0.0.0.0, ::) is this machine.
func dialAddress(listen string) (string, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", usageError{fmt.Sprintf("listen address %q: %v", listen, err)}
	}
	switch ip := net.ParseIP(host); {
	case host == "" || ip != nil && ip.To4() != nil && ip.IsUnspecified():
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	return net.JoinHostPort(host, port), nil
}
