package sms

import "testing"

// BenchmarkHandle answers the texts a busy channel gets most: a greeting,
// keywords, a menu choice.
func BenchmarkHandle(b *testing.B) {
	e := newEngine(b)
	texts := []string{"hi", "HELP", "INFO", "2", "LANG", "what is this"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		e.Handle(Conversation{Greeted: true}, texts[i%len(texts)])
		i++
	}
}
