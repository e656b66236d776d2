package admin_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"heard/admin"
	"heard/store"
)

// A socket is made private from the start, a stale one is replaced, and anything else in
// its way is left alone and named.
func TestListenMakesAPrivateSocket(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := admin.Listen(dir)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]fs.FileMode{dir: fs.ModeDir | 0o700, admin.SocketPath(dir): fs.ModeSocket | 0o600} {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode() & (fs.ModeType | fs.ModePerm); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	// A socket left behind (as by a killed Heard) is replaced.
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	l, err = admin.Listen(dir)
	if err != nil {
		t.Fatalf("over a stale socket: %v", err)
	}
	l.Close()
	// Anything else is not.
	other := t.TempDir()
	os.WriteFile(admin.SocketPath(other), []byte("mine"), 0o600)
	if _, err := admin.Listen(other); err == nil || !strings.Contains(err.Error(), "is not one") {
		t.Errorf("over a file: %v", err)
	}
	if b, _ := os.ReadFile(admin.SocketPath(other)); string(b) != "mine" {
		t.Error("the file in the way was changed")
	}
}

// A command and a backup go over the socket and come back; with nobody listening, or only
// a stale socket, the caller hears ErrNotRunning and can use the file instead.
func TestCommandsAndBackupsGoOverTheSocket(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()
	if _, err := admin.Call(ctx, dir, admin.Request{Command: "user list"}); !errors.Is(err, admin.ErrNotRunning) {
		t.Errorf("with no socket: %v", err)
	}
	e, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	l, err := admin.Listen(dir)
	if err != nil {
		t.Fatal(err)
	}
	stop := admin.Serve(l, e, slog.New(slog.NewTextHandler(io.Discard, nil)))
	out, err := admin.Call(ctx, dir, admin.Request{Command: "user add", Email: "amy@example.org", Role: "admin", Password: "a long enough password"})
	if err != nil || out != "added amy@example.org (admin)" {
		t.Errorf("user add: %q %v", out, err)
	}
	if _, err := admin.Call(ctx, dir, admin.Request{Command: "user add", Email: "amy@example.org", Role: "admin", Password: "another long password"}); err == nil ||
		!strings.Contains(err.Error(), "already has an account") {
		t.Errorf("a second add: %v", err)
	}
	if _, err := admin.Call(ctx, dir, admin.Request{Command: "user fly"}); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("an unknown command: %v", err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := store.WriteChecked(backup, func(w io.Writer) error { return admin.Backup(context.Background(), dir, w) }); err != nil {
		t.Fatal(err)
	}
	if summary, err := store.CheckFile(backup); err != nil || !strings.Contains(summary, "accounts: 1") {
		t.Errorf("the backup: %q %v", summary, err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	stop()
	if _, err := admin.Call(ctx, dir, admin.Request{Command: "user list"}); !errors.Is(err, admin.ErrNotRunning) {
		t.Errorf("with a stale socket: %v", err)
	}
}
