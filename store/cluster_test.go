package store_test

import (
	"context"
	"crypto/rand"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"heard/store"
	"heard/store/storetest"
)

// The contract again, on a three-node Redis Cluster: every MULTI or script must touch
// keys of one slot (a round's keys share the hash tag {fb:round}), or the
// cluster refuses it with CROSSSLOT.
func TestRedisClusterContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return openCluster(t) })
}

// On a cluster the old opt-out flags are spread over the masters: each is searched.
func TestRedisClusterForgetsOldOptOutFlags(t *testing.T) {
	t.Parallel()
	checkForgetsOptOuts(t, openCluster(t))
}

// openCluster returns a store on the test cluster whose keys are this test's own,
// deleted when it ends.
func openCluster(t *testing.T) *store.Redis {
	t.Helper()
	url := storetest.RedisClusterURL(t)
	s, err := store.OpenRedis(url)
	if err != nil {
		t.Fatal(err)
	}
	cluster, ok := store.RedisClient(s).(*redis.ClusterClient)
	if !ok {
		t.Fatalf("%s did not make a cluster client", url)
	}
	prefix := "heard:test:" + rand.Text() + ":"
	store.UseKeyPrefix(s, prefix)
	t.Cleanup(func() {
		defer s.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// Keys are spread over the masters: each deletes its own, one by one.
		err := cluster.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
			keys, err := node.Keys(ctx, prefix+"*").Result()
			for _, k := range keys {
				if err == nil {
					err = node.Del(ctx, k).Err()
				}
			}
			return err
		})
		if err != nil {
			t.Errorf("deleting the test's keys: %v", err)
		}
	})
	return s
}
