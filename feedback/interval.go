package feedback

import "math"

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959963984540054

// Interval is a range of proportions (or of differences between two).
type Interval struct {
	Low, High float64
}

// Contains reports whether x lies in the interval, ends included.
func (i Interval) Contains(x float64) bool { return i.Low <= x && x <= i.High }

// Wilson is the 95% Wilson score interval for x successes out of n
// (E. B. Wilson, "Probable inference, the law of succession, and
// statistical inference", JASA 22:209-212, 1927), without continuity
// correction. Unlike the textbook p ± 1.96·SE it stays inside 0 to 1 and
// keeps its coverage for small n and for proportions near 0 or 1. n must
// be positive.
func Wilson(x, n int64) Interval {
	p, nf, z2 := float64(x)/float64(n), float64(n), z95*z95
	centre := p + z2/(2*nf)
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	d := 1 + z2/nf
	return Interval{Low: max((centre-half)/d, 0), High: min((centre+half)/d, 1)}
}

// Newcombe is the 95% interval for the difference p2 - p1 between two
// independent proportions, x1/n1 and x2/n2, by Newcombe's hybrid score
// method: method 10 of R. G. Newcombe, "Interval estimation for the
// difference between independent proportions: comparison of eleven
// methods", Statistics in Medicine 17:873-890, 1998. With (l1, u1) and
// (l2, u2) the Wilson intervals of each proportion, the difference
// d = p2 - p1 has
//
//	lower = d - sqrt((p2-l2)² + (u1-p1)²)
//	upper = d + sqrt((u2-p2)² + (p1-l1)²)
//
// (the paper writes it for p1 - p2; here the second proportion is the
// later one, so a positive difference is a rise). n1 and n2 must be
// positive.
func Newcombe(x1, n1, x2, n2 int64) Interval {
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	w1, w2 := Wilson(x1, n1), Wilson(x2, n2)
	d := p2 - p1
	return Interval{
		Low:  d - math.Hypot(p2-w2.Low, w1.High-p1),
		High: d + math.Hypot(w2.High-p2, p1-w1.Low),
	}
}
