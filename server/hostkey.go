package server

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	gossh "golang.org/x/crypto/ssh"
)

// LoadOrCreateHostKey reads the host key at path, or makes a new ed25519 key
// there (mode 0600) when there is none, so clients see the same server
// across restarts.
func LoadOrCreateHostKey(path string) (gossh.Signer, error) {
	return loadOrCreate(path, func() (crypto.PrivateKey, error) {
		_, key, err := ed25519.GenerateKey(rand.Reader)
		return key, err
	})
}

// LoadOrCreateECDSAHostKey is LoadOrCreateHostKey for the ECDSA P-256 key
// offered beside the ed25519 one, to clients that cannot verify ed25519
// (FIPS-mode OpenSSH, old PuTTY, JSch, Dropbear before 2020.79).
func LoadOrCreateECDSAHostKey(path string) (gossh.Signer, error) {
	return loadOrCreate(path, func() (crypto.PrivateKey, error) {
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	})
}

func loadOrCreate(path string, generate func() (crypto.PrivateKey, error)) (gossh.Signer, error) {
	pemBytes, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		pemBytes, err = newHostKey(path, generate)
	}
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	signer, err := gossh.ParsePrivateKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

func newHostKey(path string, generate func() (crypto.PrivateKey, error)) ([]byte, error) {
	key, err := generate()
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(key, "sshblog host key")
	if err != nil {
		return nil, err
	}
	pemBytes := pem.EncodeToMemory(block)
	// O_EXCL: never overwrite a key another process just wrote.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	// Synced, so that a power cut after the first start cannot leave an
	// empty key file that the next start refuses; a full disk leaves none.
	_, err = f.Write(pemBytes)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, err
	}
	return pemBytes, nil
}
