package feedback

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"heard/content"
)

// tally adds up responses the way the stores do.
func tally(responses ...Response) map[string]int64 {
	tallies := map[string]int64{}
	for _, r := range responses {
		for _, field := range r.TallyFields() {
			tallies[field]++
		}
	}
	return tallies
}

func TestResultsCountEachAnswerInBankOrder(t *testing.T) {
	b := bank(t)
	tallies := tally(
		Response{Channel: "web", Lang: "en", At: now, Answers: map[string]int{"listened": 5, "blamed": 0}},
		Response{Channel: "web", Lang: "pl", At: now, Answers: map[string]int{"listened": 5, "blamed": 2}},
		Response{Channel: "sms", Lang: "en", At: now, Answers: map[string]int{"listened": 1}, Comment: "ok"},
	)
	r := BuildResults(b.Questions, "spring", "pl", tallies)
	if r.Round != "spring" || r.Total != 3 || r.Comments != 1 {
		t.Errorf("round %q total %d comments %d", r.Round, r.Total, r.Comments)
	}
	var ids []string
	for _, q := range r.Questions {
		ids = append(ids, q.ID)
	}
	var bankIDs []string
	for _, q := range b.Questions {
		bankIDs = append(bankIDs, q.ID)
	}
	if !slices.Equal(ids, bankIDs) {
		t.Errorf("questions %v, want bank order %v", ids, bankIDs)
	}
	for _, tc := range []struct {
		id       string
		counts   [6]int64
		answered int64
	}{
		{"listened", [6]int64{0, 1, 0, 0, 0, 2}, 3},
		{"blamed", [6]int64{1, 0, 1, 0, 0, 0}, 1},
		{"safe", [6]int64{}, 0},
	} {
		i := slices.Index(ids, tc.id)
		q := r.Questions[i]
		if q.Counts != tc.counts || q.Answered != tc.answered {
			t.Errorf("%s: counts %v answered %d, want %v %d", tc.id, q.Counts, q.Answered, tc.counts, tc.answered)
		}
		if bq := b.Question(tc.id); q.Text != bq.Text["pl"] || q.Reversed != bq.Reversed || q.Principle != bq.Principle {
			t.Errorf("%s: %+v does not carry the bank's Polish text, principle and direction", tc.id, q)
		}
	}
}

func TestResultsSortChannelsLanguagesAndFlags(t *testing.T) {
	tallies := map[string]int64{"total": 9, "channel:web": 6, "channel:sms": 3, "lang:ur": 1, "lang:en": 5, "lang:ro": 3,
		"flag:selfharm": 1, "flag:danger": 2}
	r := BuildResults(bank(t).Questions, Standing, "en", tallies)
	for _, tc := range []struct {
		name      string
		got, want []Count
	}{
		{"channels", r.Channels, []Count{{"sms", 3}, {"web", 6}}},
		{"languages", r.Languages, []Count{{"en", 5}, {"ro", 3}, {"ur", 1}}},
		{"flags", r.Flags, []Count{{"danger", 2}, {"selfharm", 1}}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestResultsFillQuietWeeksWithZero(t *testing.T) {
	for _, tc := range []struct {
		name  string
		weeks map[string]int64
		want  []Count
	}{
		{"no weeks", map[string]int64{}, nil},
		{"one week", map[string]int64{"week:2026-W47": 4}, []Count{{"2026-W47", 4}}},
		{"a gap", map[string]int64{"week:2026-W49": 2, "week:2026-W46": 7},
			[]Count{{"2026-W46", 7}, {"2026-W47", 0}, {"2026-W48", 0}, {"2026-W49", 2}}},
		{"across a year with 53 weeks", map[string]int64{"week:2027-W01": 1, "week:2026-W52": 3},
			[]Count{{"2026-W52", 3}, {"2026-W53", 0}, {"2027-W01", 1}}},
		{"across a year with 52 weeks", map[string]int64{"week:2027-W52": 1, "week:2028-W01": 2},
			[]Count{{"2027-W52", 1}, {"2028-W01", 2}}},
		{"not a week is dropped", map[string]int64{"week:2027-W53": 1, "week:soon": 1, "week:2026-W10": 1},
			[]Count{{"2026-W10", 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := BuildResults(bank(t).Questions, Standing, "en", tc.weeks).Weeks; !slices.Equal(got, tc.want) {
				t.Errorf("weeks %v, want %v", got, tc.want)
			}
		})
	}
}

func TestResultsWeeksAreTheWeeksResponsesArrived(t *testing.T) {
	monday := time.Date(2026, 12, 28, 9, 0, 0, 0, time.UTC) // 2026-W53
	r := BuildResults(bank(t).Questions, Standing, "en", tally(
		Response{Channel: "web", Lang: "en", At: monday.AddDate(0, 0, -14)},
		Response{Channel: "web", Lang: "en", At: monday.AddDate(0, 0, 7)},
	))
	want := []Count{{"2026-W51", 1}, {"2026-W52", 0}, {"2026-W53", 0}, {"2027-W01", 1}}
	if !slices.Equal(r.Weeks, want) {
		t.Errorf("weeks %v, want %v", r.Weeks, want)
	}
}

func TestResultsHideSmallBreakdowns(t *testing.T) {
	tallies := map[string]int64{"total": 40, "service:police": 3, "service:school": 30, "service:health": 6,
		"age:13-15": 20, "age:16-17": 20, "area:london": 40, "service:the-council": 1}
	r := BuildResults(bank(t).Questions, Standing, "en", tallies)
	want := []Cell{{"police", 0, true}, {"social-worker", 0, false}, {"school", 30, false}, {"health", 6, false},
		{"youth-worker", 0, false}, {"other", 0, false}, {NotGiven, 0, true}}
	if !slices.Equal(r.Services, want) {
		t.Errorf("services %v, want %v", r.Services, want)
	}
	if last := r.Ages[len(r.Ages)-1]; len(r.Ages) != len(AgeBands)+1 || last != (Cell{NotGiven, 0, false}) {
		t.Errorf("ages %v", r.Ages)
	}
	if len(r.Areas) != len(Areas)+1 || r.Areas[slices.Index(Areas, "london")] != (Cell{"london", 40, false}) {
		t.Errorf("areas %v", r.Areas)
	}
}

func TestSuppress(t *testing.T) {
	keys := []string{"a", "b", "c"}
	for _, tc := range []struct {
		name   string
		counts map[string]int64
		total  int64
		want   []Cell
	}{
		{"no small cells show everything", map[string]int64{"a": 5, "b": 10, "c": 7}, 30,
			[]Cell{{"a", 5, false}, {"b", 10, false}, {"c", 7, false}, {NotGiven, 8, false}}},
		{"zero is shown", map[string]int64{"a": 0, "b": 10}, 10,
			[]Cell{{"a", 0, false}, {"b", 10, false}, {"c", 0, false}, {NotGiven, 0, false}}},
		{"one small cell hides the smallest other too", map[string]int64{"a": 2, "b": 10, "c": 7}, 30,
			[]Cell{{"a", 0, true}, {"b", 10, false}, {"c", 0, true}, {NotGiven, 11, false}}},
		{"the smallest other may be not given", map[string]int64{"a": 20, "b": 1, "c": 9}, 35,
			[]Cell{{"a", 20, false}, {"b", 0, true}, {"c", 9, false}, {NotGiven, 0, true}}},
		{"a small not given is hidden like any cell", map[string]int64{"a": 20, "b": 6, "c": 9}, 38,
			[]Cell{{"a", 20, false}, {"b", 0, true}, {"c", 9, false}, {NotGiven, 0, true}}},
		{"of equal smallest the first is hidden", map[string]int64{"a": 8, "b": 3, "c": 8}, 19,
			[]Cell{{"a", 0, true}, {"b", 0, true}, {"c", 8, false}, {NotGiven, 0, false}}},
		{"two small cells need no more", map[string]int64{"a": 2, "b": 10, "c": 3}, 15,
			[]Cell{{"a", 0, true}, {"b", 10, false}, {"c", 0, true}, {NotGiven, 0, false}}},
		{"two hidden 1s would give each other away", map[string]int64{"a": 1, "b": 10, "c": 1}, 20,
			[]Cell{{"a", 0, true}, {"b", 10, false}, {"c", 0, true}, {NotGiven, 0, true}}},
		{"a total under 5 hides every non-zero cell", map[string]int64{"a": 2, "c": 1}, 4,
			[]Cell{{"a", 0, true}, {"b", 0, false}, {"c", 0, true}, {NotGiven, 0, true}}},
		{"a total under 5 in one cell hides a zero with it", map[string]int64{"b": 3}, 3,
			[]Cell{{"a", 0, true}, {"b", 0, true}, {"c", 0, false}, {NotGiven, 0, false}}},
		{"hidden 1s with only zeros left hide a zero", map[string]int64{"a": 1, "b": 1}, 2,
			[]Cell{{"a", 0, true}, {"b", 0, true}, {"c", 0, true}, {NotGiven, 0, false}}},
		{"nobody hides nothing", map[string]int64{}, 0,
			[]Cell{{"a", 0, false}, {"b", 0, false}, {"c", 0, false}, {NotGiven, 0, false}}},
		{"a total under 5 hides even a larger count that disagrees with it", map[string]int64{"a": 6}, 3,
			[]Cell{{"a", 0, true}, {"b", 0, true}, {"c", 0, false}, {NotGiven, 0, false}}},
		{"counts over the total leave not given at 0", map[string]int64{"a": 10, "b": 10}, 15,
			[]Cell{{"a", 10, false}, {"b", 10, false}, {"c", 0, false}, {NotGiven, 0, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Suppress(keys, tc.counts, tc.total); !slices.Equal(got, tc.want) {
				t.Errorf("Suppress(%v, %d)\n got %v\nwant %v", tc.counts, tc.total, got, tc.want)
			}
		})
	}
}

// workedOut names a hidden cell that a reader could work out from what is
// shown: the total, the shown cells, and that a hidden cell is never below
// 0, nor 0 while any shown cell is non-zero (a zero is hidden only when
// nothing else is left to hide).
func workedOut(cells []Cell, total int64) (string, bool) {
	var hidden []string
	rest, lowest := total, int64(0)
	for _, c := range cells {
		switch {
		case c.Suppressed:
			hidden = append(hidden, c.Key)
		case c.N > 0:
			rest -= c.N
			lowest = 1
		}
	}
	k := int64(len(hidden))
	if k > 0 && rest-lowest*(k-1) <= lowest {
		return hidden[0], true
	}
	return "", false
}

// checkSuppression fails the test if cells are not a safe and faithful
// breakdown of counts.
func checkSuppression(t *testing.T, keys []string, counts map[string]int64, total int64) {
	t.Helper()
	cells := Suppress(keys, counts, total)
	if len(cells) != len(keys)+1 {
		t.Fatalf("Suppress(%v, %d): %d cells for %d keys", counts, total, len(cells), len(keys))
	}
	hidden, sum := 0, int64(0)
	for i, c := range cells {
		n := total - sum
		if i < len(keys) {
			n = counts[keys[i]]
			sum += n
		}
		switch {
		case c.Suppressed:
			hidden++
			if c.N != 0 {
				t.Errorf("Suppress(%v, %d): hidden %s carries %d", counts, total, c.Key, c.N)
			}
		case n > 0 && (n < SmallNumber || total < SmallNumber):
			t.Errorf("Suppress(%v, %d): shows %s = %d", counts, total, c.Key, n)
		case c.N != n:
			t.Errorf("Suppress(%v, %d): shows %s = %d, want %d", counts, total, c.Key, c.N, n)
		}
	}
	if hidden == 1 {
		t.Errorf("Suppress(%v, %d): exactly one cell hidden: %v", counts, total, cells)
	}
	if key, ok := workedOut(cells, total); ok {
		t.Errorf("Suppress(%v, %d): %s can be worked out from %v", counts, total, key, cells)
	}
}

func TestSuppressNeverLeavesACellToBeWorkedOutOfSmallGroups(t *testing.T) {
	keys := []string{"a", "b", "c"}
	for a := range int64(8) {
		for b := range int64(8) {
			for c := range int64(8) {
				for notGiven := range int64(8) {
					checkSuppression(t, keys, map[string]int64{"a": a, "b": b, "c": c}, a+b+c+notGiven)
				}
			}
		}
	}
}

func TestSuppressNeverLeavesACellToBeWorkedOutOfRandomGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 47))
	for range 20000 {
		keys := make([]string, 1+rng.IntN(10))
		counts := map[string]int64{}
		var total int64
		for i := range keys {
			keys[i] = fmt.Sprint("k", i)
			n := rng.Int64N(6) // mostly small, as breakdowns of a quiet round are
			if rng.IntN(3) == 0 {
				n = rng.Int64N(1000)
			}
			counts[keys[i]] = n
			total += n
		}
		total += rng.Int64N(12)
		checkSuppression(t, keys, counts, total)
	}
}

func BenchmarkBuildResults(b *testing.B) {
	bk, err := LoadBank(content.QuestionBank(), langs)
	if err != nil {
		b.Fatal(err)
	}
	// A round of a million responses: every key a round can have, large counts.
	const responses = 1_000_000
	tallies := map[string]int64{"total": responses, "comments": responses / 3,
		"channel:web": responses * 7 / 10, "channel:sms": responses * 3 / 10}
	for i, lang := range langs {
		tallies["lang:"+lang] = responses / int64(2+i)
	}
	for week := 1; week <= 26; week++ {
		tallies[fmt.Sprintf("week:2026-W%02d", week*2)] = responses / 26
	}
	for _, q := range bk.Questions {
		for answer := RatherNotSay; answer <= Highest; answer++ {
			tallies[fmt.Sprintf("q:%s:%d", q.ID, answer)] = responses / int64(6+answer)
		}
	}
	for kind, keys := range map[string][]string{"service": Services, "age": AgeBands, "area": Areas} {
		for i, key := range keys {
			tallies[kind+":"+key] = responses / int64(2*len(keys)) * int64(i%3)
		}
		tallies[kind+":"+keys[0]] = 3
	}
	for _, flag := range []string{"danger", "disclosure", "selfharm"} {
		tallies["flag:"+flag] = 40
	}
	for b.Loop() {
		BuildResults(bk.Questions, Standing, "en", tallies)
	}
	b.ReportMetric(float64(len(tallies)), "keys")
}
