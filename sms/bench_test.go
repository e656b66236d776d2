package sms

import "testing"

// BenchmarkHandle measures the engine's work for one text (safety detector included),
// over the webhook benchmark's texts and a long one: everything but HTTP and the store.
func BenchmarkHandle(b *testing.B) {
	e := newEngine(b)
	bodies := []string{"hi", "HELP", "INFO", "2", "POLSKI", "what is this",
		"hi sorry to text so late but my bf is like 23 and he keeps saying i owe him for stuff and i dont really know what to do about it tbh can someone ring me pls"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Handle(Conversation{Lang: "en", Greeted: true}, bodies[i%len(bodies)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}
