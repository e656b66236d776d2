package localhelp

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ukAt is a moment on the clock in the UK: BST from the last Sunday of March
// to the last Sunday of October, GMT otherwise.
func ukAt(y int, m time.Month, d, hour, min int) time.Time {
	return time.Date(y, m, d, hour, min, 0, 0, uk)
}

func TestAnEntryIsHiddenSixMonthsToTheDayAfterItsCheck(t *testing.T) {
	checked := Entry{CheckedOn: day(2026, 3, 14)} // hidden from 14 September 2026
	for _, c := range []struct {
		at   time.Time
		want Freshness
	}{
		{ukAt(2026, 3, 14, 12, 0), Fresh},
		{ukAt(2026, 8, 13, 23, 59), Fresh},
		{ukAt(2026, 8, 14, 0, 0), Due}, // five months on: a month's warning
		{ukAt(2026, 9, 13, 23, 59), Due},
		{ukAt(2026, 9, 14, 0, 0), Hidden}, // six months exactly
		{ukAt(2026, 9, 14, 0, 0).Add(-time.Nanosecond), Due},
		{ukAt(2027, 3, 14, 9, 0), Hidden},
		// 23:30 UTC on 13 September is 00:30 on the 14th in the UK (BST): hidden.
		{time.Date(2026, 9, 13, 23, 30, 0, 0, time.UTC), Hidden},
		{time.Date(2026, 9, 13, 22, 59, 0, 0, time.UTC), Due},
	} {
		got := checked.FreshnessAt(c.at)
		if got != c.want {
			t.Errorf("checked 14 March, at %v: %d, want %d", c.at, got, c.want)
		}
		if checked.ShownAt(c.at) != (c.want != Hidden) || checked.DueForCheckAt(c.at) != (c.want != Fresh) {
			t.Errorf("at %v: shown %v, due %v, for freshness %d", c.at, checked.ShownAt(c.at), checked.DueForCheckAt(c.at), c.want)
		}
	}
}

func TestSixMonthsFromTheEndOfAMonthIsTheEndOfAShorterOne(t *testing.T) {
	for _, c := range []struct{ checked, hidden time.Time }{
		{day(2026, 8, 31), day(2027, 2, 28)},
		{day(2027, 8, 31), day(2028, 2, 29)}, // a leap year
		{day(2026, 12, 31), day(2027, 6, 30)},
		{day(2026, 3, 31), day(2026, 9, 30)},
		{day(2026, 9, 30), day(2027, 3, 30)},
		{day(2026, 7, 1), day(2027, 1, 1)},
	} {
		e := Entry{CheckedOn: c.checked}
		if got := e.HiddenFrom(); !got.Equal(c.hidden) {
			t.Errorf("checked %s: hidden from %s, want %s", c.checked.Format(time.DateOnly), got.Format(time.DateOnly), c.hidden.Format(time.DateOnly))
		}
		if !e.ShownAt(ukAt(c.hidden.Year(), c.hidden.Month(), c.hidden.Day(), 0, 0).Add(-time.Minute)) || e.ShownAt(ukAt(c.hidden.Year(), c.hidden.Month(), c.hidden.Day(), 0, 0)) {
			t.Errorf("checked %s: not hidden from the start of %s, UK time", c.checked.Format(time.DateOnly), c.hidden.Format(time.DateOnly))
		}
	}
}

// The day of a check is the UK's: just after midnight in summer is still
// the day before in UTC.
func TestACheckIsDatedByTheUKDay(t *testing.T) {
	var e Entry
	e.Recheck("amy@example.org", time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)) // 00:30 on 1 July in the UK
	if !e.CheckedOn.Equal(day(2026, 7, 1)) || e.CheckedBy != "amy@example.org" {
		t.Errorf("checked %v by %q", e.CheckedOn, e.CheckedBy)
	}
	e.Recheck("zed@example.org", time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)) // GMT: still 31 December
	if !e.CheckedOn.Equal(day(2026, 12, 31)) || e.CheckedBy != "zed@example.org" {
		t.Errorf("checked again %v by %q", e.CheckedOn, e.CheckedBy)
	}
}

// An entry that was never checked (no date) is never shown.
func TestAnEntryWithoutACheckIsHidden(t *testing.T) {
	if (Entry{Name: "Clinic", Phone: "0161 496 0000"}).ShownAt(now) {
		t.Error("an entry with no check date is shown")
	}
}

func TestRecheckingAHiddenEntryShowsItAgain(t *testing.T) {
	e, _ := New(clinic, "north", "id1", "amy@example.org", now)
	later := now.AddDate(0, 7, 0)
	if e.ShownAt(later) {
		t.Fatal("shown seven months after its check")
	}
	e.Recheck("zed@example.org", later)
	if !e.ShownAt(later) || e.FreshnessAt(later) != Fresh || e.CheckedBy != "zed@example.org" {
		t.Errorf("rechecked: %+v, freshness %d", e, e.FreshnessAt(later))
	}
}
