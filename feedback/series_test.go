package feedback

import (
	"slices"
	"testing"
	"time"
)

func TestSeriesFieldsCountEachAnswerByUKDayAndMonth(t *testing.T) {
	// 23:30 UTC on 31 March 2026 is 00:30 on 1 April in the UK.
	r := Response{Answers: map[string]int{"listened": 4, "blamed": RatherNotSay}, At: time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)}
	for p, want := range map[Period][]string{
		ByDay:   {"2026-04-01:blamed:0", "2026-04-01:listened:4"},
		ByMonth: {"2026-04:blamed:0", "2026-04:listened:4"},
	} {
		got := r.SeriesFields(p)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", p, got, want)
		}
	}
	if quiet := (Response{At: time.Now()}).SeriesFields(ByDay); len(quiet) != 0 {
		t.Errorf("a response with no answers counts %v", quiet)
	}
}

func TestSeriesCompleteWhenTheyCountWhatTheTalliesCount(t *testing.T) {
	tallies := map[string]int64{"total": 3, "q:listened:4": 2, "q:listened:0": 1, "q:blamed:1": 1, "week:2026-W14": 3, "lang:en": 3}
	for _, tc := range []struct {
		name   string
		series map[string]int64
		want   bool
	}{
		{"every answer, over two months", map[string]int64{"2026-03:listened:4": 1, "2026-04:listened:4": 1, "2026-04:listened:0": 1, "2026-04:blamed:1": 1}, true},
		{"one response kept before the series", map[string]int64{"2026-04:listened:4": 1, "2026-04:listened:0": 1, "2026-04:blamed:1": 1}, false},
		{"a question the tallies never counted", map[string]int64{"2026-04:listened:4": 2, "2026-04:listened:0": 1, "2026-04:blamed:1": 1, "2026-04:safe:2": 1}, false},
		{"no series at all", nil, false},
	} {
		if got := SeriesComplete(tallies, tc.series); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if !SeriesComplete(map[string]int64{"total": 2}, nil) {
		t.Error("responses with no answers need no series")
	}
}
