package feedback

import (
	"slices"
	"strings"
	"time"
)

// Side is how many answered a question (1 to 5) somewhere, a round, a
// month, a team, and how many of them gave a good answer: 4 or 5, or for a
// reversed question 1 or 2. "Good" is the same way round for every
// question, so a higher share is always better news.
type Side struct {
	Good, Answered int64
}

// SideOf counts a question's answers as a Side.
func SideOf(counts [6]int64, reversed bool) Side {
	s := Side{Answered: counts[1] + counts[2] + counts[3] + counts[4] + counts[5], Good: counts[4] + counts[5]}
	if reversed {
		s.Good = counts[1] + counts[2]
	}
	return s
}

// Shown reports whether the share may be shown: a share of fewer than
// SmallNumber answers is not shown, as elsewhere, and nothing is concluded
// from it.
func (s Side) Shown() bool { return s.Answered >= SmallNumber }

// Share is the good answers as a proportion, 0 to 1 (0 when none answered).
func (s Side) Share() float64 {
	if s.Answered == 0 {
		return 0
	}
	return float64(s.Good) / float64(s.Answered)
}

// Verdict is what a comparison may honestly say about a question.
type Verdict int

const (
	CantTell Verdict = iota // too few answers, or the interval holds no change
	Better
	Worse
)

func (v Verdict) String() string {
	switch v {
	case Better:
		return "better"
	case Worse:
		return "worse"
	}
	return "can't tell yet: too few answers"
}

// Change is one question compared between before and after.
type Change struct {
	ID, Text      string
	Reversed      bool
	Before, After Side
	// Difference is After's share minus Before's, with its 95% interval
	// (Newcombe); both are set only when both sides are Shown.
	Difference float64
	Interval   Interval
	Verdict    Verdict
}

// Measured reports whether the difference was worked out: both sides had
// enough answers to show.
func (c Change) Measured() bool { return c.Before.Shown() && c.After.Shown() }

// Compare sets each question's good answers after against before. A
// question is better or worse only when both sides have at least
// SmallNumber answers and the whole 95% interval of the difference lies
// above or below no change; otherwise nothing can be told yet.
func Compare(questions []Question, lang string, before, after AnswerCounts) []Change {
	changes := make([]Change, 0, len(questions))
	for _, q := range questions {
		text, _ := q.TextIn(lang)
		c := Change{ID: q.ID, Text: text, Reversed: q.Reversed,
			Before: SideOf(before[q.ID], q.Reversed), After: SideOf(after[q.ID], q.Reversed)}
		if c.Measured() {
			c.Difference = c.After.Share() - c.Before.Share()
			c.Interval = Newcombe(c.Before.Good, c.Before.Answered, c.After.Good, c.After.Answered)
			switch {
			case c.Interval.Low > 0:
				c.Verdict = Better
			case c.Interval.High < 0:
				c.Verdict = Worse
			}
		}
		changes = append(changes, c)
	}
	return changes
}

// CommonQuestions are the questions two rounds both asked, in the first's
// order. Their own questions count as one only when their words are the
// same.
func CommonQuestions(a, b []Question) []Question {
	var common []Question
	for _, q := range a {
		i := slices.IndexFunc(b, func(o Question) bool { return o.ID == q.ID })
		if i >= 0 && (q.ID != OwnID || q.Text["en"] == b[i].Text["en"]) {
			common = append(common, q)
		}
	}
	return common
}

// AnswerCounts are the results' answers by question id.
func (r Results) AnswerCounts() AnswerCounts {
	out := make(AnswerCounts, len(r.Questions))
	for _, q := range r.Questions {
		out[q.ID] = q.Counts
	}
	return out
}

// SplitAt divides a round's answers into those given before the UK day of
// at and those given after it, from its series by month and the series by
// day of at's month: the months before and after whole, and that month's
// days either side. The day itself is left out: the series count by day,
// so its answers may have come before or after the moment.
func SplitAt(byMonth, daysOfMonth map[string]int64, at time.Time) (before, after AnswerCounts) {
	day, month := ByDay.Key(at), ByMonth.Key(at)
	inMonth := func(d string) bool { return strings.HasPrefix(d, month+"-") }
	before = SumSeries(byMonth, func(m string) bool { return m < month })
	before.addSeries(daysOfMonth, func(d string) bool { return inMonth(d) && d < day })
	after = SumSeries(byMonth, func(m string) bool { return m > month })
	after.addSeries(daysOfMonth, func(d string) bool { return inMonth(d) && d > day })
	return before, after
}

// Percent is the share as a whole percentage: "65%".
func (s Side) Percent() string { return percent(s.Share()) }

// Good is the question's good answers.
func (q QuestionResult) Good() Side { return SideOf(q.Counts, q.Reversed) }
