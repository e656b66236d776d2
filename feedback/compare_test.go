package feedback

import (
	"slices"
	"testing"
	"time"
)

var (
	listened = Question{ID: "listened", Principle: 2, Text: map[string]string{"en": "Did they listen to you?"}}
	blamed   = Question{ID: "blamed", Principle: 1, Reversed: true, Text: map[string]string{"en": "Did anyone make you feel it was your fault?"}}
)

// answers is a question's counts with good of answered giving a good
// answer (4 or 5, or 1 or 2 when reversed) and the rest a bad one.
func answers(good, answered int64, reversed bool) [6]int64 {
	if reversed {
		return [6]int64{0, good, 0, 0, 0, answered - good}
	}
	return [6]int64{0, answered - good, 0, 0, 0, good}
}

func TestCompareSaysOnlyWhatTheNumbersCarry(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		q                    Question
		goodA, nA, goodB, nB int64
		want                 Verdict
		measured             bool
	}{
		{"a clear rise", listened, 20, 100, 60, 100, Better, true},
		{"a clear fall", listened, 60, 100, 20, 100, Worse, true},
		{"the same share", listened, 50, 100, 50, 100, CantTell, true},
		{"a rise the interval does not rule out as chance", listened, 5, 10, 7, 10, CantTell, true},
		{"a large rise on five each", listened, 0, 5, 5, 5, Better, true},
		{"four before: too few to show", listened, 0, 4, 100, 100, CantTell, false},
		{"four after: too few to show", listened, 0, 100, 4, 4, CantTell, false},
		{"none at all", listened, 0, 0, 0, 0, CantTell, false},
		{"reversed: fewer blamed is better", blamed, 20, 100, 60, 100, Better, true},
		{"reversed: more blamed is worse", blamed, 60, 100, 20, 100, Worse, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := AnswerCounts{tc.q.ID: answers(tc.goodA, tc.nA, tc.q.Reversed)}
			after := AnswerCounts{tc.q.ID: answers(tc.goodB, tc.nB, tc.q.Reversed)}
			got := Compare([]Question{tc.q}, "en", before, after)[0]
			if got.Verdict != tc.want || got.Measured() != tc.measured {
				t.Errorf("verdict %q (measured %v), want %q (%v); interval %+v", got.Verdict, got.Measured(), tc.want, tc.measured, got.Interval)
			}
			if got.Before != (Side{tc.goodA, tc.nA}) || got.After != (Side{tc.goodB, tc.nB}) {
				t.Errorf("sides %+v %+v", got.Before, got.After)
			}
			if !tc.measured && (got.Difference != 0 || got.Interval != (Interval{})) {
				t.Errorf("a side too small to show still gave a difference: %+v", got)
			}
		})
	}
}

// An interval that holds no change never says better or worse, and one
// that does not hold it always says which: for every pair of rounds of up
// to 30 answers.
func TestAnIntervalStraddlingZeroNeverSaysBetterOrWorse(t *testing.T) {
	for nA := int64(0); nA <= 30; nA++ {
		for nB := int64(0); nB <= 30; nB++ {
			for gA := int64(0); gA <= nA; gA++ {
				for gB := int64(0); gB <= nB; gB++ {
					c := Compare([]Question{listened}, "en",
						AnswerCounts{"listened": answers(gA, nA, false)}, AnswerCounts{"listened": answers(gB, nB, false)})[0]
					small := nA < SmallNumber || nB < SmallNumber
					straddles := c.Interval.Contains(0)
					switch {
					case small && c.Verdict != CantTell:
						t.Fatalf("%d/%d then %d/%d: %q from a side of fewer than %d", gA, nA, gB, nB, c.Verdict, SmallNumber)
					case !small && straddles && c.Verdict != CantTell:
						t.Fatalf("%d/%d then %d/%d: %q, though the interval %+v holds no change", gA, nA, gB, nB, c.Verdict, c.Interval)
					case !small && !straddles && c.Verdict == CantTell:
						t.Fatalf("%d/%d then %d/%d: can't tell, though the interval %+v rules out no change", gA, nA, gB, nB, c.Interval)
					case c.Verdict == Better && c.Difference <= 0, c.Verdict == Worse && c.Difference >= 0:
						t.Fatalf("%d/%d then %d/%d: %q for a difference of %v", gA, nA, gB, nB, c.Verdict, c.Difference)
					}
				}
			}
		}
	}
}

func TestVerdictsArePlainWords(t *testing.T) {
	for v, want := range map[Verdict]string{Better: "better", Worse: "worse", CantTell: "can't tell yet: too few answers"} {
		if v.String() != want {
			t.Errorf("%d says %q, want %q", v, v, want)
		}
	}
}

func TestCommonQuestionsMatchOwnQuestionsByTheirWords(t *testing.T) {
	own := func(text string) Question { return Question{ID: OwnID, Text: map[string]string{"en": text}} }
	for _, tc := range []struct {
		name string
		a, b []Question
		want []string
	}{
		{"shared bank questions", []Question{listened, blamed}, []Question{blamed}, []string{"blamed"}},
		{"same own question", []Question{listened, own("Was it warm?")}, []Question{listened, own("Was it warm?")}, []string{"listened", "own"}},
		{"different own questions", []Question{listened, own("Was it warm?")}, []Question{listened, own("Was it quiet?")}, []string{"listened"}},
		{"nothing shared", []Question{listened}, []Question{blamed}, nil},
	} {
		var got []string
		for _, q := range CommonQuestions(tc.a, tc.b) {
			got = append(got, q.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSplitAtLeavesOutThePostsOwnUKDay(t *testing.T) {
	byMonth := map[string]int64{
		"2026-02:listened:1": 7,
		"2026-03:listened:5": 4,   // whole months before
		"2026-04:listened:5": 999, // the post's month: read by day instead
		"2026-05:listened:3": 2,
		"2026-05:blamed:1":   1, // after
		"not a series field": 7,
	}
	days := map[string]int64{
		"2026-04-01:listened:2": 3,
		"2026-04-14:listened:5": 100, // the post's day in the UK
		"2026-04-15:listened:4": 6,
		"2026-03-31:listened:1": 50, // not of this month: counted by its month already
	}
	// 23:30 UTC on 13 April is 00:30 on 14 April in the UK (summer time).
	before, after := SplitAt(byMonth, days, time.Date(2026, 4, 13, 23, 30, 0, 0, time.UTC))
	if before["listened"] != [6]int64{0, 7, 3, 0, 0, 4} || len(before) != 1 {
		t.Errorf("before %v", before)
	}
	if after["listened"] != [6]int64{0, 0, 0, 2, 6, 0} || after["blamed"] != [6]int64{0, 1, 0, 0, 0, 0} || len(after) != 2 {
		t.Errorf("after %v", after)
	}
}

func TestResultsAnswerCounts(t *testing.T) {
	r := BuildResults([]Question{listened, blamed}, "R", "en", map[string]int64{"q:listened:4": 3, "q:blamed:0": 2})
	got := r.AnswerCounts()
	if got["listened"] != [6]int64{0, 0, 0, 0, 3, 0} || got["blamed"] != [6]int64{2, 0, 0, 0, 0, 0} {
		t.Errorf("answer counts %v", got)
	}
}
