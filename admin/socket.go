package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"heard/store"
)

// The private channel: HTTP on a unix socket in the data folder. Only the user Heard runs
// as can reach it (the socket is 0600 in a 0700 folder), and nothing on it is on the network.
// POST /run takes a Request as JSON and answers a reply; GET /backup sends a snapshot.

// SocketName is the socket's name in the data folder.
const SocketName = "heard.sock"

// maxSocketPath is the room for a socket's path on Linux (sun_path), with its ending zero.
const maxSocketPath = 108

// SocketPath is where the socket of a Heard on dir is.
func SocketPath(dir string) string { return filepath.Join(dir, SocketName) }

// Listen makes the socket in dir, readable and writable by this user alone from the moment
// it exists, and makes dir itself private. The caller must hold dir's data file (a running
// Heard does), so any socket already there was left by a Heard that was killed: it is replaced.
func Listen(dir string) (net.Listener, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, err
	}
	path := SocketPath(dir)
	if len(path) >= maxSocketPath {
		return nil, fmt.Errorf("%s is too long a path for a socket (the limit is %d bytes): give HEARD_DATA a shorter one", path, maxSocketPath-1)
	}
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode().Type() != fs.ModeSocket {
			return nil, fmt.Errorf("%s is in the way of Heard's socket, and is not one: move it", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, err
		}
	}
	// bind makes the socket with the mode 0777 less the umask: with this umask it is 0600
	// from the start, never wider for a moment. No other goroutine makes files meanwhile.
	old := syscall.Umask(0o177)
	l, err := net.Listen("unix", path)
	syscall.Umask(old)
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Limits of the private server: a client that sends slowly, reads nothing, or sits idle is
// cut off, so it holds nothing for long.
const (
	readTimeout  = 10 * time.Second
	writeTimeout = time.Minute // a command's reply; a backup moves it on per chunk
	idleTimeout  = time.Minute
	chunkTimeout = 10 * time.Second // the longest a backup waits for its reader to take a chunk
	chunkSize    = 1 << 20
	requestLimit = 64 << 10
	runTimeout   = 50 * time.Second
)

// Serve answers requests on l with the store of this Heard, until the returned stop is called.
func Serve(l net.Listener, e *store.Embedded, log *slog.Logger) (stop func()) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /run", func(w http.ResponseWriter, r *http.Request) { serveRun(w, r, e, log) })
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, r *http.Request) { serveBackup(w, r, e, log) })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: readTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}
	go srv.Serve(l)
	return func() { srv.Close() }
}

// reply is the answer to a Request: what to show, or what went wrong.
type reply struct {
	Output string `json:"output,omitempty"`
	Error  string `json:"error,omitempty"`
}

func serveRun(w http.ResponseWriter, r *http.Request, e *store.Embedded, log *slog.Logger) {
	var req Request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, requestLimit)).Decode(&req); err != nil {
		writeReply(w, http.StatusBadRequest, reply{Error: "admin: the request is not JSON: " + err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), runTimeout)
	defer cancel()
	out, err := Run(ctx, e, req)
	// The command's name only: never an email, a password or what it printed.
	log.Info("admin", "command", req.Command, "ok", err == nil)
	if err != nil {
		writeReply(w, http.StatusUnprocessableEntity, reply{Error: err.Error()})
		return
	}
	writeReply(w, http.StatusOK, reply{Output: out})
}

func writeReply(w http.ResponseWriter, status int, rep reply) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(rep)
}

// serveBackup sends a snapshot of the file. The snapshot is made first, in a moment; then
// the reader takes it at its own pace, each chunk within chunkTimeout, holding nothing but
// the snapshot's copy, which goes when the request ends.
func serveBackup(w http.ResponseWriter, r *http.Request, e *store.Embedded, log *slog.Logger) {
	f, err := e.Snapshot(r.Context())
	if err != nil {
		log.Error("admin: backup", "err", err.Error())
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", fmt.Sprint(fi.Size()))
	rc := http.NewResponseController(w)
	buf := make([]byte, chunkSize)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			rc.SetWriteDeadline(time.Now().Add(chunkTimeout))
			if _, werr := w.Write(buf[:n]); werr != nil {
				log.Warn("admin: backup reader went away or stalled", "err", werr.Error())
				return
			}
		}
		if errors.Is(err, io.EOF) {
			log.Info("admin", "command", "backup", "ok", true)
			return
		}
		if err != nil {
			log.Error("admin: backup", "err", err.Error())
			panic(http.ErrAbortHandler) // the length promised is not met: the copy fails its check
		}
	}
}
