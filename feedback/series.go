package feedback

import (
	"strconv"
	"strings"
	"time"
)

// Period is what a round's series counts answers by: each UK day, to split
// a round at the day a "You said, we did" post went up, and each UK month,
// for trends. The series are kept apart from the tallies, so the results
// page never reads them.
type Period string

const (
	ByDay   Period = "day"
	ByMonth Period = "month"
)

// Periods are every series a response is counted in.
var Periods = []Period{ByDay, ByMonth}

// layout is how a period's key is written: "2026-03-14" or "2026-03".
func (p Period) layout() string {
	if p == ByMonth {
		return "2006-01"
	}
	return time.DateOnly
}

// Key is the period, in UK time, that the moment falls in.
func (p Period) Key(at time.Time) string { return at.In(UK).Format(p.layout()) }

// SeriesFields names the counters one response adds one to in the series
// by p: one per question answered, "<period>:<question id>:<0-5>", such as
// "2026-03-14:listened:4". The tallies count the same answers without the
// period, so a round's series add up to its tallies (SeriesComplete).
func (r Response) SeriesFields(p Period) []string {
	key := p.Key(r.At)
	fields := make([]string, 0, len(r.Answers))
	for id, n := range r.Answers {
		fields = append(fields, key+":"+id+":"+strconv.Itoa(n))
	}
	return fields
}

// AnswerCounts are how each question was answered, by question id:
// [0] rather not say, [1..5] the scale.
type AnswerCounts map[string][6]int64

// add counts n more of answer to question id.
func (a AnswerCounts) add(id string, answer int, n int64) {
	c := a[id]
	c[answer] += n
	a[id] = c
}

// seriesField splits "2026-03-14:listened:4" into its period, question and
// answer; ok is false for anything else.
func seriesField(field string) (period, id string, answer int, ok bool) {
	period, rest, found := strings.Cut(field, ":")
	i := strings.LastIndexByte(rest, ':')
	if !found || i <= 0 || len(rest) != i+2 || rest[i+1] < '0' || rest[i+1] > '5' {
		return "", "", 0, false
	}
	return period, rest[:i], int(rest[i+1] - '0'), true
}

// SumSeries adds up a series' counts of every period that keep says to
// keep (nil keeps every one).
func SumSeries(series map[string]int64, keep func(period string) bool) AnswerCounts {
	out := AnswerCounts{}
	out.addSeries(series, keep)
	return out
}

// addSeries adds the counts of the periods keep keeps (nil: every one).
func (a AnswerCounts) addSeries(series map[string]int64, keep func(period string) bool) {
	for field, n := range series {
		if period, id, answer, ok := seriesField(field); ok && (keep == nil || keep(period)) {
			a.add(id, answer, n)
		}
	}
}

// SeriesComplete reports whether a round's series (of any one period)
// count every answer its tallies count: when they do not, some responses
// were kept before the series existed, and need counting into them.
func SeriesComplete(tallies, series map[string]int64) bool {
	want := AnswerCounts{}
	for field, n := range tallies {
		if rest, ok := strings.CutPrefix(field, "q:"); ok {
			if _, id, answer, ok := seriesField("-:" + rest); ok {
				want.add(id, answer, n)
			}
		}
	}
	got := SumSeries(series, nil)
	if len(got) != len(want) {
		return false
	}
	for id, counts := range want {
		if got[id] != counts {
			return false
		}
	}
	return true
}
