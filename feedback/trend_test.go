package feedback

import (
	"slices"
	"testing"
)

func TestTrendsAddRoundsUpMonthByMonth(t *testing.T) {
	roundA := map[string]int64{"2026-01:listened:5": 6, "2026-01:listened:1": 4, "2026-03:listened:4": 2, "2026-01:own:5": 9}
	roundB := map[string]int64{"2026-03:listened:5": 1, "2026-04:listened:2": 5, "2026-04:blamed:1": 3, "2026-04-02:listened:5": 50, "junk": 1}
	trends := Trends([]Question{listened, blamed, {ID: "safe", Text: map[string]string{"en": "Did you feel safe?"}}}, "en", []map[string]int64{roundA, roundB})
	if len(trends) != 2 || trends[0].ID != "listened" || trends[1].ID != "blamed" {
		t.Fatalf("trends %+v: want listened and blamed (safe was never answered, own is not asked)", trends)
	}
	want := []MonthSide{{"2026-01", Side{6, 10}}, {"2026-02", Side{0, 0}}, {"2026-03", Side{3, 3}}, {"2026-04", Side{0, 5}}}
	if !slices.Equal(trends[0].Months, want) {
		t.Errorf("listened by month %+v, want %+v", trends[0].Months, want)
	}
	if got := trends[1].Months; len(got) != 4 || got[3] != (MonthSide{"2026-04", Side{3, 3}}) || got[0].Answered != 0 {
		t.Errorf("blamed shares the months, and counts 1 as good: %+v", got)
	}
	if shown := []bool{want[0].Shown(), want[1].Shown(), want[2].Shown(), want[3].Shown()}; !slices.Equal(shown, []bool{true, false, false, true}) {
		t.Errorf("shown %v: only months of 5 or more answers show a share", shown)
	}
	if trends[0].Months[0].Label() != "Jan 2026" {
		t.Errorf("label %q", trends[0].Months[0].Label())
	}
	if none := Trends([]Question{listened}, "en", nil); len(none) != 0 {
		t.Errorf("no series gave %+v", none)
	}
}
