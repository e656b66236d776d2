package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/store"
)

// BenchmarkSignedWebhook measures whole signed Twilio webhooks through the
// router, signature check, store and conversation, from many numbers at
// once: throughput as webhooks/s and the 99th percentile latency.
func BenchmarkSignedWebhook(b *testing.B) {
	b.Run("embedded", func(b *testing.B) {
		st, err := store.OpenEmbedded(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		benchmarkWebhook(b, st)
	})
	b.Run("redis", func(b *testing.B) {
		benchmarkWebhook(b, openTestRedis(b))
	})
}

func benchmarkWebhook(b *testing.B, st store.Store) {
	s := newSMSSite(&testing.T{}, st, testToken)
	run := time.Now().UnixNano()
	bodies := []string{"hi", "HELP", "INFO", "2", "POLSKI", "what is this"}
	type signed struct{ body, signature string }
	reqs := make([]signed, b.N)
	for i := range reqs {
		// Numbers repeat every 5,000 texts: conversations go on, and no
		// number reaches the rate limit within a run.
		form := twilioForm(fmt.Sprintf("SM%d%012d", run, i), fmt.Sprintf("+4477%03d%05d", run%1000, i%5000), bodies[i%len(bodies)])
		reqs[i] = signed{form.Encode(), sign(testToken, testPublicURL+"/sms/twilio", form)}
	}
	var mu sync.Mutex
	var next int
	var latencies []time.Duration
	b.ReportAllocs()
	b.SetParallelism(8) // Twilio sends many webhooks at once; Redis round trips overlap
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			mu.Lock()
			r := reqs[next]
			next++
			mu.Unlock()
			req := httptest.NewRequest(http.MethodPost, "/sms/twilio", strings.NewReader(r.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Twilio-Signature", r.signature)
			rec := httptest.NewRecorder()
			t0 := time.Now()
			s.handler.ServeHTTP(rec, req)
			mine = append(mine, time.Since(t0))
			if rec.Code != http.StatusOK {
				b.Errorf("status %d: %s", rec.Code, rec.Body)
			}
		}
		mu.Lock()
		latencies = append(latencies, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "webhooks/s")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}
