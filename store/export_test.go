package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

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

// KeepOldResponse keeps a response as Heard did before series existed: the
// response (unmarked) and its tallies, and no series.
func KeepOldResponse(s Store, r feedback.Response) error {
	whole, _ := json.Marshal(r)
	r.Comment = ""
	answers, _ := json.Marshal(r)
	switch s := s.(type) {
	case *Embedded:
		respName, tallyName := roundBuckets(r.Round)
		return s.db.Update(func(tx *bolt.Tx) error {
			responses, _ := tx.CreateBucketIfNotExists(respName)
			tallies, _ := tx.CreateBucketIfNotExists(tallyName)
			seq, _ := responses.NextSequence()
			key := binary.BigEndian.AppendUint64(nil, seq)
			if r.Comment != "" {
				comments, _ := tx.CreateBucketIfNotExists(commentBucket(r.Round))
				comments.Put(key, whole)
			}
			if err := responses.Put(key, answers); err != nil {
				return err
			}
			return addCounts(tallies, r.TallyFields())
		})
	case *Redis:
		ctx := context.Background()
		_, err := s.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.RPush(ctx, s.roundKey(r.Round, "responses"), answers)
			for _, field := range r.TallyFields() {
				p.HIncrBy(ctx, s.roundKey(r.Round, "tallies"), field, 1)
			}
			return nil
		})
		return err
	}
	return fmt.Errorf("no old format for %T", s)
}
