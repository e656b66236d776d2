package store_test

import (
	"testing"

	"heard/store/storetest"
)

// BenchmarkClaimAndConversation measures one inbound SMS's store work on each implementation.
func BenchmarkClaimAndConversation(b *testing.B) {
	b.Run("Embedded", func(b *testing.B) { storetest.Benchmark(b, openEmbedded(b, b.TempDir())) })
	b.Run("Redis", func(b *testing.B) { storetest.Benchmark(b, openRedis(b)) })
}
