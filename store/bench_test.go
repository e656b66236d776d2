package store_test

import (
	"testing"

	"heard/store/storetest"
)

// BenchmarkText measures one inbound text's store work on each implementation.
func BenchmarkText(b *testing.B) {
	b.Run("Embedded", func(b *testing.B) { storetest.Benchmark(b, openEmbedded(b, b.TempDir())) })
	b.Run("Redis", func(b *testing.B) { storetest.Benchmark(b, openRedis(b)) })
}

// BenchmarkSaveResponse measures feedback responses stored per second, many
// at once as when a class answers together: the embedded store shares each
// fsync among concurrent writers (group commit), Redis runs one Lua script.
func BenchmarkSaveResponse(b *testing.B) {
	b.Run("Embedded", func(b *testing.B) { storetest.BenchmarkSaveResponse(b, openEmbedded(b, b.TempDir())) })
	b.Run("Redis", func(b *testing.B) { storetest.BenchmarkSaveResponse(b, openRedis(b)) })
}
