package safety

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// target is what the issue asks for in every language: every urgent phrase answered with
// 999, nine in ten risky phrases flagged, at most one in twenty ordinary ones.
var target = struct{ urgent, risky, falseAlarms float64 }{1.00, 0.90, 0.05}

// floor is what the detector reached on one language of a held-out set when it was
// written down: urgent and risky phrases caught, ordinary ones flagged (at most).
type floor struct{ urgent, risky, falseAlarms int }

// heldOut are the sets kept out of training, each with its floors: the detector must not
// get worse on them. Raise the floors as it improves; the targets above are the aim.
var heldOut = []struct {
	name, files string
	floor       map[string]floor
}{
	// Written by someone who never saw the corpus or the rules, in a different voice.
	{"heldout", "testdata/heldout.tsv", map[string]floor{
		"en":      {28, 63, 2},
		"pl":      {27, 63, 2},
		"ro":      {28, 64, 0},
		"ur":      {28, 63, 1},
		"ur-Latn": {28, 63, 3},
	}},
	// The tenth author's WhatsApp voices, kept out of training as a check on a new voice.
	{"tenth", "testdata/tenth/*.tsv", map[string]floor{
		"en":      {59, 99, 2},
		"pl":      {61, 97, 19},
		"ro":      {61, 97, 15},
		"ur":      {60, 98, 14},
		"ur-Latn": {59, 94, 13},
	}},
	// Two more authors' phrases (small-town logistics; feedback on services), kept out of
	// training as a check on the detector's weak spot: ordinary texts that share words with
	// urgent ones ("can someone ring me", "nobody answered", "my mum took my phone").
	{"sameword", "testdata/sameword/*.tsv", map[string]floor{
		"en":      {102, 171, 35},
		"pl":      {103, 174, 66},
		"ro":      {100, 166, 59},
		"ur":      {101, 171, 70},
		"ur-Latn": {105, 170, 87},
	}},
	// The thirty-fifth author's phrases: children of 10-13 and young people who find
	// reading and writing hard (spelling as words sound, voice-to-text, predictive-text
	// slips, emoji for words), kept out of training as a check on one more new voice.
	{"thirtyfifth", "testdata/thirtyfifth/*.tsv", map[string]floor{
		"en":      {44, 77, 5},
		"pl":      {44, 76, 11},
		"ro":      {45, 78, 9},
		"ur":      {46, 81, 9},
		"ur-Latn": {49, 78, 9},
	}},
	// The fifty-second author's phrases: texts sent on the move and at odd hours (a bus at
	// night, a party, a sleepover, a festival), kept out of training as a check on one more
	// new voice, and measured first on the model as it was when they were written.
	{"fiftysecond", "testdata/fiftysecond/*.tsv", map[string]floor{
		"en":      {43, 78, 6},
		"pl":      {43, 78, 17},
		"ro":      {45, 78, 23},
		"ur":      {39, 73, 16},
		"ur-Latn": {46, 77, 21},
	}},
	// Texts typed oddly, to be quick or to hide them from someone nearby (letters spaced,
	// swapped, decorated, hidden), by an author who read no other phrases; the floors are
	// after the fancy letters its author listed (none of its phrases) were read, and words
	// run together were split (testdata/oddtyping/dev.tsv, by another author, is where the
	// misses were looked at).
	{"oddtyping", "testdata/oddtyping/test.tsv", map[string]floor{
		"en":      {18, 28, 1},
		"pl":      {19, 29, 2},
		"ro":      {20, 30, 0},
		"ur":      {20, 30, 2},
		"ur-Latn": {20, 30, 4},
	}},
	// Texts about someone else (a friend, a sister, a classmate), by an author who read no
	// other phrases, measured once before it was added; no one has read its phrases.
	{"friend", "testdata/friend/test.tsv", map[string]floor{
		"en":      {19, 29, 0},
		"pl":      {20, 30, 2},
		"ro":      {20, 30, 2},
		"ur":      {19, 29, 3},
		"ur-Latn": {20, 29, 3},
	}},
	// Texts from LGBTQ+ young people, by an author who read no other phrases, measured once
	// before it was added; no one has read its phrases.
	{"lgbt", "testdata/lgbt/test.tsv", map[string]floor{
		"en":      {20, 30, 1},
		"pl":      {20, 30, 3},
		"ro":      {20, 29, 4},
		"ur":      {20, 30, 3},
		"ur-Latn": {20, 30, 6},
	}},
	// Texts from young people already known to services (on bail, excluded, in care or
	// supported housing, going missing), by an author who read no other phrases, measured
	// once before it was added; no one has read its phrases.
	{"services", "testdata/services/test.tsv", map[string]floor{
		"en":      {20, 30, 2},
		"pl":      {19, 29, 2},
		"ro":      {20, 30, 4},
		"ur":      {20, 30, 1},
		"ur-Latn": {18, 28, 2},
	}},
	// Texts in mixed languages (Polish, Romanian or Urdu with English, English with words of
	// home languages), by an author who read no other phrases, measured once before it was
	// added; no one has read its phrases. testdata/mixed/dev.tsv (five more authors, written
	// as training phrases and not kept for training) is where the misses were looked at.
	{"mixed", "testdata/mixed/test.tsv", map[string]floor{
		"en":      {20, 30, 1},
		"pl":      {20, 29, 1},
		"ro":      {19, 29, 4},
		"ur":      {20, 30, 1},
		"ur-Latn": {20, 30, 1},
	}},
}

func readExampleFile(t *testing.T, path string) []Example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	examples, err := ReadExamples(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return examples
}

// TestHeldOutSplit scores the detector on phrases kept out of training, each set written
// by an author who never saw the corpus or the rules. It fails if any language falls below
// its floor, and reports against the targets; it prints numbers, never a phrase.
func TestHeldOutSplit(t *testing.T) {
	for _, set := range heldOut {
		t.Run(set.name, func(t *testing.T) { checkHeldOut(t, set.files, set.floor) })
	}
}

func checkHeldOut(t *testing.T, pattern string, floors map[string]floor) {
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: no files (%v)", pattern, err)
	}
	var examples []Example
	for _, f := range files {
		examples = append(examples, readExampleFile(t, f)...)
	}
	scores := Evaluate(examples)
	var report strings.Builder
	WriteReport(&report, scores)
	t.Log("\n" + report.String())
	for _, lang := range Languages {
		s, floor := scores[lang], floors[lang]
		if s == nil {
			t.Errorf("%s: no held-out phrases", lang)
			continue
		}
		uh, ut := s.Urgent()
		rh, rt := s.Risky()
		fa, ft := s.FalseAlarms()
		if uh < floor.urgent || rh < floor.risky || fa > floor.falseAlarms {
			t.Errorf("%s got worse: urgent %d/%d (floor %d), risky %d/%d (floor %d), false alarms %d/%d (at most %d)",
				lang, uh, ut, floor.urgent, rh, rt, floor.risky, fa, ft, floor.falseAlarms)
		}
		var short []string
		if float64(uh) < target.urgent*float64(ut) {
			short = append(short, fmt.Sprintf("urgent %d/%d", uh, ut))
		}
		if float64(rh) < target.risky*float64(rt) {
			short = append(short, fmt.Sprintf("risky %d/%d", rh, rt))
		}
		if float64(fa) > target.falseAlarms*float64(ft) {
			short = append(short, fmt.Sprintf("false alarms %d/%d", fa, ft))
		}
		if len(short) > 0 {
			t.Logf("%s: short of the targets (urgent 100%%, risky 90%%, false alarms 5%%): %s", lang, strings.Join(short, ", "))
		}
	}
}

// TestDetectorOnTheCorpus: on the phrases it was trained on, rules and model together
// answer every urgent phrase with 999 in every language, flag at least 97 risky phrases
// in a hundred and at most four ordinary ones in a hundred. A rule or vocabulary change
// that breaks a phrase the corpus teaches fails here. (The thresholds are chosen for
// voices the model has not met, and with thirty-five authors the model, kept simple so it
// carries to them, does not learn every one of their phrases: it leaves a few of the less
// urgent risky ones, and flags a few of the hard ordinary ones.)
func TestDetectorOnTheCorpus(t *testing.T) {
	examples, _, err := ReadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	for lang, s := range Evaluate(examples) {
		uh, ut := s.Urgent()
		rh, rt := s.Risky()
		fa, ft := s.FalseAlarms()
		if uh < ut || rh*100 < 97*rt || fa*100 > 4*ft {
			t.Errorf("%s: urgent %d/%d, risky %d/%d, false alarms %d/%d", lang, uh, ut, rh, rt, fa, ft)
		}
	}
}

// TestSourcesAddUp: on the held-out split, every false alarm is counted once by the part
// that raised it, and every urgent phrase without 999 once; each case of count is met.
func TestSourcesAddUp(t *testing.T) {
	scores := Evaluate(readExampleFile(t, "testdata/heldout.tsv"))
	for lang, s := range scores {
		fa, _ := s.FalseAlarms()
		uh, ut := s.Urgent()
		src := s.Sources
		if src.ModelAlone+src.Both+src.RulesAlone != fa || src.MissedUrgent != ut-uh ||
			src.ModelAloneUrgent > src.ModelAlone || src.MissedUrgentNoRule > src.MissedUrgent {
			t.Errorf("%s: %+v for %d false alarms and %d urgent phrases without 999", lang, *src, fa, ut-uh)
		}
	}
	var src Sources
	src.count(None, SelfHarm, None, SelfHarm) // the model alone, urgent
	src.count(None, Images, None, Images)     // the model alone
	src.count(None, Danger, Danger, Danger)   // both
	src.count(None, Danger, Danger, None)     // the rules, the model not sure enough to veto
	src.count(Danger, Images, None, Images)   // urgent, no 999, no rule
	src.count(SelfHarm, None, SelfHarm, None) // urgent, the model vetoed a rule
	src.count(None, None, Danger, None)       // vetoed: no false alarm
	src.count(Exploitation, None, None, None) // a risky miss is not counted here
	if want := (Sources{ModelAlone: 2, ModelAloneUrgent: 1, Both: 1, RulesAlone: 1, MissedUrgent: 2, MissedUrgentNoRule: 1}); src != want {
		t.Errorf("got %+v, want %+v", src, want)
	}
	var out strings.Builder
	WriteReport(&out, scores)
	if !strings.Contains(out.String(), "where from: false alarms raised by the model alone") {
		t.Errorf("the report does not say where the false alarms came from:\n%s", out.String())
	}
}

func TestReadExamplesNamesTheLineNotTheWords(t *testing.T) {
	for _, in := range []string{"en\tdanger", "en\tscary\tsecret words", "xx\tnone\tsecret words"} {
		_, err := ReadExamples(strings.NewReader("# a comment\n\n" + in + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 3") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%q: got %v", in, err)
		}
	}
}

func TestTheReportPrintsNumbersPerLanguage(t *testing.T) {
	examples := []Example{{Lang: "pl", Want: Danger, Text: "pomocy"}, {Lang: "pl", Want: None, Text: "cześć"},
		{Lang: "ur-Latn", Want: SelfHarm, Text: "main marna chahti hoon"}}
	var out strings.Builder
	if err := WriteReport(&out, Evaluate(examples)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pl: urgent recall 100.0% (1/1), risky recall 100.0% (1/1), false alarms 0.0% (0/1)",
		"ur-Latn: urgent recall 100.0% (1/1)", "all: urgent recall 100.0% (2/2)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	for _, e := range examples {
		if strings.Contains(out.String(), e.Text) {
			t.Errorf("report shows a phrase: %q", e.Text)
		}
	}
}
