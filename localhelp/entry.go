// Package localhelp is the local services a team lists for young people to
// contact, below the national helplines: its own exploitation team, the
// sexual-health clinic, a youth service. A worker checks each one; an entry
// not checked for six months is no longer shown until someone checks it.
package localhelp

import (
	"strings"
	"time"
	_ "time/tzdata" // checks are dated in UK time, even on a machine with no zoneinfo
)

// Entry is one local service a team lists.
type Entry struct {
	ID   string `json:"id"`
	Team string `json:"team"` // the team that lists it: only that team sees, changes or shows it
	Name string `json:"name"`
	// Phone and Web are exactly as the team wrote them (less spaces at
	// either end): a number is shown as written, never reformatted.
	Phone string `json:"phone,omitempty"`
	Web   string `json:"web,omitempty"`
	Hours string `json:"hours,omitempty"` // when someone answers, in the team's words
	// CheckedBy is the email of the worker who last checked the entry
	// against the service itself; it is never shown to young people.
	CheckedBy string `json:"checkedBy"`
	// CheckedOn is the UK day of that check, as midnight UTC of that date.
	CheckedOn time.Time `json:"checkedOn"`
}

// Input is the add-or-change form as it arrived.
type Input struct {
	Name, Phone, Web, Hours string
}

// The longest each part may be, in characters: short enough for a card on
// a phone's screen and on a poster.
const (
	MaxName  = 60
	MaxHours = 100
	MaxWeb   = 200
)

// MaxEntries is how many local services a team may list: more would push
// the rest of a thanks page or a poster off the screen or the paper.
const MaxEntries = 10

// Problems says what is wrong with a form, in plain words for the worker,
// by the name of the field to show it beside: "name", "phone", "web",
// "hours", or "entries" for the list as a whole.
type Problems map[string]string

// New checks a new entry and makes it, checked by the worker by today.
// Problems are in English, as workers' pages are.
func New(in Input, team, id, by string, now time.Time) (Entry, Problems) {
	e := Entry{ID: id, Team: team, Name: strings.TrimSpace(in.Name), Phone: strings.TrimSpace(in.Phone),
		Web: strings.TrimSpace(in.Web), Hours: strings.TrimSpace(in.Hours)}
	if problems := check(e); len(problems) > 0 {
		return Entry{}, problems
	}
	e.Recheck(by, now)
	return e, nil
}

// Recheck records that the worker by checked the entry against the service
// today: it is shown again for another CheckEvery months.
func (e *Entry) Recheck(by string, now time.Time) {
	e.CheckedBy, e.CheckedOn = by, ukDate(now)
}

// uk is the clock workers and young people live by.
var uk = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		return loc
	}
	return time.UTC
}()

// ukDate is the UK day at now, as midnight UTC of that date.
func ukDate(now time.Time) time.Time {
	y, m, d := now.In(uk).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
