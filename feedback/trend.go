package feedback

import "time"

// Trend is one question's good answers month by month.
type Trend struct {
	ID, Text string
	Reversed bool
	Months   []MonthSide // oldest first, every month from the first to the last
}

// MonthSide is one month of a trend. Its share is shown only when Shown.
type MonthSide struct {
	Month string // "2026-03"
	Side
}

// Label is the month as people write it: "Mar 2026".
func (m MonthSide) Label() string {
	t, err := time.Parse("2006-01", m.Month)
	if err != nil {
		return m.Month
	}
	return t.Format("Jan 2006")
}

// Trends adds up the monthly series (ByMonth) of many rounds into one
// trend per question of questions that has any answer, in questions'
// order. Every trend runs over the same months, from the first month any
// question was answered to the last, quiet months included, so small
// multiples of them line up. A round's own question is its own, so only
// bank questions belong in questions.
func Trends(questions []Question, lang string, monthly []map[string]int64) []Trend {
	byMonth := map[string]AnswerCounts{}
	var first, last string
	for _, series := range monthly {
		for field, n := range series {
			month, id, answer, ok := seriesField(field)
			if _, err := time.Parse("2006-01", month); !ok || err != nil {
				continue
			}
			if byMonth[month] == nil {
				byMonth[month] = AnswerCounts{}
			}
			byMonth[month].add(id, answer, n)
			if first == "" || month < first {
				first = month
			}
			if month > last {
				last = month
			}
		}
	}
	months := monthsBetween(first, last)
	var trends []Trend
	for _, q := range questions {
		text, _ := q.TextIn(lang)
		t := Trend{ID: q.ID, Text: text, Reversed: q.Reversed, Months: make([]MonthSide, len(months))}
		var any bool
		for i, m := range months {
			t.Months[i] = MonthSide{Month: m, Side: SideOf(byMonth[m][q.ID], q.Reversed)}
			any = any || t.Months[i].Answered > 0
		}
		if any {
			trends = append(trends, t)
		}
	}
	return trends
}

// monthsBetween lists "2006-01" months from first to last, both included.
func monthsBetween(first, last string) []string {
	from, err1 := time.Parse("2006-01", first)
	to, err2 := time.Parse("2006-01", last)
	if err1 != nil || err2 != nil {
		return nil
	}
	var months []string
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		months = append(months, m.Format("2006-01"))
	}
	return months
}
