package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"

	"golang.org/x/crypto/ssh"
)

// keyless answers keyboard-interactive with nothing, as a reader without a
// key does; sshblog asks nothing.
var keyless = ssh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })

// readerAuth is how readers log in: with the key in file, or without a key.
func readerAuth(file string) (ssh.AuthMethod, error) {
	if file == "" {
		return keyless, nil
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return ssh.PublicKeys(signer), nil
}

// newIdentity makes a fresh key, so that each commenter is a person of
// their own to the server.
func newIdentity() (ssh.AuthMethod, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, err
	}
	return ssh.PublicKeys(signer), nil
}

// runID tells this run's commenters from earlier runs': display names are
// unique in the store.
func runID() string {
	b := make([]byte, 3)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}
