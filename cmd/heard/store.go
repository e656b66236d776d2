package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"heard/store"
)

// openStore picks the store: Redis when REDIS_URL is set (how several
// instances share state), else the embedded file under HEARD_DATA.
func openStore(cfg config) (store.Store, error) {
	if cfg.redisURL != "" {
		return store.OpenRedis(cfg.redisURL)
	}
	return store.OpenEmbedded(cfg.dataDir)
}

// loadSecret returns the key for phone-number hashes: HEARD_SECRET (which
// loadConfig has checked, and requires with REDIS_URL) or, on one machine,
// one made once and kept in the data folder.
func loadSecret(cfg config) ([]byte, error) {
	if cfg.secret != "" {
		return []byte(cfg.secret), nil
	}
	path := filepath.Join(cfg.dataDir, "secret")
	if b, err := os.ReadFile(path); err == nil {
		return []byte(strings.TrimSpace(string(b))), nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(raw)
	if err := os.MkdirAll(cfg.dataDir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("keeping the new secret: %w", err)
	}
	return []byte(secret), nil
}
