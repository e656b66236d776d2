package handlers

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// discardWriter is a ResponseWriter that keeps nothing, so a benchmark
// measures the handler, not a recorder's buffers.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

func benchmarkPage(b *testing.B, path, encoding string) {
	lib, bundle := loadWords(b)
	h, err := New(Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil))}, lib, bundle)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", encoding)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
	}
}

func BenchmarkServeHomePage(b *testing.B)       { benchmarkPage(b, "/en/", "gzip, deflate, br") }
func BenchmarkServeHelpPageInUrdu(b *testing.B) { benchmarkPage(b, "/ur/help", "gzip, deflate, br") }
func BenchmarkServeNotFound(b *testing.B)       { benchmarkPage(b, "/en/no-such-page", "gzip") }
