package content

import (
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // hours are in UK time, even on a machine with no zoneinfo

	"github.com/BurntSushi/toml"
)

// Helpline is one service a young person can contact.
type Helpline struct {
	ID       string    `toml:"id"`
	Name     string    `toml:"name"`
	Bill     string    `toml:"bill"`    // "hidden", "mostly-hidden" or ""
	Checked  time.Time `toml:"checked"` // when its facts were last checked against their source
	Contacts []Contact `toml:"contact"`
}

// Contact is one way to reach a helpline.
type Contact struct {
	Kind    string `toml:"kind"`    // call, textphone, text, emergency-sms, chat, email, email-account, report, web
	Number  string `toml:"number"`  // as people write it: "0800 1111"
	Keyword string `toml:"keyword"` // the word to text: needed for emergency-sms; a text contact without one takes any message
	URL     string `toml:"url"`
	Address string `toml:"address"` // email
	Hours   string `toml:"hours"`   // "always", a schedule, or "" when not known
	// Recheck marks hours the facts say may be dated: they are kept, but
	// never shown as live opening hours until a person checks them again.
	Recheck bool      `toml:"recheck"`
	Open    Schedule  `toml:"-"`
	Checked time.Time `toml:"-"` // the helpline's, as a UK date
}

// FreshFor is how long after a fact was checked it may still drive a live
// "open now" line. An older fact may be out of date: a young person who
// calls a line we said was open and finds it closed may not try again.
const FreshFor = 12 // months

// StatusAt says whether the contact is open at now, in UK time, when its
// hours can be trusted at that moment: known, not marked for re-checking,
// and checked within the last FreshFor months. Otherwise the status is not
// known, and the page sends people to the service's own website.
func (c Contact) StatusAt(now time.Time) Status {
	if c.Recheck || now.After(c.Checked.AddDate(0, FreshFor, 0)) {
		return Status{}
	}
	return c.Open.StatusAt(now)
}

// Dial is the number as a tel: or sms: link wants it: digits only.
func (c Contact) Dial() string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, c.Number)
}

var contactNeeds = map[string]string{
	"call": "number", "textphone": "number", "text": "number", "emergency-sms": "number+keyword",
	"chat": "url", "email-account": "url", "report": "url", "web": "url", "email": "address",
}

func loadHelplines(data []byte) ([]Helpline, error) {
	var file struct {
		Helplines []Helpline `toml:"helpline"`
	}
	if _, err := toml.Decode(string(data), &file); err != nil {
		return nil, fmt.Errorf("helplines.toml: %w", err)
	}
	seen := map[string]bool{}
	for i := range file.Helplines {
		h := &file.Helplines[i]
		if h.ID == "" || seen[h.ID] {
			return nil, fmt.Errorf("helplines.toml: missing or repeated id %q", h.ID)
		}
		seen[h.ID] = true
		if h.Checked.IsZero() {
			return nil, fmt.Errorf("helplines.toml: %s: no checked date: every fact says when it was checked", h.ID)
		}
		checked := time.Date(h.Checked.Year(), h.Checked.Month(), h.Checked.Day(), 0, 0, 0, 0, ukTime)
		for j := range h.Contacts {
			c := &h.Contacts[j]
			if err := c.check(); err != nil {
				return nil, fmt.Errorf("helplines.toml: %s: %w", h.ID, err)
			}
			c.Checked = checked
		}
	}
	return file.Helplines, nil
}

func (c *Contact) check() error {
	need, ok := contactNeeds[c.Kind]
	if !ok {
		return fmt.Errorf("unknown contact kind %q", c.Kind)
	}
	missing := (strings.Contains(need, "number") && c.Number == "") ||
		(strings.Contains(need, "keyword") && c.Keyword == "") ||
		(need == "url" && !strings.HasPrefix(c.URL, "https://")) ||
		(need == "address" && !strings.Contains(c.Address, "@"))
	if missing {
		return fmt.Errorf("%s contact needs %s", c.Kind, need)
	}
	var err error
	c.Open, err = parseSchedule(c.Hours)
	return err
}

// ukTime is where every helpline's hours are given.
var ukTime = mustLocation("Europe/London")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Schedule is when a contact is open, in UK time.
type Schedule struct {
	Known  bool
	Always bool
	Spans  []Span
}

// Span is a set of weekdays with one opening time, in minutes after midnight.
type Span struct {
	Days     string // "Mon-Fri", "Sat-Sun" or "Mon-Sun": the label translators see
	From, To int
}

var spanDays = map[string][]time.Weekday{
	"Mon-Fri": {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
	"Sat-Sun": {time.Saturday, time.Sunday},
	"Mon-Sun": {time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday},
}

// parseSchedule reads "always", "" or "Mon-Fri 08:00-22:00; Sat-Sun 09:00-18:00".
func parseSchedule(s string) (Schedule, error) {
	switch s {
	case "":
		return Schedule{}, nil
	case "always":
		return Schedule{Known: true, Always: true}, nil
	}
	sched := Schedule{Known: true}
	for _, part := range strings.Split(s, ";") {
		var days string
		var fh, fm, th, tm int
		if _, err := fmt.Sscanf(strings.TrimSpace(part), "%s %d:%d-%d:%d", &days, &fh, &fm, &th, &tm); err != nil {
			return Schedule{}, fmt.Errorf("hours %q: %w", s, err)
		}
		if _, ok := spanDays[days]; !ok {
			return Schedule{}, fmt.Errorf("hours %q: unknown days %q", s, days)
		}
		from, to := fh*60+fm, th*60+tm
		if from >= to || to > 24*60 {
			return Schedule{}, fmt.Errorf("hours %q: times out of order", s)
		}
		sched.Spans = append(sched.Spans, Span{Days: days, From: from, To: to})
	}
	return sched, nil
}

// Status says whether a contact is open at a moment.
type Status struct {
	Known  bool
	Open   bool
	Always bool // open 24 hours, every day
	// Until is when an open contact closes; Opens when a closed one opens
	// ("15:04" UK time). Empty when open all the time.
	Until, Opens string
	Tomorrow     bool // Opens is tomorrow rather than today
}

// StatusAt works out, in UK time, whether the contact is open at now.
func (s Schedule) StatusAt(now time.Time) Status {
	if !s.Known {
		return Status{}
	}
	if s.Always {
		return Status{Known: true, Open: true, Always: true}
	}
	local := now.In(ukTime)
	minute := local.Hour()*60 + local.Minute()
	today, tomorrow := s.spanOn(local.Weekday()), s.spanOn((local.Weekday()+1)%7)
	switch {
	case today != nil && minute >= today.From && minute < today.To:
		return Status{Known: true, Open: true, Until: clock(today.To)}
	case today != nil && minute < today.From:
		return Status{Known: true, Opens: clock(today.From)}
	case tomorrow != nil:
		return Status{Known: true, Opens: clock(tomorrow.From), Tomorrow: true}
	}
	return Status{Known: true}
}

func (s Schedule) spanOn(day time.Weekday) *Span {
	for i, span := range s.Spans {
		for _, d := range spanDays[span.Days] {
			if d == day {
				return &s.Spans[i]
			}
		}
	}
	return nil
}

func clock(minutes int) string {
	return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60)
}

// Clock writes the span's times, "08:00–22:00".
func (s Span) Clock() string {
	return clock(s.From) + "–" + clock(s.To)
}
