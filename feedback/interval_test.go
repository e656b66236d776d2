package feedback

import (
	"math"
	"testing"
)

// Known values, to four decimals, from R. G. Newcombe's two papers of 1998
// in Statistics in Medicine 17: the Wilson score interval (method 3, "Two-
// sided confidence intervals for the single proportion: comparison of seven
// methods", 857-872, Table I) and the hybrid score interval for a
// difference (method 10, "Interval estimation for the difference between
// independent proportions: comparison of eleven methods", 873-890,
// Table II).

func TestWilsonMatchesNewcombesTable(t *testing.T) {
	for _, tc := range []struct {
		x, n      int64
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		got := Wilson(tc.x, tc.n)
		if !near(got.Low, tc.low) || !near(got.High, tc.high) {
			t.Errorf("Wilson(%d/%d) = %.4f to %.4f, want %.4f to %.4f", tc.x, tc.n, got.Low, got.High, tc.low, tc.high)
		}
	}
}

func TestNewcombeMatchesNewcombesTable(t *testing.T) {
	// The paper's difference is its first proportion minus its second;
	// Newcombe here takes the earlier first, and gives later minus earlier.
	for _, tc := range []struct {
		name           string
		x1, n1, x2, n2 int64 // the paper's first, then second
		low, high      float64
	}{
		{"(a) 56/70 - 48/80", 56, 70, 48, 80, 0.0524, 0.3339},
		{"(b) 9/10 - 3/10", 9, 10, 3, 10, 0.1705, 0.8090},
		{"(d) 5/56 - 0/29", 5, 56, 0, 29, -0.0381, 0.1926},
		{"(e) 0/10 - 0/20", 0, 10, 0, 20, -0.1611, 0.2775},
		{"(f) 0/10 - 0/10", 0, 10, 0, 10, -0.2775, 0.2775},
		{"(g) 10/10 - 0/20", 10, 10, 0, 20, 0.6791, 1},
		{"(h) 10/10 - 0/10", 10, 10, 0, 10, 0.6075, 1},
	} {
		got := Newcombe(tc.x2, tc.n2, tc.x1, tc.n1)
		if !near(got.Low, tc.low) || !near(got.High, tc.high) {
			t.Errorf("%s: %.4f to %.4f, want %.4f to %.4f", tc.name, got.Low, got.High, tc.low, tc.high)
		}
		// The other way round is the mirror image.
		back := Newcombe(tc.x1, tc.n1, tc.x2, tc.n2)
		if !near(back.Low, -tc.high) || !near(back.High, -tc.low) {
			t.Errorf("%s reversed: %.4f to %.4f, want %.4f to %.4f", tc.name, back.Low, back.High, -tc.high, -tc.low)
		}
	}
}

func TestIntervalsStayInRangeAndHoldTheEstimate(t *testing.T) {
	for n1 := int64(1); n1 <= 12; n1++ {
		for x1 := int64(0); x1 <= n1; x1++ {
			w := Wilson(x1, n1)
			p1 := float64(x1) / float64(n1)
			if w.Low < 0 || w.High > 1 || !w.Contains(p1) {
				t.Fatalf("Wilson(%d/%d) = %v does not hold %v within 0 to 1", x1, n1, w, p1)
			}
			for n2 := int64(1); n2 <= 12; n2++ {
				for x2 := int64(0); x2 <= n2; x2++ {
					d := float64(x2)/float64(n2) - p1
					iv := Newcombe(x1, n1, x2, n2)
					if iv.Low < -1-1e-9 || iv.High > 1+1e-9 || !iv.Contains(d) {
						t.Fatalf("Newcombe(%d/%d, %d/%d) = %v does not hold %v within -1 to 1", x1, n1, x2, n2, iv, d)
					}
				}
			}
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.00005 }
