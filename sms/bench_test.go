package sms

import (
	"slices"
	"testing"
	"time"
)

// BenchmarkHandle measures the engine's work for one text (safety detector included),
// over the webhook benchmark's texts and a long one: everything but HTTP and the store.
// It reports the slowest hundredth of texts too (p99-ns/text), since every text waits
// for the detector.
func BenchmarkHandle(b *testing.B) {
	e := newEngine(b)
	bodies := []string{"hi", "HELP", "INFO", "2", "POLSKI", "what is this",
		"hi sorry to text so late but my bf is like 23 and he keeps saying i owe him for stuff and i dont really know what to do about it tbh can someone ring me pls"}
	b.ReportAllocs()
	took := make([]time.Duration, 0, 1<<16)
	i := 0
	for b.Loop() {
		start := time.Now()
		e.Handle(Conversation{Lang: "en", Greeted: true}, bodies[i%len(bodies)])
		took = append(took, time.Since(start))
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Nanoseconds()), "p99-ns/text")
}
