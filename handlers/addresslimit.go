package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"heard/store"

	"github.com/labstack/echo/v4"
)

const (
	// overFor is how long an instance refuses an address it has seen over
	// its limit without asking the store again: at most one write a minute
	// per address past the limit, whatever arrives.
	overFor = time.Minute
	// overMost is how many such addresses an instance remembers at once;
	// past it the store alone decides, as before.
	overMost = 10_000
)

// addressLimit counts requests per client address in the store's rate
// counters, so every instance on one Redis counts together. The address is
// kept only as an HMAC under the secret, of the subscriber's part of it
// (an IPv6 /64), and only for the window.
type addressLimit struct {
	kind    string // names the counter ("fb", "signin-addr")
	limit   int64  // requests allowed in a window
	window  time.Duration
	store   store.Limits
	secret  []byte
	clients echo.IPExtractor
	now     func() time.Time

	mu   sync.Mutex
	over map[string]time.Time // address key -> until when it is refused here without a store call
}

// allow counts one request from req's address and reports whether it is
// within the limit. An address already over it is refused with no store
// call, so a flood past the limit writes nothing.
func (l *addressLimit) allow(ctx context.Context, req *http.Request) (bool, error) {
	key := l.key(req)
	now := l.now()
	l.mu.Lock()
	until, over := l.over[key]
	l.mu.Unlock()
	if over && now.Before(until) {
		return false, nil
	}
	count, err := l.store.Hit(ctx, l.kind+":"+key, l.window)
	if err != nil {
		return false, err
	}
	if count <= l.limit {
		return true, nil
	}
	l.remember(key, now.Add(min(l.window, overFor)), now)
	return false, nil
}

func (l *addressLimit) remember(key string, until, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.over == nil {
		l.over = map[string]time.Time{}
	}
	if len(l.over) >= overMost {
		for k, t := range l.over {
			if !now.Before(t) {
				delete(l.over, k)
			}
		}
	}
	if len(l.over) < overMost {
		l.over[key] = until
	}
}

// key is the only form in which a visitor's address is used.
func (l *addressLimit) key(req *http.Request) string {
	m := hmac.New(sha256.New, l.secret)
	m.Write([]byte("addr|" + subscriber(l.clients(req))))
	return hex.EncodeToString(m.Sum(nil))
}
