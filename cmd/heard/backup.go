package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"heard/admin"
	"heard/store"
)

// backup writes a checked copy of the embedded store to path: from the running Heard,
// through its socket, or, with Heard stopped, from the file itself.
func backup(cfg config, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: heard backup FILE")
	}
	if cfg.redisURL != "" {
		return errors.New("backup copies the embedded store; with REDIS_URL, back up Redis itself (its RDB or AOF files)")
	}
	path := args[0]
	err := store.WriteChecked(path, func(w io.Writer) error {
		return admin.Backup(context.Background(), cfg.dataDir, w)
	})
	if !errors.Is(err, admin.ErrNotRunning) {
		return err
	}
	err = store.BackupFile(cfg.dataDir, path)
	if errors.Is(err, store.ErrInUse) {
		return notAnswering(cfg.dataDir)
	}
	return err
}

// restore puts a backup in place as the embedded store; Heard must be stopped.
func restore(cfg config, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: heard restore FILE")
	}
	kept, err := store.Restore(args[0], cfg.dataDir)
	if errors.Is(err, store.ErrInUse) {
		return errors.New("stop Heard first: it is running on " + cfg.dataDir)
	}
	if err != nil {
		return err
	}
	fmt.Println("restored", args[0], "into", cfg.dataDir)
	if kept != "" {
		fmt.Println("the file it replaced is kept as", kept)
	}
	return nil
}

// check reads and checks every page of the embedded store, and says whether it is sound.
func check(cfg config, args []string) error {
	if len(args) != 0 {
		return errors.New("usage: heard check")
	}
	verdict, err := operate(cfg, admin.Request{Command: "check"})
	if err != nil {
		return err
	}
	fmt.Println(verdict)
	return nil
}
