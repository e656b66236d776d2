package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"heard/store"
)

// backup writes a checked copy of the embedded store to path. With Heard
// stopped it reads the file itself; while Heard runs, the file is locked,
// so it asks the running Heard for a snapshot on HEARD_METRICS_ADDR.
func backup(cfg config, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: heard backup FILE")
	}
	if cfg.redisURL != "" {
		return errors.New("backup copies the embedded store; with REDIS_URL, back up Redis itself (its RDB or AOF files)")
	}
	path := args[0]
	err := store.BackupFile(cfg.dataDir, path)
	if !errors.Is(err, store.ErrInUse) {
		return err
	}
	if cfg.metricsAddr == "" {
		return errors.New("a Heard is running on this data folder: set HEARD_METRICS_ADDR as it has it, to take the backup from it")
	}
	client := &http.Client{Timeout: 10 * time.Minute}
	resp, err := client.Get("http://" + cfg.metricsAddr + "/backup")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the running Heard answered %s", resp.Status)
	}
	return store.WriteChecked(path, func(w io.Writer) error {
		_, err := io.Copy(w, resp.Body)
		return err
	})
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

// serveBackup answers GET /backup on the private address with a snapshot,
// made first, so a slow reader holds only the snapshot.
func serveBackup(e *store.Embedded) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		snapshot, err := e.Snapshot(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		defer snapshot.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := io.Copy(w, snapshot); err != nil {
			// The status is already sent; a cut-short copy fails its check.
			panic(http.ErrAbortHandler)
		}
	}
}
