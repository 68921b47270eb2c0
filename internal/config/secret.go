package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SigningSecret returns the HMAC key for download links: SigningKey when set,
// otherwise a random key generated once and kept in DataDir, so links stay
// valid across restarts and between processes sharing the data dir.
func (c Config) SigningSecret() ([]byte, error) {
	if c.SigningKey != "" {
		return []byte(c.SigningKey), nil
	}
	return c.generatedSecret("signing.key")
}

// JWTKey returns the HS256 key of people's JWTs: JWTSecret when set,
// otherwise a random key generated once into DataDir, like SigningSecret.
// It is a separate key, so that one leaking does not give away the other.
func (c Config) JWTKey() ([]byte, error) {
	if c.JWTSecret != "" {
		return []byte(c.JWTSecret), nil
	}
	return c.generatedSecret("jwt.key")
}

// generatedSecret reads the key kept in DataDir under name, creating it on first use.
func (c Config) generatedSecret(name string) ([]byte, error) {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("config: create data dir: %w", err)
	}
	path := filepath.Join(c.DataDir, name)
	if b, err := os.ReadFile(path); err == nil {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	key := hex.EncodeToString(buf)
	// O_EXCL: when two processes start together, the first one's key wins.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		b, err := os.ReadFile(path)
		return []byte(strings.TrimSpace(string(b))), err
	}
	if err != nil {
		return nil, fmt.Errorf("config: write %s: %w", name, err)
	}
	defer f.Close()
	if _, err := f.WriteString(key + "\n"); err != nil {
		return nil, err
	}
	return []byte(key), nil
}
