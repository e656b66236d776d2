package storetest

import (
	"heard/store"
	"testing"
)

// Health is the contract of store.Health.
func Health(t *testing.T, open func(t *testing.T) store.Health) {
	t.Run("Ping", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, s.Ping(t.Context()))
	})
}
