package handlers

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"heard/store"
)

// rawRequest sends bytes as they are, so paths reach the server unclean.
func rawRequest(t *testing.T, addr, request string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%q: %v", request, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestStaticFilesCannotBeReachedByTraversal(t *testing.T) {
	s := newTestSite(t, Config{})
	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, path := range []string{"/static/../go.mod", "/static/..%2fgo.mod", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%5c..%5cgo.mod",
		"/static/style.css%00.txt", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/exit.js/../../main.go", "/static/.", "/static/"} {
		resp := rawRequest(t, addr, "GET "+path+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusMovedPermanently {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode == 200 || strings.Contains(ct, "javascript") || strings.Contains(ct, "css") {
			t.Errorf("%s served a file (%s)", path, ct)
		}
	}
}

func TestLanguageAndCodeCannotInjectHeaders(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newTestSite(t, Config{PublicURL: mustURL(testPublicURL), Store: st, Secret: testSecret})
	srv := httptest.NewServer(w.handler)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, path := range []string{"/en%0d%0aSet-Cookie:%20evil=1", "/%0d%0aLocation:%20https://evil.example/", "/feedback/ABC%0d%0aSet-Cookie:evil=1",
		"/en/feedback/ABC123%0d%0aX-Evil:1", "/feedback/%0aSet-Cookie:evil=1", "/en%0aX-Evil:%201/help"} {
		resp := rawRequest(t, addr, "GET "+path+" HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nConnection: close\r\n\r\n")
		if resp.Header.Get("Set-Cookie") != "" || resp.Header.Get("X-Evil") != "" || strings.Contains(resp.Header.Get("Location"), "evil") ||
			strings.ContainsAny(resp.Header.Get("Location"), "\r\n") {
			t.Errorf("%s injected a header: %d %v", path, resp.StatusCode, resp.Header)
		}
		if resp.StatusCode >= 500 {
			t.Errorf("%s: %d", path, resp.StatusCode)
		}
	}
	// Accept-Language with line breaks or junk still picks a language of ours.
	req := httptest.NewRequest("GET", "/feedback/ABC123", nil)
	req.Header.Set("Accept-Language", "ur\r\nSet-Cookie: evil=1, \x00;q=abc")
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/en/feedback/ABC123") && !strings.HasPrefix(loc, "/ur/feedback/ABC123") {
		t.Errorf("odd Accept-Language redirected to %q", loc)
	}
}
