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
	open := func(t *testing.T) store.Store { return openCluster(t) }
	storetest.Run(t, open)
	storetest.RunBackfill(t, open, store.KeepOldResponse)
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
	s, err := store.OpenRedis(url, store.WithKeyPrefix("heard:test:"+rand.Text()+":"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := store.RedisClient(s).(*redis.ClusterClient); !ok {
		t.Fatalf("%s did not make a cluster client", url)
	}
	t.Cleanup(func() {
		defer s.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.DeleteAll(ctx); err != nil {
			t.Errorf("deleting the test's keys: %v", err)
		}
	})
	return s
}
