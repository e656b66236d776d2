package store_test

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"heard/sms"
	"heard/store"
	"heard/store/storetest"
)

// redisURL is the real Redis to test against (see storetest.RedisURL).
var redisURL = storetest.RedisURL

// openRedis returns a store on the test Redis whose keys are this test's own, deleted when it ends.
func openRedis(t testing.TB) *store.Redis { return storetest.OpenRedis(t) }

func TestRedisContract(t *testing.T) {
	t.Parallel()
	redisURL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openRedis(t) })
	storetest.RunBackfill(t, func(t *testing.T) store.Store { return openRedis(t) }, store.KeepOldResponse)
}

func TestRedisKeysLiveUnderHeardPrefixAndExpire(t *testing.T) {
	s, err := store.OpenRedis(redisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, client, k := t.Context(), store.RedisClient(s), rand.Text()
	tag := "heard:{text:" + k + "}:"
	expires := map[string]bool{tag + "conv": true, tag + "sid:SM1": true, tag + "rate": true, "heard:rate:" + k: true}
	defer func() {
		for key := range expires {
			client.Del(context.Background(), key)
		}
	}()

	if _, err := s.StartText(ctx, sms.TextStart{Key: k, Sid: "SM1", Token: "t", Claim: time.Hour, Window: time.Hour}); err != nil {
		t.Fatal(err)
	}
	err = s.FinishText(ctx, sms.TextFinish{Key: k, Sid: "SM1", Token: "t", Reply: "r", ReplyFor: time.Hour, Conversation: []byte("v"), ConversationFor: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Hit(ctx, k, time.Hour); err != nil {
		t.Fatal(err)
	}
	for key := range expires {
		// PTTL is -2ns for a missing key, -1ns for one kept until deleted.
		ttl, err := client.PTTL(ctx, key).Result()
		if err != nil || ttl <= 0 || ttl > time.Hour {
			t.Errorf("%s: PTTL %v, %v", key, ttl, err)
		}
	}
}

func TestRedisUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	checkUnavailable(t, "redis://127.0.0.1:1/0") // nothing listens on port 1
}

// A server that accepts connections but never answers must cost a caller a timeout, not a hang.
func TestRedisSilentServerIsUnavailable(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		var conns []net.Conn // held open, never answered
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	checkUnavailable(t, "redis://"+l.Addr().String()+"/0")
}

// checkUnavailable checks that each kind of call on the Redis at url fails soon with ErrUnavailable.
func checkUnavailable(t *testing.T, url string) {
	s, err := store.OpenRedis(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() }) // not defer: the subtests run after this function returns
	calls := map[string]func(ctx context.Context) error{
		"Ping": func(ctx context.Context) error { return s.Ping(ctx) },
		"StartText": func(ctx context.Context) error {
			_, err := s.StartText(ctx, sms.TextStart{Key: "k", Sid: "SM1", Token: "t", Claim: time.Hour, Window: time.Hour})
			return err
		},
		"FinishText": func(ctx context.Context) error {
			return s.FinishText(ctx, sms.TextFinish{Key: "k", Sid: "SM1", Token: "t", ReplyFor: time.Hour, ConversationFor: time.Hour})
		},
		"Hit": func(ctx context.Context) error { _, err := s.Hit(ctx, "k", time.Hour); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			err := call(t.Context())
			took := time.Since(start)
			if !errors.Is(err, store.ErrUnavailable) || errors.Is(err, redis.ErrClosed) {
				t.Errorf("error %v, want one wrapping ErrUnavailable", err)
			}
			if took > 2*time.Second {
				t.Errorf("took %v to fail, want under 2s", took)
			}
			t.Logf("failed in %v: %v", took.Round(time.Millisecond), err)
		})
	}
}

func TestRedisCallerDeadlineIsKept(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	s, err := store.OpenRedis("redis://" + l.Addr().String() + "/0?read_timeout=10s&write_timeout=10s")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = s.Ping(ctx)
	if took := time.Since(start); took > time.Second {
		t.Errorf("Ping took %v with a 100ms deadline", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("got %v, want a deadline error wrapping ErrUnavailable", err)
	}
}

func TestOpenRedisRefusesOtherSchemes(t *testing.T) {
	for _, url := range []string{"http://127.0.0.1:6379", "unix:///tmp/redis.sock", "127.0.0.1:6379"} {
		if s, err := store.OpenRedis(url); err == nil {
			s.Close()
			t.Errorf("OpenRedis(%q): no error", url)
		}
	}
}

// Sentinel with cluster=true would make go-redis spread commands over the
// primary and its replicas, and SaveResponse could not wait on the primary.
func TestOpenRedisRefusesSentinelCluster(t *testing.T) {
	if s, err := store.OpenRedis("redis://127.0.0.1:26379?master_name=heard&cluster=true"); err == nil {
		s.Close()
		t.Error("OpenRedis: no error for master_name with cluster=true")
	}
}

// Older versions kept an HMAC of every number that said STOP, forever;
// nothing read it. ForgetOptOuts deletes them and nothing else.
func TestRedisForgetsOldOptOutFlags(t *testing.T) {
	t.Parallel()
	checkForgetsOptOuts(t, openRedis(t))
}

func checkForgetsOptOuts(t *testing.T, s *store.Redis) {
	ctx, client := t.Context(), store.RedisClient(s)
	prefix := store.KeyPrefix(s)
	for _, k := range []string{"optout:a", "optout:b", "optout:c", "conv:a"} {
		if err := client.Set(ctx, prefix+k, "1", 0).Err(); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.ForgetOptOuts(ctx)
	if err != nil || n != 3 {
		t.Errorf("forgot %d flags (%v), want 3", n, err)
	}
	for _, k := range []string{"optout:a", "optout:b", "optout:c"} {
		if left, _ := client.Exists(ctx, prefix+k).Result(); left != 0 {
			t.Errorf("%s is still there", k)
		}
	}
	if kept, _ := client.Exists(ctx, prefix+"conv:a").Result(); kept != 1 {
		t.Error("a conversation went with the flags")
	}
	// Done once: a later start-up does not scan every key again.
	client.Set(ctx, prefix+"optout:d", "1", 0)
	if n, err := s.ForgetOptOuts(ctx); err != nil || n != 0 {
		t.Errorf("a second run forgot %d (%v), want none: it should not scan again", n, err)
	}
}
