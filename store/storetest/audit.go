package storetest

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"heard/audit"
)

// Audit runs the audit trail's contract (audit.Store) against the stores
// made by open, on the terms of Run.
func Audit(t *testing.T, open func(t *testing.T) audit.Store) {
	start := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	at := func(minutes int) time.Time { return start.Add(time.Duration(minutes) * time.Minute) }

	t.Run("AuditEntriesComeBackNewestFirstAsKept", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		if page, err := s.ListAudit(ctx, audit.Query{}); err != nil || len(page.Entries) != 0 || page.Next != "" {
			t.Errorf("an empty trail: %+v, %v", page, err)
		}
		kept := []audit.Entry{
			{Who: "amy@example.org", What: audit.SignedIn, Team: "Leeds CSE team", At: at(0)},
			{Who: "amy@example.org", What: audit.ExportedCSV, Round: "YOUTH24", Team: "Leeds CSE team", At: at(1)},
			{Who: "bo@example.org", What: audit.DisabledAccount, Account: "cy@example.org", Team: "Bradford youth service", At: at(1)},
			{Who: audit.Operator, What: audit.CreatedTeam, Team: "Wrexham project", At: at(2)},
			{Who: "amy@example.org", What: audit.ViewedComments, Round: "general", At: at(3)},
		}
		for _, e := range kept {
			must(t, s.AddAudit(ctx, e))
		}
		page, err := s.ListAudit(ctx, audit.Query{})
		must(t, err)
		wantEntries(t, page.Entries, reversed(kept))
		if page.Next != "" {
			t.Errorf("Next %q after the oldest entry", page.Next)
		}
	})

	t.Run("AuditPagesFollowEachOtherWithoutGapsOrRepeats", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		var kept []audit.Entry
		for i := range 23 {
			e := audit.Entry{Who: "amy@example.org", What: audit.PrintedPoster, Round: fmt.Sprintf("R%02d", i), Team: "Leeds", At: at(i)}
			must(t, s.AddAudit(ctx, e))
			kept = append(kept, e)
		}
		for _, q := range []audit.Query{{Limit: 5}, {Limit: 5, Team: "Leeds"}, {Limit: 5, Who: "amy@example.org"}} {
			got, pages := readAll(t, s, q)
			wantEntries(t, got, reversed(kept))
			if pages != 5 {
				t.Errorf("%+v: %d pages of 5 for 23 entries", q, pages)
			}
		}
		if page, _ := s.ListAudit(ctx, audit.Query{Limit: audit.MaxLimit + 1}); len(page.Entries) != 23 {
			t.Errorf("a limit over the most: %d entries", len(page.Entries))
		}
	})

	t.Run("AuditFiltersByTeamPersonAndRound", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		var kept []audit.Entry
		for i, e := range []audit.Entry{
			{Who: "amy@example.org", What: audit.ExportedCSV, Round: "LEEDS1", Team: "Leeds"},
			{Who: "bo@example.org", What: audit.ExportedJSON, Round: "BRAD1", Team: "Bradford"},
			{Who: "amy@example.org", What: audit.SignedIn, Team: "Leeds"},
			{Who: "amy@example.org", What: audit.OpenedRound, Round: "BRAD1", Team: "Bradford"}, // amy, moved to Bradford
			{Who: "cy@example.org", What: audit.PrintedReport, Round: "LEEDS1", Team: "Leeds"},
			{Who: "bo@example.org", What: audit.ResetPassword, Account: "amy@example.org", Team: "Bradford"},
			{Who: "amy@example.org", What: audit.ViewedComments, Round: "LEEDS1", Team: "Leeds"},
		} {
			e.At = at(i)
			must(t, s.AddAudit(ctx, e))
			kept = append(kept, e)
		}
		for _, q := range []audit.Query{
			{Team: "Leeds"}, {Team: "Bradford"}, {Team: "Nowhere"},
			{Who: "amy@example.org"}, {Who: "bo@example.org"}, {Who: "nobody@example.org"},
			{Round: "LEEDS1"}, {Round: "BRAD1"},
			{Team: "Leeds", Who: "amy@example.org"}, {Team: "Bradford", Who: "amy@example.org"},
			{Round: "LEEDS1", Who: "amy@example.org"}, {Round: "BRAD1", Team: "Leeds"},
			{Round: "LEEDS1", Team: "Leeds", Who: "cy@example.org"},
		} {
			var want []audit.Entry
			for _, e := range kept {
				if (q.Team == "" || e.Team == q.Team) && (q.Who == "" || e.Who == q.Who) && (q.Round == "" || e.Round == q.Round) {
					want = append(want, e)
				}
			}
			got, _ := readAll(t, s, q)
			t.Run(fmt.Sprintf("%+v", q), func(t *testing.T) { wantEntries(t, got, reversed(want)) })
		}
	})

	// A page filled part-way through what a store read for it still says
	// where the next begins: amy's entries, read by person, every other one
	// in Leeds, in pages of 5 of hers in Leeds.
	t.Run("AuditFilteredPagesLoseNothing", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		var leeds []audit.Entry
		for n := range 12 {
			e := audit.Entry{Who: "amy@example.org", What: audit.SignedIn, Team: "Bradford", At: at(n)}
			if n%2 == 1 {
				e.Team = "Leeds"
				leeds = append(leeds, e)
			}
			must(t, s.AddAudit(ctx, e))
		}
		for _, limit := range []int{1, 2, 3, 4, 5, 6, 7} {
			got, _ := readAll(t, s, audit.Query{Who: "amy@example.org", Team: "Leeds", Limit: limit})
			t.Run(fmt.Sprint(limit), func(t *testing.T) { wantEntries(t, got, reversed(leeds)) })
		}
	})

	// A filter that passes most entries of the index it reads by (a person's
	// entries in a team they left long ago) reads at most MaxExamined of them
	// for a page, and the pages after it carry on where it stopped.
	t.Run("AuditPageReadsBoundedAndCarriesOn", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		old := audit.Entry{Who: "amy@example.org", What: audit.ExportedCSV, Round: "LEEDS1", Team: "Leeds", At: at(0)}
		must(t, s.AddAudit(ctx, old))
		parallel(t, audit.MaxExamined+10, func() error {
			return s.AddAudit(ctx, audit.Entry{Who: "amy@example.org", What: audit.SignedIn, Team: "Bradford", At: at(1)})
		})
		q := audit.Query{Who: "amy@example.org", Team: "Leeds"}
		first, err := s.ListAudit(ctx, q)
		must(t, err)
		if len(first.Entries) != 0 || first.Next == "" {
			t.Fatalf("the first page read past %d entries, or stopped without a Next: %d entries, Next %q", audit.MaxExamined, len(first.Entries), first.Next)
		}
		got, _ := readAll(t, s, q)
		wantEntries(t, got, []audit.Entry{old})
		if all, _ := readAll(t, s, audit.Query{Limit: audit.MaxLimit}); len(all) != audit.MaxExamined+11 {
			t.Errorf("%d entries kept, want %d", len(all), audit.MaxExamined+11)
		}
	})

	t.Run("AuditForgetsWhatIsOlderThanTheCutoffFromEveryIndex", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		var kept []audit.Entry
		for i := range 6 {
			e := audit.Entry{Who: fmt.Sprintf("w%d@example.org", i), What: audit.ClosedRound, Round: fmt.Sprintf("RND%d", i), Team: fmt.Sprintf("T%d", i), At: at(i * 60)}
			must(t, s.AddAudit(ctx, e))
			kept = append(kept, e)
		}
		for _, c := range []struct {
			cutoff time.Time
			want   int64
		}{
			{at(-1), 0},
			{at(2 * 60), 2},
			{at(2 * 60), 0}, // again: nothing more
			{at(2 * 60).Add(time.Nanosecond), 1},
			{time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC), 0},
		} {
			n, err := s.ForgetAudit(ctx, c.cutoff)
			if err != nil || n != c.want {
				t.Errorf("forgetting before %v: %d, %v; want %d", c.cutoff, n, err, c.want)
			}
		}
		all, _ := readAll(t, s, audit.Query{})
		wantEntries(t, all, reversed(kept[3:]))
		for _, e := range kept[:3] {
			for _, q := range []audit.Query{{Team: e.Team}, {Who: e.Who}, {Round: e.Round}} {
				if got, _ := readAll(t, s, q); len(got) != 0 {
					t.Errorf("%+v still finds a forgotten entry: %+v", q, got)
				}
			}
		}
		if got, _ := readAll(t, s, audit.Query{Team: "T4"}); len(got) != 1 {
			t.Errorf("a kept entry is lost from its team: %+v", got)
		}
	})

	t.Run("AuditForgetsMoreThanOneBatch", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		const old = 2500
		parallel(t, old, func() error {
			return s.AddAudit(ctx, audit.Entry{Who: "amy@example.org", What: audit.SignedIn, Team: "Leeds", At: at(0)})
		})
		must(t, s.AddAudit(ctx, audit.Entry{Who: "amy@example.org", What: audit.SignedIn, Team: "Leeds", At: at(1)}))
		if n, err := s.ForgetAudit(ctx, at(1)); err != nil || n != old {
			t.Errorf("forgot %d, %v; want %d", n, err, old)
		}
		if got, _ := readAll(t, s, audit.Query{Team: "Leeds"}); len(got) != 1 || !got[0].At.Equal(at(1)) {
			t.Errorf("left %d entries", len(got))
		}
	})

	t.Run("AuditRefusesWhatIsNotAnEntry", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		good := audit.Entry{Who: "amy@example.org", What: audit.ExportedCSV, Round: "YOUTH24", Team: "Leeds", At: at(0)}
		for name, change := range map[string]func(*audit.Entry){
			"words as the round": func(e *audit.Entry) { e.Round = "they hit me" },
			"words as who":       func(e *audit.Entry) { e.Who = "I am scared" },
			"no action":          func(e *audit.Entry) { e.What = 0 },
			"not to the minute":  func(e *audit.Entry) { e.At = e.At.Add(time.Second) },
			"no time":            func(e *audit.Entry) { e.At = time.Time{} },
		} {
			e := good
			change(&e)
			if err := s.AddAudit(ctx, e); !errors.Is(err, audit.ErrBadEntry) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if page, _ := s.ListAudit(ctx, audit.Query{}); len(page.Entries) != 0 {
			t.Errorf("kept %+v", page.Entries)
		}
		must(t, s.AddAudit(ctx, good))
	})

	t.Run("AuditCursorThatIsNoPagesIsRefused", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		for _, before := range []string{"abc", "0", "-1", "1e3", "18446744073709551616"} {
			if _, err := s.ListAudit(ctx, audit.Query{Before: before}); !errors.Is(err, audit.ErrBadCursor) {
				t.Errorf("Before %q: %v", before, err)
			}
		}
	})
}

// readAll follows a query's pages to the end, and says how many there were.
func readAll(t *testing.T, s audit.Store, q audit.Query) ([]audit.Entry, int) {
	t.Helper()
	var all []audit.Entry
	for pages := 1; ; pages++ {
		page, err := s.ListAudit(t.Context(), q)
		must(t, err)
		if len(page.Entries) > q.PageSize() {
			t.Fatalf("a page of %d, more than %d", len(page.Entries), q.PageSize())
		}
		all = append(all, page.Entries...)
		if page.Next == "" {
			return all, pages
		}
		if pages > 100 {
			t.Fatal("pages without end")
		}
		q.Before = page.Next
	}
}

func reversed(entries []audit.Entry) []audit.Entry {
	r := slices.Clone(entries)
	slices.Reverse(r)
	return r
}

func wantEntries(t *testing.T, got, want []audit.Entry) {
	t.Helper()
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		g, w := got[i], want[i]
		same = g.Who == w.Who && g.What == w.What && g.Round == w.Round && g.Account == w.Account && g.Team == w.Team &&
			g.At.Equal(w.At) && g.At.Location() == time.UTC
	}
	if !same {
		t.Errorf("got %d entries:\n%+v\nwant %d:\n%+v", len(got), got, len(want), want)
	}
}
