package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// ErrNotRunning means no Heard answers on the data folder's socket: there is none, or the
// one there was left by a Heard that stopped. The caller may then use the file itself.
var ErrNotRunning = errors.New("admin: no Heard is running on this data folder")

// dialTimeout bounds reaching the socket: it is local, so a wait means nobody is there.
const dialTimeout = 2 * time.Second

// client talks HTTP to the socket of the Heard running on dir.
func client(dir string) *http.Client {
	path := SocketPath(dir)
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			ctx, cancel := context.WithTimeout(ctx, dialTimeout)
			defer cancel()
			return d.DialContext(ctx, "unix", path)
		},
		ResponseHeaderTimeout: 5 * time.Minute, // a backup's snapshot, or a check, of a large file
	}}
}

// reached tells apart "nobody is there" from "could not get in", which the operator must hear.
func reached(dir string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ECONNREFUSED):
		return ErrNotRunning
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return fmt.Errorf("cannot reach the running Heard on %s: permission denied; run this as the user Heard runs as (for example, sudo -u heard heard ...)", SocketPath(dir))
	default:
		return fmt.Errorf("cannot reach the running Heard on %s: %w", SocketPath(dir), err)
	}
}

// Call sends req to the Heard running on dir and returns what it answered, or ErrNotRunning.
func Call(ctx context.Context, dir string, req Request) (string, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	httpReq, err := http.NewRequestWithContext(ctx, "POST", "http://heard/run", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	httpReq.Header.Set("Content-Type", "application/json")
	resp, err := client(dir).Do(httpReq)
	if err != nil {
		return "", reached(dir, err)
	}
	defer resp.Body.Close()
	var rep reply
	if err := json.NewDecoder(io.LimitReader(resp.Body, requestLimit)).Decode(&rep); err != nil {
		return "", fmt.Errorf("the running Heard answered %s, which is not a reply: %w", resp.Status, err)
	}
	if rep.Error != "" {
		return "", errors.New(rep.Error)
	}
	return rep.Output, nil
}

// Backup writes a snapshot of the store of the Heard running on dir to w, or returns ErrNotRunning.
func Backup(ctx context.Context, dir string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, "GET", "http://heard/backup", nil)
	if err != nil {
		return err
	}
	resp, err := client(dir).Do(req)
	if err != nil {
		return reached(dir, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, requestLimit))
		return fmt.Errorf("the running Heard could not take a backup: %s", bytes.TrimSpace(msg))
	}
	n, err := io.Copy(w, resp.Body)
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("the backup was cut short at %d of %d bytes", n, resp.ContentLength)
	}
	return err
}
