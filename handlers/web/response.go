package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// Response is a body kept in memory with its compressed variants, made once
// so that serving it again costs no work but a copy to the socket.
type Response struct {
	contentType  []string
	cacheControl []string
	etag         []string
	plain        []byte
	sum          [sha256.Size]byte
	packOnce     sync.Once
	packed       compressed
}

// NewResponse keeps a body with its compressed forms and ETag.
func NewResponse(contentType, cacheControl string, body []byte) *Response {
	// A rendered body may sit in a buffer with room to spare, and kept
	// for the life of the process, so is the room.
	if cap(body)-len(body) > len(body)/16 {
		body = bytes.Clone(body)
	}
	sum := sha256.Sum256(body)
	return &Response{
		contentType:  []string{contentType},
		cacheControl: []string{cacheControl},
		etag:         []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`},
		plain:        body,
		sum:          sum,
	}
}

// compressed returns the body's gzip and brotli forms, made on the first
// request that takes either. Start-up renders every page in every language
// and each helpline-hours variant for a week ahead, and most variants are
// never asked for: compressing them all up front was most of the start-up
// time and about a tenth of the live heap, whose size sets how often the garbage
// collector runs under load.
func (r *Response) compressed() compressed {
	r.packOnce.Do(func() { r.packed = compressedOnce(r.sum, r.plain) })
	return r.packed
}

// Body is the response as made, before compression.
func (r *Response) Body() []byte { return r.plain }

// compressed is one body's gzip and brotli forms.
type compressed struct{ gzip, brotli []byte }

// The same body always compresses to the same bytes, so each is compressed
// once per process. A running Heard builds its site once, and its responses
// hold these bytes anyway; what this saves is the tests' time, which build
// the site and ask for its pages in every test (and under the race detector
// compression is most of it). The cap keeps the memory bounded whatever
// renders.
const maxCompressed = 4096

var (
	compressedMu     sync.Mutex
	compressedBodies = map[[sha256.Size]byte]compressed{}
)

func compressedOnce(sum [sha256.Size]byte, body []byte) compressed {
	compressedMu.Lock()
	c, ok := compressedBodies[sum]
	compressedMu.Unlock()
	if ok {
		return c
	}
	c = compressed{gzip: gzipped(body), brotli: brotlied(body)}
	compressedMu.Lock()
	if len(compressedBodies) < maxCompressed {
		compressedBodies[sum] = c
	}
	compressedMu.Unlock()
	return c
}

// Compressors are large (hundreds of KB of tables each): reusing them keeps
// the memory, and the time, of compressing a page down.
var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, 6) }}
)

func gzipped(body []byte) []byte {
	var buf bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&buf)
	w.Write(body)
	w.Close()
	return bytes.Clone(buf.Bytes())
}

// brotlied uses quality 6: within a few percent of the best on our pages, and
// about thirty times faster, which keeps a page's first request quick.
func brotlied(body []byte) []byte {
	var buf bytes.Buffer
	w := brotliWriters.Get().(*brotli.Writer)
	defer brotliWriters.Put(w)
	w.Reset(&buf)
	w.Write(body)
	w.Close()
	return bytes.Clone(buf.Bytes())
}

// ContentHTML is every page's content type.
const ContentHTML = "text/html; charset=utf-8"

var (
	varyEncoding = []string{"Accept-Encoding"}
	encodingBr   = []string{"br"}
	encodingGzip = []string{"gzip"}
)

// Write sends the response with this status, choosing brotli, gzip or none by the request's
// Accept-Encoding, and answers 304 when the browser already has it. Headers
// are set straight into the map with canonical keys, skipping work that
// Header().Set would repeat on every request.
func (r *Response) Write(w http.ResponseWriter, req *http.Request, status int) {
	h := w.Header()
	h["Content-Type"] = r.contentType
	h["Cache-Control"] = r.cacheControl
	h["Etag"] = r.etag
	h["Vary"] = varyEncoding
	if status == http.StatusOK && matchesETag(req.Header.Get("If-None-Match"), r.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := r.plain
	switch accept := req.Header.Get("Accept-Encoding"); {
	case accepts(accept, "br"):
		h["Content-Encoding"] = encodingBr
		body = r.compressed().brotli
	case accepts(accept, "gzip"):
		h["Content-Encoding"] = encodingGzip
		body = r.compressed().gzip
	}
	w.WriteHeader(status)
	if req.Method != http.MethodHead {
		w.Write(body)
	}
}

// accepts reports whether an Accept-Encoding header allows a coding,
// honouring an explicit q=0 refusal.
func accepts(header, coding string) bool {
	for header != "" {
		var item string
		item, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(item, ";")
		if strings.TrimSpace(name) != coding {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

func matchesETag(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, candidate := range strings.Split(header, ",") {
		candidate = strings.TrimPrefix(strings.TrimSpace(candidate), "W/")
		if candidate == etag || candidate == "*" {
			return true
		}
	}
	return false
}

// SendPage sends a page made for this request (a form, the news), gzipped
// when the browser takes it: a weak signal should not carry three times the
// bytes. It is never cached: forms carry tokens, and news changes.
func SendPage(w http.ResponseWriter, req *http.Request, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{ContentHTML}
	h["Cache-Control"] = []string{"no-store"}
	h["Vary"] = varyEncoding
	if accepts(req.Header.Get("Accept-Encoding"), "gzip") {
		h["Content-Encoding"] = encodingGzip
		body = gzipped(body)
	}
	w.WriteHeader(status)
	if req.Method != http.MethodHead {
		w.Write(body)
	}
}
