package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"heard/store"

	"github.com/redis/go-redis/v9"
)

// Sentinel timings for the test: a primary is thought down after a second
// without an answer, and a failover that stalls is tried again after five.
// The README gives the values for production.
const (
	sentinelDownAfter       = "1000"
	sentinelFailoverTimeout = "5000"
	sentinelMaster          = "heard"
)

// sentinelSet is a Redis primary, two replicas of it, and three Sentinels
// watching them (two must agree it is down), on loopback, each with its
// own port and folder. Two replicas, as in production: Heard thanks for
// feedback only once a replica has it, so after a failover the promoted
// replica needs the other as its own.
type sentinelSet struct {
	primary   *redisServer
	replicas  []*redisServer
	sentinels []*redisServer
	asked     []*redis.SentinelClient // one for each Sentinel, for the test's questions
}

func startSentinelSet(t *testing.T) *sentinelSet {
	// Each server logs to redis.log in its own folder (Redis changes to
	// --dir before it opens the log), for failLogs.
	persist := []string{"--appendonly", "yes", "--appendfsync", "always", "--save", "", "--logfile", "redis.log"}
	set := &sentinelSet{primary: startRedis(t, nil, persist...)}
	for range 2 {
		set.replicas = append(set.replicas, startRedis(t, nil, append(persist, "--replicaof", "127.0.0.1", set.primary.port)...))
	}
	for i := range 3 {
		// A Sentinel rewrites its configuration file, so each has its own.
		conf := filepath.Join(t.TempDir(), fmt.Sprintf("sentinel-%d.conf", i))
		lines := strings.Join([]string{
			"sentinel monitor " + sentinelMaster + " 127.0.0.1 " + set.primary.port + " 2",
			"sentinel down-after-milliseconds " + sentinelMaster + " " + sentinelDownAfter,
			"sentinel failover-timeout " + sentinelMaster + " " + sentinelFailoverTimeout,
			"sentinel parallel-syncs " + sentinelMaster + " 1",
		}, "\n")
		if err := os.WriteFile(conf, []byte(lines+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		sentinel := startRedis(t, []string{conf, "--sentinel"}, "--logfile", "redis.log")
		set.sentinels = append(set.sentinels, sentinel)
		set.asked = append(set.asked, redis.NewSentinelClient(testRedisOptions(sentinel.port)))
		t.Cleanup(func() { set.asked[i].Close() })
	}
	t.Cleanup(func() {
		if t.Failed() {
			set.logs(t)
		}
	})
	// Ready when every Sentinel knows the replicas and the other two, and
	// the replicas have the primary's data.
	waitFor(t, 30*time.Second, "the Sentinels to find each other and the replicas", func() bool {
		for _, s := range set.asked {
			info, err := s.Master(t.Context(), sentinelMaster).Result()
			if err != nil || info["num-other-sentinels"] != "2" || info["num-slaves"] != "2" {
				return false
			}
		}
		for _, r := range set.replicas {
			replica := redis.NewClient(testRedisOptions(r.port))
			repl, err := replica.Info(t.Context(), "replication").Result()
			replica.Close()
			if err != nil || !strings.Contains(repl, "master_link_status:up") {
				return false
			}
		}
		return true
	})
	return set
}

// logs gives what the servers logged (role changes, Sentinel events), to
// tell a failed run's lag from a failover the test did not ask for.
func (set *sentinelSet) logs(t *testing.T) {
	servers := append(append([]*redisServer{set.primary}, set.replicas...), set.sentinels...)
	names := []string{"primary", "replica 1", "replica 2", "sentinel 1", "sentinel 2", "sentinel 3"}
	for i, s := range servers {
		log, err := os.ReadFile(filepath.Join(s.dir, "redis.log"))
		if err != nil {
			t.Logf("%s (port %s): no log: %v", names[i], s.port, err)
			continue
		}
		t.Logf("%s (port %s) logged:\n%s", names[i], s.port, log)
	}
}

// url is REDIS_URL for Heard: the three Sentinels and the master's name.
func (set *sentinelSet) url() string {
	s := set.sentinels
	return fmt.Sprintf("redis://127.0.0.1:%s/0?addr=127.0.0.1:%s&addr=127.0.0.1:%s&master_name=%s", s[0].port, s[1].port, s[2].port, sentinelMaster)
}

// agreeOnMaster says whether every Sentinel gives addr as the master.
func (set *sentinelSet) agreeOnMaster(ctx context.Context, addr string) bool {
	for _, s := range set.asked {
		got, err := s.GetMasterAddrByName(ctx, sentinelMaster).Result()
		if err != nil || len(got) != 2 || got[0]+":"+got[1] != addr {
			return false
		}
	}
	return true
}

// testRedisOptions are for the test's own questions to a Redis or a
// Sentinel: no retries, so a dead server answers at once.
func testRedisOptions(port string) *redis.Options {
	return &redis.Options{Addr: "127.0.0.1:" + port, MaxRetries: -1, DialTimeout: time.Second, ReadTimeout: time.Second}
}

// Heard on Redis under Sentinel, its primary killed under mixed load: the
// Sentinels promote a replica and Heard follows them. Pages never fail,
// every text gets a reply carrying 999, and the feedback thanked for is
// exactly the feedback the new primary holds.
func TestSentinelFailoverUnderLoad(t *testing.T) {
	set := startSentinelSet(t)
	heard := startHeard(t, "REDIS_URL="+set.url(), "HEARD_SECRET="+processSecret, "HEARD_TRUSTED_PROXIES=127.0.0.1",
		"HEARD_DATA="+t.TempDir())
	load := startMixedLoad(t, heard)
	load.flowing(t, 20, "load flowing before the primary is killed")

	// The new primary is known once it takes a write; the test asks the
	// replicas directly, while Heard finds it through the Sentinels.
	var probes []*redis.Client
	for _, r := range set.replicas {
		probes = append(probes, redis.NewClient(testRedisOptions(r.port)))
		defer probes[len(probes)-1].Close()
	}
	killed := time.Now()
	set.primary.kill()
	var newPrimary string
	waitFor(t, 60*time.Second, "a replica to be promoted and take a write", func() bool {
		for i, probe := range probes {
			if probe.Set(t.Context(), "heard:test:failover-probe", killed.String(), 0).Err() == nil {
				newPrimary = "127.0.0.1:" + set.replicas[i].port
				return true
			}
		}
		return false
	})
	promoted := time.Now()
	waitFor(t, 30*time.Second, "every Sentinel to give the promoted replica as the master", func() bool {
		return set.agreeOnMaster(t.Context(), newPrimary)
	})
	load.flowing(t, 20, "load flowing through the new primary")
	recovered, _ := load.firstAckAfter(promoted)

	// Read back from the new primary, through the Sentinels as Heard does.
	st, err := store.OpenRedis(set.url())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	load.check(t, st)
	t.Logf("failover: a replica took its first write %s after the primary was killed; Heard thanked for its first feedback through it %s after the kill (Sentinel down-after-milliseconds %s)",
		promoted.Sub(killed).Round(time.Millisecond), recovered.Sub(killed).Round(time.Millisecond), sentinelDownAfter)
}
