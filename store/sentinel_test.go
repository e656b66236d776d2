package store_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"heard/feedback"
	"heard/store"
)

// sentinelServers is a Redis primary, one replica of it and one Sentinel
// watching them, each a redis-server process of the test's own on loopback.
// The Sentinel never fails over (down-after-milliseconds is a minute): the
// tests here are about what the primary acknowledges, not about failover
// (cmd/heard's TestSentinelFailoverUnderLoad is).
type sentinelServers struct {
	primary, replica, sentinel string // ports
	replicaProcess             *os.Process
}

func startSentinelServers(t testing.TB) *sentinelServers {
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("HEARD_REQUIRE_REDIS") == "1" {
			t.Fatal("no redis-server: store/redis-test.sh installs it")
		}
		t.Skip("no redis-server")
	}
	memory := []string{"--save", "", "--appendonly", "no"}
	set := &sentinelServers{primary: freePort(t), replica: freePort(t), sentinel: freePort(t)}
	startServer(t, set.primary, memory...)
	set.replicaProcess = startServer(t, set.replica, append(memory, "--replicaof", "127.0.0.1", set.primary)...)
	conf := filepath.Join(t.TempDir(), "sentinel.conf")
	lines := "sentinel monitor heard 127.0.0.1 " + set.primary + " 1\nsentinel down-after-milliseconds heard 60000\n"
	if err := os.WriteFile(conf, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	startServer(t, set.sentinel, conf, "--sentinel")

	replica := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + set.replica})
	defer replica.Close()
	sentinel := redis.NewSentinelClient(&redis.Options{Addr: "127.0.0.1:" + set.sentinel})
	defer sentinel.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		repl, err := replica.Info(t.Context(), "replication").Result()
		master, merr := sentinel.GetMasterAddrByName(t.Context(), "heard").Result()
		if err == nil && strings.Contains(repl, "master_link_status:up") && merr == nil && len(master) == 2 {
			return set
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica did not join the primary, or the Sentinel does not know it: %v %v", err, merr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startServer runs redis-server on port with args (a config file first, if
// any), in a folder of its own, until the test ends.
func startServer(t testing.TB, port string, args ...string) *os.Process {
	dir := t.TempDir()
	argv := args
	if len(args) > 0 && strings.HasSuffix(args[0], ".conf") {
		argv = args[:1]
		args = args[1:]
	}
	cmd := exec.Command("redis-server", append(append(argv, "--bind", "127.0.0.1", "--port", port, "--dir", dir), args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err == nil {
			c.Close()
			return cmd.Process
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %s did not start: %v", port, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func freePort(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// url is REDIS_URL for the Sentinel and its master.
func (set *sentinelServers) url() string {
	return "redis://127.0.0.1:" + set.sentinel + "/0?master_name=heard"
}

// stopReplica freezes the replica (SIGSTOP), as a replica starved of CPU or
// cut off would be: the primary still counts it connected, and it confirms
// nothing. startReplica lets it go on.
func (set *sentinelServers) stopReplica(t testing.TB) {
	if err := set.replicaProcess.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
}

func (set *sentinelServers) startReplica(t testing.TB) {
	if err := set.replicaProcess.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
}

func openAt(t testing.TB, url, prefix string) *store.Redis {
	s, err := store.OpenRedis(url, store.WithKeyPrefix(prefix))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Under Sentinel a response is acknowledged only once a replica has it:
// with the replica frozen, SaveResponse says the store is unavailable (the
// young person is asked to try again), and so does a retry, even one that
// reaches the primary on other connections (another Heard). Once the
// replica is back, the retry is acknowledged, counted once, and the
// replica holds it.
func TestRedisSentinelAcknowledgesOnlyWhatAReplicaHas(t *testing.T) {
	set := startSentinelServers(t)
	prefix := "heard:test:" + strings.ToLower(t.Name()) + ":"
	first := openAt(t, set.url(), prefix)
	other := openAt(t, set.url(), prefix) // another Heard, with connections of its own
	replica := openAt(t, "redis://127.0.0.1:"+set.replica+"/0", prefix)
	ctx := t.Context()
	response := func(id string) feedback.Response {
		return feedback.Response{ID: id, Round: "r", Channel: "web", Lang: "en", At: time.Now(), Comment: "kept " + id}
	}
	counted := func(s *store.Redis) int64 {
		tallies, err := s.Tallies(ctx, "r")
		if err != nil {
			t.Fatal(err)
		}
		return tallies["channel:web"]
	}

	if err := first.SaveResponse(ctx, response("one")); err != nil {
		t.Fatalf("with the replica up: %v", err)
	}
	// Acknowledged means the replica has it: no waiting for it to catch up.
	if n := counted(replica); n != 1 {
		t.Fatalf("acknowledged, yet the replica counts %d responses, not 1", n)
	}

	set.stopReplica(t)
	for i, s := range []*store.Redis{first, other} {
		err := s.SaveResponse(ctx, response("two"))
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("try %d with the replica frozen: got %v, want ErrUnavailable", i+1, err)
		}
	}
	set.startReplica(t)

	if err := other.SaveResponse(ctx, response("two")); err != nil {
		t.Fatalf("a retry with the replica back: %v", err)
	}
	for name, s := range map[string]*store.Redis{"primary": first, "replica": replica} {
		if n := counted(s); n != 2 {
			t.Errorf("the %s counts %d responses, not 2: a response tried three times is counted once", name, n)
		}
	}
	var comments []string
	err := replica.EachResponse(ctx, "r", func(r feedback.Response) error {
		comments = append(comments, r.Comment)
		return nil
	})
	if err != nil || fmt.Sprint(comments) != "[kept one kept two]" {
		t.Errorf("the replica holds %q (%v), want both responses once", comments, err)
	}
}

// BenchmarkRedisSentinelSaveResponse measures what waiting for the replica
// costs one young person's response: one SaveResponse at a time, on the
// primary directly (no wait: as before) and through the Sentinel (WAIT 1),
// with the slowest hundredth reported.
func BenchmarkRedisSentinelSaveResponse(b *testing.B) {
	set := startSentinelServers(b)
	for name, url := range map[string]string{"primary": "redis://127.0.0.1:" + set.primary + "/0", "sentinel": set.url()} {
		b.Run(name, func(b *testing.B) {
			s := openAt(b, url, "heard:bench:"+name+":")
			r := feedback.Response{Round: "bench", Channel: "web", Lang: "en", At: time.Now(), Service: "police",
				Answers: map[string]int{"listened": 4, "explained": 3, "safe": 5}, Comment: "They listened to me."}
			took := make([]time.Duration, 0, b.N)
			for b.Loop() {
				start := time.Now()
				if err := s.SaveResponse(b.Context(), r); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}
