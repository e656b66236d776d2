package safety

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Example is one labelled phrase: its language, the verdict it should get, and its text.
// Author names who wrote it, when known (the corpus's folder): cross-validation keeps
// each author's phrases together.
type Example struct {
	Lang   string
	Want   Verdict
	Text   string
	Author string
}

// ReadExamples reads labelled phrases, one a line: lang<TAB>category<TAB>text. Blank lines
// and lines starting with # are skipped. A line that does not fit is an error that names
// its line number, never its words.
func ReadExamples(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 {
			return nil, fmt.Errorf("line %d: want lang<TAB>category<TAB>text", n)
		}
		v, ok := ParseVerdict(parts[1])
		if !ok {
			return nil, fmt.Errorf("line %d: unknown category %q", n, parts[1])
		}
		if !slices.Contains(Languages, parts[0]) {
			return nil, fmt.Errorf("line %d: unknown language %q", n, parts[0])
		}
		out = append(out, Example{Lang: parts[0], Want: v, Text: parts[2]})
	}
	return out, sc.Err()
}

// Score is how the detector did on one language's phrases. Confusion[want][got] counts
// phrases labelled want that got verdict got.
type Score struct {
	Confusion [Danger + 1][Danger + 1]int
	// Sources, when counted (Evaluate counts them; cross-validation does not), says which
	// part raised each false alarm and missed each urgent phrase.
	Sources *Sources
}

// Sources counts what raised the false alarms: the model alone (and of those, how many it
// flagged as danger or self-harm), the rules and the model both, or the rules alone; and,
// of the urgent phrases that got no 999, on how many no rule rang. It shows which part to
// improve.
type Sources struct {
	ModelAlone, ModelAloneUrgent, Both, RulesAlone int
	MissedUrgent, MissedUrgentNoRule               int
}

// count adds one phrase: want is its label, got its verdict, rules and model what each
// part found on its own (lexicon.parts).
func (s *Sources) count(want, got, rules, model Verdict) {
	switch {
	case want == None && got != None && model != None && rules != None:
		s.Both++
	case want == None && got != None && model != None:
		s.ModelAlone++
		if model.Urgent() {
			s.ModelAloneUrgent++
		}
	case want == None && got != None:
		s.RulesAlone++
	case want.Urgent() && !got.Urgent():
		s.MissedUrgent++
		if rules == None {
			s.MissedUrgentNoRule++
		}
	}
}

// Total is how many phrases were labelled v.
func (s Score) Total(v Verdict) int {
	n := 0
	for _, c := range s.Confusion[v] {
		n += c
	}
	return n
}

// Urgent counts the danger and self-harm phrases, and those whose reply led with 999.
func (s Score) Urgent() (hit, total int) {
	for _, want := range []Verdict{Danger, SelfHarm} {
		total += s.Total(want)
		hit += s.Confusion[want][Danger] + s.Confusion[want][SelfHarm]
	}
	return hit, total
}

// Risky counts the risky phrases, and those that got any verdict but none.
func (s Score) Risky() (hit, total int) {
	for _, want := range Verdicts[1:] {
		total += s.Total(want)
		hit += s.Total(want) - s.Confusion[want][None]
	}
	return hit, total
}

// FalseAlarms counts the ordinary phrases, and those that got a verdict.
func (s Score) FalseAlarms() (flagged, total int) {
	total = s.Total(None)
	return total - s.Confusion[None][None], total
}

// Recall counts the phrases labelled v, and those that got exactly v.
func (s Score) Recall(v Verdict) (hit, total int) {
	return s.Confusion[v][v], s.Total(v)
}

// Evaluate runs the detector over examples and scores it per language, in Languages'
// order, with "all" last.
func Evaluate(examples []Example) map[string]*Score {
	scores := map[string]*Score{"all": {Sources: &Sources{}}}
	for _, e := range examples {
		got, rules, model := lex.parts(e.Text)
		if scores[e.Lang] == nil {
			scores[e.Lang] = &Score{Sources: &Sources{}}
		}
		for _, s := range []*Score{scores[e.Lang], scores["all"]} {
			s.Confusion[e.Want][got]++
			s.Sources.count(e.Want, got, rules, model)
		}
	}
	return scores
}

// WriteReport prints, per language, the confusion matrix, recall per category, urgent
// and risky recall and false alarms: numbers only, never a phrase.
func WriteReport(w io.Writer, scores map[string]*Score) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, lang := range append(slices.Clone(Languages), "all") {
		s := scores[lang]
		if s == nil {
			continue
		}
		fmt.Fprintf(tw, "%s\t", lang)
		for _, got := range Verdicts {
			fmt.Fprintf(tw, "got %s\t", got)
		}
		fmt.Fprintf(tw, "recall\t\n")
		for _, want := range Verdicts {
			if s.Total(want) == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t", want)
			for _, got := range Verdicts {
				fmt.Fprintf(tw, "%d\t", s.Confusion[want][got])
			}
			hit, total := s.Recall(want)
			fmt.Fprintf(tw, "%s\t\n", percent(hit, total))
		}
		tw.Flush()
		uh, ut := s.Urgent()
		rh, rt := s.Risky()
		fa, ft := s.FalseAlarms()
		fmt.Fprintf(w, "%s: urgent recall %s (%d/%d), risky recall %s (%d/%d), false alarms %s (%d/%d)\n",
			lang, percent(uh, ut), uh, ut, percent(rh, rt), rh, rt, percent(fa, ft), fa, ft)
		if src := s.Sources; src != nil {
			fmt.Fprintf(w, "  where from: false alarms raised by the model alone %d (%d of them as danger or self-harm), by rules and model %d, by the rules alone %d; urgent phrases without 999 %d, %d of them with no rule ringing\n",
				src.ModelAlone, src.ModelAloneUrgent, src.Both, src.RulesAlone, src.MissedUrgent, src.MissedUrgentNoRule)
		}
		fmt.Fprintln(w)
	}
	return tw.Flush()
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}
