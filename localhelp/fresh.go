package localhelp

import "time"

// CheckEvery is how long, in months, an entry is shown after it was last
// checked. Services move, change their numbers and their hours; a young
// person who calls a number that no longer answers may not try again.
const CheckEvery = 6

// WarnMonths is how many months before an entry is hidden the team is told
// it is due for a check.
const WarnMonths = 1

// Freshness is where an entry stands with young people.
type Freshness int

// The freshness of an entry, from its last check.
const (
	Fresh  Freshness = iota // shown; nothing to do yet
	Due                     // shown, but hidden within WarnMonths unless checked: due for a check
	Hidden                  // not checked for CheckEvery months: not shown until checked again
)

// HiddenFrom is the first UK day the entry is not shown: CheckEvery months
// after the day it was checked (from 31 August, the last day of February).
func (e Entry) HiddenFrom() time.Time { return addMonths(e.CheckedOn, CheckEvery) }

// FreshnessAt says where the entry stands at now.
func (e Entry) FreshnessAt(now time.Time) Freshness {
	today := ukDate(now)
	switch {
	case !today.Before(e.HiddenFrom()):
		return Hidden
	case !today.Before(addMonths(e.CheckedOn, CheckEvery-WarnMonths)):
		return Due
	}
	return Fresh
}

// ShownAt reports whether young people see the entry at now.
func (e Entry) ShownAt(now time.Time) bool { return e.FreshnessAt(now) != Hidden }

// DueForCheckAt reports whether the team should check the entry at now:
// it is hidden, or soon will be.
func (e Entry) DueForCheckAt(now time.Time) bool { return e.FreshnessAt(now) != Fresh }

// addMonths is the same day of the month, months later; when that month is
// shorter, its last day.
func addMonths(day time.Time, months int) time.Time {
	y, m, d := day.Date()
	last := time.Date(y, m+time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m+time.Month(months), min(d, last), 0, 0, 0, 0, time.UTC)
}
