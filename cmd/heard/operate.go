package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"heard/admin"
	"heard/store"
)

// operateTimeout bounds an operator's command: hashing a password, or checking a large file.
const operateTimeout = time.Minute

// operate runs an operator's request where Heard's store is: with REDIS_URL, on Redis
// (every instance shares it); else on the running Heard, through its socket in HEARD_DATA;
// else, with Heard stopped, on the file itself. The same commands run in each case.
func operate(cfg config, req admin.Request) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), operateTimeout)
	defer cancel()
	if cfg.redisURL != "" {
		st, err := store.OpenRedis(cfg.redisURL)
		if err != nil {
			return "", err
		}
		defer st.Close()
		return admin.Run(ctx, st, req)
	}
	reply, err := admin.Call(ctx, cfg.dataDir, req)
	if !errors.Is(err, admin.ErrNotRunning) {
		return reply, err
	}
	return operateOnFile(ctx, cfg.dataDir, req)
}

// operateOnFile runs req on the file of a stopped Heard.
func operateOnFile(ctx context.Context, dir string, req admin.Request) (string, error) {
	path := filepath.Join(dir, "heard.db")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) && req.Command != "user add" && req.Command != "team add" {
		return "", fmt.Errorf("no Heard data in %s: set HEARD_DATA to the folder Heard keeps its data in", dir)
	}
	if req.Command == "check" {
		return admin.CheckFile(path)
	}
	st, err := store.OpenEmbedded(dir)
	if errors.Is(err, store.ErrInUse) {
		return "", notAnswering(dir)
	}
	if err != nil {
		return "", err
	}
	defer st.Close()
	return admin.Run(ctx, st, req)
}

// notAnswering is the error when a process holds the data file but nothing answers on the
// socket beside it.
func notAnswering(dir string) error {
	return fmt.Errorf("a process holds %s, but no Heard answers on %s: if it is a Heard, it is stuck or older than this one; restart it, then try again",
		filepath.Join(dir, "heard.db"), admin.SocketPath(dir))
}
