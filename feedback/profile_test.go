package feedback

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// roundWith is the results page of a round whose tallies are these.
func roundWith(tallies map[string]int64) Results {
	return BuildResults([]Question{listened, blamed}, "R", "en", tallies)
}

func TestProfileNeverAddsBackAHiddenCell(t *testing.T) {
	// Round A heard 3 from London: hidden on its page (and, so that it cannot
	// be worked out, its 6 from the north-east too). Round B heard 10.
	a := roundWith(map[string]int64{"total": 20, "area:london": 3, "area:north-east": 6, "service:police": 20, "q:listened:5": 8, "q:listened:1": 2})
	b := roundWith(map[string]int64{"total": 10, "area:london": 10, "service:police": 10, "q:blamed:1": 4, "q:blamed:5": 1})
	other := roundWith(map[string]int64{"total": 7, "area:london": 7, "service:school": 7})
	p := BuildProfile([]Question{listened, blamed}, []TeamResults{{"North", []Results{a, b}}, {"South", []Results{other}}})

	if !slices.Equal(p.Teams, []string{"North", "South"}) || !slices.Equal(p.Totals, []int64{30, 7}) {
		t.Errorf("teams %v, totals %v", p.Teams, p.Totals)
	}
	london := row(t, p.Areas, "london")
	if london.Cells[0] != (ProfileCell{Shown: 10, Partial: true}) || london.Cells[1] != (ProfileCell{Shown: 7}) {
		t.Errorf("London %+v: North must show only round B's 10, marked as part; never 13", london.Cells)
	}
	if ne := row(t, p.Areas, "north-east"); ne.Cells[0] != (ProfileCell{Partial: true}) || ne.Cells[0].Heard() {
		t.Errorf("north-east %+v: hidden in its only round", ne.Cells)
	}
	if police := row(t, p.Services, "police"); police.Cells[0] != (ProfileCell{Shown: 30}) {
		t.Errorf("police %+v", police.Cells)
	}
	if !slices.Contains(p.UnheardAreas, "north-east") || slices.Contains(p.UnheardAreas, "london") || slices.Contains(p.UnheardAreas, NotGiven) {
		t.Errorf("unheard areas %v", p.UnheardAreas)
	}
	if !slices.Contains(p.UnheardServices, "health") || slices.Contains(p.UnheardServices, "school") {
		t.Errorf("unheard services %v", p.UnheardServices)
	}
	if len(p.Questions) != 2 || p.Questions[0].Sides[0] != (Side{8, 10}) || p.Questions[1].Sides[0] != (Side{4, 5}) || p.Questions[0].Sides[1] != (Side{}) {
		t.Errorf("questions %+v", p.Questions)
	}
}

// Whatever the rounds hold, every number the profile shows is the sum of
// numbers the rounds' own pages show.
func TestProfileShowsOnlySumsOfShownCells(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		var teams []TeamResults
		for range 1 + rnd.IntN(3) {
			team := TeamResults{Team: "t"}
			for range 1 + rnd.IntN(4) {
				tallies := map[string]int64{}
				for _, area := range Areas {
					if n := int64(rnd.IntN(12)); n > 0 && rnd.IntN(2) == 0 {
						tallies["area:"+area] = n
						tallies["total"] += n
					}
				}
				tallies["total"] += int64(rnd.IntN(4)) // some not given
				team.Rounds = append(team.Rounds, roundWith(tallies))
			}
			teams = append(teams, team)
		}
		p := BuildProfile(nil, teams)
		for t2, team := range teams {
			for _, r := range p.Areas {
				var shown int64
				var partial bool
				for _, round := range team.Rounds {
					for _, c := range round.Areas {
						if c.Key == r.Key {
							shown += c.N // N is 0 when suppressed
							partial = partial || c.Suppressed
						}
					}
				}
				if r.Cells[t2] != (ProfileCell{Shown: shown, Partial: partial}) {
					t.Fatalf("%s: %+v, want %d shown (partial %v)", r.Key, r.Cells[t2], shown, partial)
				}
				if c := r.Cells[t2]; c.Shown > 0 && c.Shown < SmallNumber {
					t.Fatalf("%s shows %d", r.Key, c.Shown)
				}
			}
		}
	}
}

func row(t *testing.T, rows []ProfileRow, key string) ProfileRow {
	t.Helper()
	for _, r := range rows {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no row %q", key)
	return ProfileRow{}
}
