package feedback

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// SmallNumber is the fewest people a published count may stand for. A
// breakdown cell of 1 to 4 could point at someone a worker knows, so it is
// shown as "fewer than 5" instead.
const SmallNumber = 5

// NotGiven is the key of the last cell of every breakdown: the people who
// did not pick a service, age band or area.
const NotGiven = "not-given"

// Count is how many times something was counted. Counts are safe to show.
type Count struct {
	Key string `json:"key"`
	N   int64  `json:"n"`
}

// Cell is one count of a breakdown that may identify people. When
// Suppressed, show "fewer than 5" and never N; N is then zero, so the
// number cannot leak through a template or an export by mistake.
type Cell struct {
	Key        string
	N          int64
	Suppressed bool
}

// QuestionResult is how one question was answered.
type QuestionResult struct {
	ID        string   `json:"id"`
	Text      string   `json:"text"`
	Reversed  bool     `json:"reversed"`
	Principle int      `json:"principle"`
	Counts    [6]int64 `json:"counts"`   // [0] rather not say, [1..5] the scale
	Answered  int64    `json:"answered"` // Counts[1] + ... + Counts[5]
}

// Results are one round's tallies as participation workers read them.
type Results struct {
	Round     string           `json:"round"`
	Total     int64            `json:"total"`
	Comments  int64            `json:"comments"`
	Questions []QuestionResult `json:"questions"` // bank order
	Channels  []Count          `json:"channels"`  // by key
	Languages []Count          `json:"languages"` // by key
	Weeks     []Count          `json:"weeks"`     // oldest first, quiet weeks as 0
	Services  []Cell           `json:"services"`  // Services order, then NotGiven
	Ages      []Cell           `json:"ages"`      // AgeBands order, then NotGiven
	Areas     []Cell           `json:"areas"`     // Areas order, then NotGiven
	Flags     []Count          `json:"flags"`     // by key
}

// BuildResults reads a round's tallies (see Response.TallyFields) into
// Results for the round's questions (Round.Form), with their text in lang. Breakdowns by who people are and
// which service they met go through Suppress; counts of unknown keys are
// ignored.
func BuildResults(form []Question, round, lang string, tallies map[string]int64) Results {
	r := Results{Round: round, Total: tallies["total"], Comments: tallies["comments"]}
	r.Questions = make([]QuestionResult, len(form))
	for i, q := range form {
		text, _ := q.TextIn(lang)
		r.Questions[i] = QuestionResult{ID: q.ID, Text: text, Reversed: q.Reversed, Principle: q.Principle}
	}
	breakdowns := map[string]map[string]int64{"service": {}, "age": {}, "area": {}}
	weeks := map[string]int64{}
	for key, n := range tallies {
		kind, rest, _ := strings.Cut(key, ":")
		switch kind {
		case "channel":
			r.Channels = append(r.Channels, Count{rest, n})
		case "lang":
			r.Languages = append(r.Languages, Count{rest, n})
		case "flag":
			r.Flags = append(r.Flags, Count{rest, n})
		case "week":
			weeks[rest] = n
		case "service", "age", "area":
			breakdowns[kind][rest] = n
		case "q":
			r.addAnswer(rest, n)
		}
	}
	for _, counts := range [][]Count{r.Channels, r.Languages, r.Flags} {
		slices.SortFunc(counts, func(a, b Count) int { return strings.Compare(a.Key, b.Key) })
	}
	r.Weeks = fillWeeks(weeks)
	r.Services = Suppress(Services, breakdowns["service"], r.Total)
	r.Ages = Suppress(AgeBands, breakdowns["age"], r.Total)
	r.Areas = Suppress(Areas, breakdowns["area"], r.Total)
	return r
}

// addAnswer counts n answers from a "<question id>:<0-5>" tally.
func (r *Results) addAnswer(field string, n int64) {
	i := strings.LastIndexByte(field, ':')
	if i < 0 || len(field) != i+2 || field[i+1] < '0' || field[i+1] > '5' {
		return
	}
	answer := int(field[i+1] - '0')
	for j := range r.Questions {
		if q := &r.Questions[j]; q.ID == field[:i] {
			q.Counts[answer] += n
			if answer != RatherNotSay {
				q.Answered += n
			}
			return
		}
	}
}

// fillWeeks orders ISO week counts ("2026-W47") oldest first and adds the
// quiet weeks between the first and the last as 0, so a chart of them shows
// time evenly. Keys that are not ISO weeks are dropped.
func fillWeeks(counts map[string]int64) []Count {
	mondays := make(map[time.Time]int64, len(counts))
	var first, last time.Time
	for key, n := range counts {
		monday, ok := isoMonday(key)
		if !ok {
			continue
		}
		if len(mondays) == 0 || monday.Before(first) {
			first = monday
		}
		if len(mondays) == 0 || monday.After(last) {
			last = monday
		}
		mondays[monday] += n
	}
	if len(mondays) == 0 {
		return nil
	}
	weeks := make([]Count, int(last.Sub(first).Hours())/(24*7)+1)
	for i := range weeks {
		monday := first.AddDate(0, 0, 7*i)
		year, week := monday.ISOWeek()
		weeks[i] = Count{strconv.Itoa(year) + "-W" + strconv.Itoa(100 + week)[1:], mondays[monday]} // "W07"
	}
	return weeks
}

// isoMonday is the Monday that starts an ISO week such as "2026-W47".
func isoMonday(key string) (time.Time, bool) {
	y, w, ok := strings.Cut(key, "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || week < 1 || week > 53 {
		return time.Time{}, false
	}
	// 4 January is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(week-1))
	if gotYear, gotWeek := monday.ISOWeek(); gotYear != year || gotWeek != week {
		return time.Time{}, false // week 53 of a year that has 52
	}
	return monday, true
}

// Suppress turns a breakdown into cells, one per key in order and a final
// NotGiven cell of total minus the rest, hiding any number that is small
// enough to point at someone.
//
// A cell of 1 to 4 is hidden; 0 is shown, as it points at no one. If the
// total is under SmallNumber, every non-zero cell is hidden. As the total
// is public and the cells add up to it, hiding one cell alone hides
// nothing, so more cells are hidden, smallest non-zero first (a zero when
// none is left), until at least two are hidden and they are not all 1s,
// which a reader could also work out, since a hidden cell is never 0.
func Suppress(keys []string, counts map[string]int64, total int64) []Cell {
	cells := make([]Cell, 0, len(keys)+1)
	var given int64
	for _, key := range keys {
		cells = append(cells, Cell{Key: key, N: counts[key]})
		given += counts[key]
	}
	cells = append(cells, Cell{Key: NotGiven, N: max(total-given, 0)})
	hidden := 0
	for i, c := range cells {
		if c.N > 0 && (c.N < SmallNumber || total < SmallNumber) {
			cells[i].Suppressed = true
			hidden++
		}
	}
	for hidden > 0 && hidden < len(cells) && (hidden == 1 || allOnes(cells)) {
		cells[nextToHide(cells)].Suppressed = true
		hidden++
	}
	for i := range cells {
		if cells[i].Suppressed {
			cells[i].N = 0
		}
	}
	return cells
}

// allOnes reports whether every hidden cell is 1, so that the hidden cells'
// sum, which a reader can work out, would give each of them away.
func allOnes(cells []Cell) bool {
	for _, c := range cells {
		if c.Suppressed && c.N != 1 {
			return false
		}
	}
	return true
}

// nextToHide is the smallest shown non-zero cell, the first of equals, or
// the first shown zero when every shown cell is zero.
func nextToHide(cells []Cell) int {
	best := -1
	for i, c := range cells {
		if c.Suppressed {
			continue
		}
		if best < 0 || rank(c.N) < rank(cells[best].N) {
			best = i
		}
	}
	return best
}

// rank orders cells for hiding: non-zero by size, then zeros.
func rank(n int64) int64 {
	if n == 0 {
		return 1<<63 - 1
	}
	return n
}
