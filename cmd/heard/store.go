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

// loadSecret returns the key for phone-number hashes. Instances sharing a
// Redis must share it, so with REDIS_URL it must be given; on one machine it
// is made once and kept in the data folder.
func loadSecret(cfg config) ([]byte, error) {
	if cfg.secret != "" {
		if len(cfg.secret) < 32 {
			return nil, errors.New("HEARD_SECRET must be at least 32 characters")
		}
		return []byte(cfg.secret), nil
	}
	if cfg.redisURL != "" {
		return nil, errors.New("HEARD_SECRET is required when REDIS_URL is set (every instance must use the same one)")
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
