package safety

import (
	"math/rand"
	"testing"
	"time"
)

func TestRedactRandomTiming(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alpha := []string{"a", "1", "0", " ", "@", ".", "\xff", "ہ", "[", "]", "(", ")", "+", "-", "at ", "dot ", "my name is ", "A", "St", "ul. ", "\n", "٣"}
	per := make([]time.Duration, len(redactions))
	for k := 0; k < 300; k++ {
		var b []byte
		n := 1600
		if k%2 == 0 {
			for len(b) < n {
				b = append(b, byte(rng.Intn(256)))
			}
		} else {
			for len(b) < n {
				b = append(b, alpha[rng.Intn(len(alpha))]...)
			}
		}
		for i, p := range redactions {
			st := time.Now()
			if p.maybe(string(b)) { p.find(string(b)) }
			per[i] += time.Since(st)
		}
	}
	for i, d := range per {
		t.Log(i, redactions[i].mark, d/300)
	}
}
