package storetest

import (
	"maps"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// seriesContract is the part of the contract about a round's series.
func seriesContract(t *testing.T, open func(t *testing.T) feedback.ResponseStore) {
	t.Run("SeriesCountAnswersByUKDayAndMonthApartFromTallies", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		// 23:30 UTC on 31 March 2026 is 00:30 on 1 April in the UK.
		late := time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)
		for _, r := range []feedback.Response{
			{ID: "a", Round: "R", Channel: "web", Lang: "en", At: late, Answers: map[string]int{"listened": 4, "blamed": 1}},
			{ID: "a", Round: "R", Channel: "web", Lang: "en", At: late, Answers: map[string]int{"listened": 4, "blamed": 1}}, // sent twice
			{ID: "b", Round: "R", Channel: "sms", Lang: "pl", At: late.Add(-time.Hour), Answers: map[string]int{"listened": 4}},
			{ID: "c", Round: "R", Channel: "web", Lang: "en", At: late.Add(48 * time.Hour), Answers: map[string]int{"listened": 0}},
			{ID: "d", Round: "R", Channel: "web", Lang: "en", At: late}, // answered nothing
			{ID: "e", Round: "other", Channel: "web", Lang: "en", At: late, Answers: map[string]int{"listened": 1}},
		} {
			must(t, s.SaveResponse(ctx, r))
		}
		april, err := s.SeriesByDay(ctx, "R", "2026-04")
		must(t, err)
		want := map[string]int64{"2026-04-01:listened:4": 1, "2026-04-01:blamed:1": 1, "2026-04-03:listened:0": 1}
		if !maps.Equal(april, want) {
			t.Errorf("April by day %v, want %v", april, want)
		}
		byDay := days(t, s, "R", "2026-03", "2026-04", "2026-05")
		want["2026-03-31:listened:4"] = 1
		if !maps.Equal(byDay, want) {
			t.Errorf("by day %v, want %v", byDay, want)
		}
		byMonth, err := s.SeriesByMonth(ctx, "R")
		must(t, err)
		want = map[string]int64{"2026-04:listened:4": 1, "2026-04:blamed:1": 1, "2026-03:listened:4": 1, "2026-04:listened:0": 1}
		if !maps.Equal(byMonth, want) {
			t.Errorf("by month %v, want %v", byMonth, want)
		}
		tallies, err := s.Tallies(ctx, "R")
		must(t, err)
		if !feedback.SeriesComplete(tallies, byDay) || !feedback.SeriesComplete(tallies, byMonth) || tallies["total"] != 4 {
			t.Errorf("series do not add up to the tallies %v", tallies)
		}
		for field := range tallies {
			if _, ok := byDay[field]; ok {
				t.Errorf("the tallies hold the series field %q: the results page would read every day", field)
			}
		}
		if n, err := s.BackfillSeries(ctx, "R"); err != nil || n != 0 {
			t.Errorf("backfilling complete series counted %d (%v)", n, err)
		}
		none, err := s.SeriesByMonth(ctx, "nothing")
		if noDays := days(t, s, "nothing", "2026-04"); err != nil || len(none) != 0 || len(noDays) != 0 {
			t.Errorf("a round with no responses: %v %v %v", none, noDays, err)
		}
	})
}

// RunBackfill checks that BackfillSeries counts, exactly once, the
// responses kept before series existed. keepOld keeps a response as Heard
// did then: the response and its tallies, no series and no mark.
func RunBackfill(t *testing.T, open func(t *testing.T) store.Store, keepOld func(store.Store, feedback.Response) error) {
	t.Run("BackfillCountsOldResponsesOnce", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		jan, feb := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC), time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC)
		old := func(at time.Time, answer int) feedback.Response {
			return feedback.Response{Round: "R", Channel: "web", Lang: "en", At: at, Answers: map[string]int{"listened": answer}}
		}
		must(t, s.CreateRound(ctx, feedback.Round{Code: "R", Title: "A round", Questions: []string{"listened"}, Opens: jan, Channels: []string{"web"}}))
		for _, r := range []feedback.Response{old(jan, 5), old(jan, 5), old(feb, 2)} {
			must(t, keepOld(s, r))
		}
		must(t, s.SaveResponse(ctx, old(feb, 4))) // after the upgrade
		for _, r := range []feedback.Response{old(feb, 1), {Round: feedback.Standing, Channel: "sms", Lang: "en", At: jan, Answers: map[string]int{"safe": 3}}} {
			must(t, keepOld(s, r)) // an older Heard, still running beside a newer one during an upgrade
		}
		n, err := store.BackfillAllSeries(ctx, s)
		if err != nil || n != 5 {
			t.Fatalf("backfilled %d (%v), want the 5 old responses", n, err)
		}
		wantSeries(t, s, "R", map[string]int64{"2026-01-10:listened:5": 2, "2026-02-10:listened:2": 1, "2026-02-10:listened:4": 1, "2026-02-10:listened:1": 1},
			map[string]int64{"2026-01:listened:5": 2, "2026-02:listened:2": 1, "2026-02:listened:4": 1, "2026-02:listened:1": 1})
		wantSeries(t, s, feedback.Standing, map[string]int64{"2026-01-10:safe:3": 1}, map[string]int64{"2026-01:safe:3": 1})

		// Again: nothing to do, and nothing counted twice.
		if n, err := s.BackfillSeries(ctx, "R"); err != nil || n != 0 {
			t.Errorf("a second backfill counted %d (%v)", n, err)
		}
		// One more old response, and new ones: the backfill counts the old
		// ones afresh, and the new ones stay counted once.
		must(t, keepOld(s, old(feb, 3)))
		must(t, s.SaveResponse(ctx, old(feb, 3)))
		if n, err := s.BackfillSeries(ctx, "R"); err != nil || n != 5 {
			t.Errorf("backfill after one more old response counted %d (%v), want 5", n, err)
		}
		wantSeries(t, s, "R", map[string]int64{"2026-01-10:listened:5": 2, "2026-02-10:listened:2": 1, "2026-02-10:listened:4": 1, "2026-02-10:listened:1": 1, "2026-02-10:listened:3": 2},
			map[string]int64{"2026-01:listened:5": 2, "2026-02:listened:2": 1, "2026-02:listened:4": 1, "2026-02:listened:1": 1, "2026-02:listened:3": 2})
		// Old responses read back as ever.
		if got := allResponses(t, s, "R"); len(got) != 7 {
			t.Errorf("%d responses read back, want 7", len(got))
		}
	})
}

// wantSeries checks a round's series (its days in January to March 2026),
// and that they add up to its tallies.
func wantSeries(t *testing.T, s feedback.ResponseStore, round string, byDay, byMonth map[string]int64) {
	t.Helper()
	tallies, err := s.Tallies(t.Context(), round)
	must(t, err)
	months, err := s.SeriesByMonth(t.Context(), round)
	must(t, err)
	for p, got := range map[feedback.Period]map[string]int64{feedback.ByDay: days(t, s, round, "2026-01", "2026-02", "2026-03"), feedback.ByMonth: months} {
		want := map[feedback.Period]map[string]int64{feedback.ByDay: byDay, feedback.ByMonth: byMonth}[p]
		if !maps.Equal(got, want) {
			t.Errorf("%s by %s: %v, want %v", round, p, got, want)
		}
		if !feedback.SeriesComplete(tallies, got) {
			t.Errorf("%s by %s does not add up to the tallies %v", round, p, tallies)
		}
	}
}

// days reads a round's series by day of these months.
func days(t *testing.T, s feedback.ResponseStore, round string, months ...string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, m := range months {
		got, err := s.SeriesByDay(t.Context(), round, m)
		must(t, err)
		for k, v := range got {
			out[k] += v
		}
	}
	return out
}
