// Package webtest holds what the tests of the public site (handlers) and
// of the workers' side (handlers/workers) both build on: the words a test
// site is made from, the stores each test runs on, and readers of HTML.
package webtest

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"heard/content"
	"heard/feedback"
	"heard/locales"
	"heard/store"
	"heard/store/storetest"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// PublicURL is the public address test sites are given.
const PublicURL = "https://heard.example"

// Secret keys test sites' hashes and forms.
var Secret = []byte("a test secret that is long enough!!")

// LoadWords loads the pages and messages every test site is built from.
func LoadWords(t testing.TB) (*content.Library, *i18n.Bundle) {
	t.Helper()
	lib, err := content.Load(locales.Codes())
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	return lib, bundle
}

// MustURL parses a public address for a test site, as cmd/heard does at start-up.
func MustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Bank is the question bank, as the site loads it.
func Bank(t testing.TB) *feedback.Bank {
	bank, err := feedback.LoadBank(content.QuestionBank(), locales.Codes())
	if err != nil {
		t.Fatal(err)
	}
	return bank
}

// Stores runs a test on the embedded store and on Redis.
func Stores(t *testing.T, run func(t *testing.T, st store.Store)) {
	t.Run("embedded", func(t *testing.T) {
		st, err := store.OpenEmbedded(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		run(t, st)
	})
	t.Run("redis", func(t *testing.T) {
		run(t, OpenRedis(t))
	})
}

// OpenRedis opens the test Redis under a prefix of the test's own.
func OpenRedis(t testing.TB) store.Store { return storetest.OpenRedis(t) }

// UniqueCode is a round code no earlier run against a shared Redis used.
func UniqueCode(prefix string) string {
	return fmt.Sprintf("%s%06d", prefix, time.Now().UnixNano()/1000%1000000)
}

// responses reads every response a round holds.
// Responses reads every response a round holds.
func Responses(t *testing.T, st store.Store, round string) []feedback.Response {
	t.Helper()
	var all []feedback.Response
	if err := st.EachResponse(context.Background(), round, func(r feedback.Response) error {
		all = append(all, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return all
}
