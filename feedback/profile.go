package feedback

import "slices"

// A problem profile (See Me, Hear Me's fourth principle) sets every team's
// results side by side, by service and by area, to show where young people
// are least heard.
//
// It adds up only what each round's own page already shows: a round's
// breakdowns are suppressed as ever (Suppress, with its secondary
// suppression), and the profile never adds back a hidden cell. A team's
// cell is the sum of its rounds' shown cells, marked when some round hid
// part of it. So no subtraction between the profile and a round's page can
// uncover a hidden number: everything the profile shows was public before.

// TeamResults are one team's rounds, as their results pages show them.
type TeamResults struct {
	Team   string
	Rounds []Results
}

// ProfileCell is one team's count in one row: the sum of the counts its
// rounds show. When Partial, some round hid a count here too, so the true
// number is at least Shown.
type ProfileCell struct {
	Shown   int64
	Partial bool
}

// Heard reports whether the cell stands for any answer shown.
func (c ProfileCell) Heard() bool { return c.Shown > 0 }

// ProfileRow is one service or area, with a cell per team.
type ProfileRow struct {
	Key   string
	Cells []ProfileCell
}

// ProfileQuestion is one question's good answers, a side per team.
type ProfileQuestion struct {
	ID, Text string
	Reversed bool
	Sides    []Side
}

// Profile is every team's results side by side, teams in the order given.
type Profile struct {
	Teams     []string
	Totals    []int64 // responses, per team
	Services  []ProfileRow
	Areas     []ProfileRow
	Questions []ProfileQuestion // bank questions any team asked
	// Unheard are the areas and services (not "not given") from which no
	// team shows a single answer: none came, or too few to show.
	UnheardAreas, UnheardServices []string
}

// BuildProfile sets teams side by side. questions are the bank's, in order;
// rounds' own questions are their own and are left out.
func BuildProfile(questions []Question, teams []TeamResults) Profile {
	p := Profile{Teams: make([]string, len(teams)), Totals: make([]int64, len(teams))}
	p.Services = profileRows(append(slices.Clone(Services), NotGiven), len(teams))
	p.Areas = profileRows(append(slices.Clone(Areas), NotGiven), len(teams))
	answers := make([]AnswerCounts, len(teams))
	asked := map[string]bool{}
	for t, team := range teams {
		p.Teams[t] = team.Team
		answers[t] = AnswerCounts{}
		for _, r := range team.Rounds {
			p.Totals[t] += r.Total
			addCells(p.Services, t, r.Services)
			addCells(p.Areas, t, r.Areas)
			for _, q := range r.Questions {
				c := answers[t][q.ID]
				for i := range c {
					c[i] += q.Counts[i]
				}
				answers[t][q.ID] = c
				asked[q.ID] = true
			}
		}
	}
	for _, q := range questions {
		if !asked[q.ID] {
			continue
		}
		text, _ := q.TextIn("en")
		pq := ProfileQuestion{ID: q.ID, Text: text, Reversed: q.Reversed, Sides: make([]Side, len(teams))}
		for t := range teams {
			pq.Sides[t] = SideOf(answers[t][q.ID], q.Reversed)
		}
		p.Questions = append(p.Questions, pq)
	}
	p.UnheardAreas, p.UnheardServices = unheard(p.Areas), unheard(p.Services)
	return p
}

func profileRows(keys []string, teams int) []ProfileRow {
	rows := make([]ProfileRow, len(keys))
	for i, k := range keys {
		rows[i] = ProfileRow{Key: k, Cells: make([]ProfileCell, teams)}
	}
	return rows
}

// addCells adds one round's breakdown, as shown, to team t's column.
func addCells(rows []ProfileRow, t int, cells []Cell) {
	for _, c := range cells {
		for i := range rows {
			if rows[i].Key != c.Key {
				continue
			}
			if c.Suppressed {
				rows[i].Cells[t].Partial = true
			} else {
				rows[i].Cells[t].Shown += c.N
			}
		}
	}
}

// unheard lists the rows (not "not given") no team shows an answer in.
func unheard(rows []ProfileRow) []string {
	var keys []string
	for _, r := range rows {
		if r.Key == NotGiven {
			continue
		}
		heard := false
		for _, c := range r.Cells {
			heard = heard || c.Heard()
		}
		if !heard {
			keys = append(keys, r.Key)
		}
	}
	return keys
}
