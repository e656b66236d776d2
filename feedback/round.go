package feedback

import (
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // rounds open and close on UK days, even with no zoneinfo
	"unicode/utf8"
)

// Round is one piece of listening a worker set up for a group, a poster or
// a service: its own code, its questions, and when it takes answers. The
// standing round (Standing) is always open and asks every question.
type Round struct {
	Code         string    `json:"code"`
	Title        string    `json:"title"`
	Questions    []string  `json:"questions"`     // bank ids, in bank order
	Own          string    `json:"own,omitempty"` // the worker's own question, in English
	OwnPrinciple int       `json:"ownPrinciple,omitempty"`
	Opens        time.Time `json:"opens"`
	Closes       time.Time `json:"closes,omitzero"` // zero: open until closed
	Channels     []string  `json:"channels"`
	Created      time.Time `json:"created"`
	CreatedBy    string    `json:"createdBy"`
	// Team is the id of the team whose round it is (accounts.Team), or
	// accounts.Admins. Empty only in a round from before teams.
	Team string `json:"team,omitempty"`
}

// OwnID is the question id a round's own question is answered under.
const OwnID = "own"

// The states a round is in, as workers see them.
const (
	NotOpenYet = "not open yet"
	Open       = "open"
	Closed     = "closed"
)

// Round codes are what a young person texts or types: short, capitals and
// digits, starting with a letter, so "1" to "5" stay survey answers.
const (
	minCode, maxCode = 3, 12
	maxTitle         = 80
	maxOwn           = 200
)

// StandingRound is the round every /feedback form and SAY text answers.
func StandingRound(bank *Bank) Round {
	r := Round{Code: Standing, Title: "General feedback (always open)", Channels: []string{"web", "sms"}}
	for _, q := range bank.Questions {
		r.Questions = append(r.Questions, q.ID)
	}
	return r
}

// State says whether the round takes answers at now.
func (r Round) State(now time.Time) string {
	switch {
	case r.Code == Standing:
		return Open
	case now.Before(r.Opens):
		return NotOpenYet
	case !r.Closes.IsZero() && !now.Before(r.Closes):
		return Closed
	}
	return Open
}

// Takes reports whether the round takes an answer by channel at now.
func (r Round) Takes(channel string, now time.Time) bool {
	return r.State(now) == Open && slices.Contains(r.Channels, channel)
}

// Form is the round's questions as asked, in bank order, then its own.
// Its own question is in English only: Text has no other language.
func (r Round) Form(bank *Bank) []Question {
	var qs []Question
	for _, q := range bank.Questions {
		if slices.Contains(r.Questions, q.ID) {
			qs = append(qs, q)
		}
	}
	if r.Own != "" {
		qs = append(qs, Question{ID: OwnID, Principle: r.OwnPrinciple, Text: map[string]string{"en": r.Own}})
	}
	return qs
}

// TextIn is the question in lang, or in English when it has no lang text;
// fallback says so, for pages to mark the English.
func (q Question) TextIn(lang string) (text string, fallback bool) {
	if t := q.Text[lang]; t != "" {
		return t, false
	}
	return q.Text["en"], lang != "en"
}

// RoundInput is the create-a-round form as it arrived.
type RoundInput struct {
	Code, Title, Own, OwnPrinciple, Opens, Closes string
	Questions, Channels                           []string
}

// NormaliseCode is a code as typed or texted, in the form it is kept.
func NormaliseCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// ValidCode reports whether code (normalised) can be a round's code.
func ValidCode(code string) bool {
	if len(code) < minCode || len(code) > maxCode || code[0] < 'A' || code[0] > 'Z' {
		return false
	}
	for _, c := range code {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// NewRound checks a create-a-round form; its problems are in English, as
// workers' pages are. taken reports codes that cannot be
// used: another round's, or a word the SMS channel already answers.
// Dates are days in UK time: a round opens at the start of its first day
// and closes at the end of its last.
func NewRound(bank *Bank, in RoundInput, taken func(string) bool, by string, now time.Time) (Round, Problems) {
	problems := Problems{}
	r := Round{Code: NormaliseCode(in.Code), Title: strings.TrimSpace(in.Title), Own: strings.TrimSpace(in.Own),
		Created: now.UTC(), CreatedBy: by}
	switch {
	case !ValidCode(r.Code):
		problems["code"] = "Use 3 to 12 capital letters and digits, starting with a letter, like YOUTH24."
	case taken(r.Code):
		problems["code"] = "That code is already used, or it is a word the text service answers. Pick another."
	}
	if r.Title == "" || utf8.RuneCountInString(r.Title) > maxTitle || !utf8.ValidString(r.Title) {
		problems["title"] = "Give the round a title of up to 80 characters."
	}
	for _, q := range bank.Questions {
		if slices.Contains(in.Questions, q.ID) {
			r.Questions = append(r.Questions, q.ID)
		}
	}
	if len(r.Questions) != len(in.Questions) {
		problems["questions"] = "Pick questions from the list."
	}
	if !utf8.ValidString(r.Own) || utf8.RuneCountInString(r.Own) > maxOwn {
		problems["own"] = "Keep your own question under 200 characters."
	}
	if r.Own != "" {
		r.OwnPrinciple = principleOf(in.OwnPrinciple)
		if r.OwnPrinciple == 0 {
			problems["ownPrinciple"] = "Pick the principle your question speaks to."
		}
	}
	if len(r.Questions) == 0 && r.Own == "" && problems["questions"] == "" {
		problems["questions"] = "Pick at least one question."
	}
	for _, ch := range []string{"web", "sms"} {
		if slices.Contains(in.Channels, ch) {
			r.Channels = append(r.Channels, ch)
		}
	}
	if len(r.Channels) == 0 || len(r.Channels) != len(in.Channels) {
		problems["channels"] = "Pick the web, text messages, or both."
	}
	var ok bool
	if r.Opens, ok = ukDay(in.Opens, 0); !ok {
		problems["opens"] = "Give the first day as a date."
	}
	if strings.TrimSpace(in.Closes) != "" {
		if r.Closes, ok = ukDay(in.Closes, 1); !ok {
			problems["closes"] = "Give the last day as a date, or leave it empty."
		} else if !r.Closes.After(r.Opens) {
			problems["closes"] = "The last day must be on or after the first."
		}
	}
	if len(problems) > 0 {
		return Round{}, problems
	}
	return r, nil
}

func principleOf(s string) int {
	if len(s) == 1 && s[0] >= '1' && s[0] <= '7' {
		return int(s[0] - '0')
	}
	return 0
}

// UK is the clock young people and workers live by.
var UK = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/London"); err == nil {
		return loc
	}
	return time.UTC
}()

// ukDay is midnight at the start of a "2006-01-02" day in the UK, plus
// days more.
func ukDay(s string, days int) (time.Time, bool) {
	d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), UK)
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, days), true
}

// OpenNow opens a round from now on (again, if it had closed).
func (r *Round) OpenNow(now time.Time) {
	if now.Before(r.Opens) {
		r.Opens = now
	}
	if !r.Closes.IsZero() && !now.Before(r.Closes) {
		r.Closes = time.Time{}
	}
}

// CloseNow stops the round taking answers from now.
func (r *Round) CloseNow(now time.Time) {
	if r.State(now) == Open {
		r.Closes = now
	}
}
