package handlers

import (
	"net/http"
	"sync/atomic"
)

// Drain lets a stopping server finish well. While draining, /readyz says
// 503 (so a load balancer stops sending), and every response says
// "Connection: close" (so no browser or proxy sends another request down a
// connection the server is about to close); requests keep being served.
type Drain struct {
	next     http.Handler
	draining atomic.Bool
}

// NewDrain wraps the site.
func NewDrain(next http.Handler) *Drain { return &Drain{next: next} }

// Start begins draining.
func (d *Drain) Start() { d.draining.Store(true) }

// Draining says whether Start has been called.
func (d *Drain) Draining() bool { return d.draining.Load() }

func (d *Drain) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if d.draining.Load() {
		w.Header().Set("Connection", "close")
		if r.URL.Path == "/readyz" {
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
	}
	d.next.ServeHTTP(w, r)
}
