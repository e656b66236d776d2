package store

import (
	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// UseKeyPrefix gives a test its own keys, so tests can share one Redis without colliding.
func UseKeyPrefix(r *Redis, prefix string) { r.prefix = prefix }

// RedisClient lets a test look at the keys as Redis holds them.
func RedisClient(r *Redis) redis.UniversalClient { return r.client }

// StoredEntries counts what the file holds for each kind, expired or not.
func StoredEntries(e *Embedded) (map[string]int, error) {
	n := map[string]int{}
	err := e.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			n[string(name)] = b.Stats().KeyN
			return nil
		})
	})
	return n, err
}

// KeyPrefix is the prefix a test's keys live under.
func KeyPrefix(r *Redis) string { return r.prefix }
