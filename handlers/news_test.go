package handlers

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// countingStore is a real store that counts how often posts are read.
type countingStore struct {
	store.Store
	reads atomic.Int64
}

func (c *countingStore) Posts(ctx context.Context) ([]feedback.Post, error) {
	c.reads.Add(1)
	return c.Store.Posts(ctx)
}

func TestNewsIsReadOnceAWhileAndAFailureIsNotRetriedAtOnce(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	counted := &countingStore{Store: st}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	news := &newsCache{store: counted, now: func() time.Time { return now }}
	st.AddPost(context.Background(), feedback.Post{ID: "a", Said: map[string]string{"en": "x"}, Did: map[string]string{"en": "y"}})
	for range 5 {
		if posts, err := news.get(context.Background()); err != nil || len(posts) != 1 {
			t.Fatalf("posts %v, %v", posts, err)
		}
	}
	if counted.reads.Load() != 1 {
		t.Errorf("%d reads for five requests within %s", counted.reads.Load(), newsFor)
	}
	st.Close()
	now = now.Add(newsFor)
	for range 5 {
		posts, err := news.get(context.Background())
		if err == nil || len(posts) != 1 {
			t.Errorf("store down: %d posts, %v; want the last posts read and the error", len(posts), err)
		}
	}
	if counted.reads.Load() != 2 {
		t.Errorf("%d reads: a failed read was retried at once", counted.reads.Load())
	}
	now = now.Add(retryAfter)
	news.get(context.Background())
	if counted.reads.Load() != 3 {
		t.Errorf("after %s the store was not asked again", retryAfter)
	}
}

func TestNewsPageStillComesWhenTheStoreIsDown(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	s := newTestSite(t, Config{PublicURL: mustURL(testPublicURL), Store: st, Secret: testSecret})
	st.Close()
	for _, path := range []string{"/en/you-said-we-did", "/ur/you-said-we-did", "/en/feedback/ABC123"} {
		rec := s.get(path)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "999") || !strings.Contains(rec.Body.String(), "quick-exit") {
			t.Errorf("%s with the store down: %d", path, rec.Code)
		}
	}
}
