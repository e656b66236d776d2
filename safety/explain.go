package safety

import (
	"fmt"
	"io"
	"strings"
)

// Explanation says why the detector gave a text its verdict, for the people who review
// the vocabulary and the corpus: what each word was read as, which rules fired or were
// held back by a "not", the model's chances, and how much each word added to the chance
// of risk. It is for a reviewer at a terminal (`heard safety --explain`); Heard never
// keeps or logs it.
type Explanation struct {
	Verdict  Verdict
	Rules    []string // the rules that fired: "danger: FEAR > HOME"
	Held     bool     // a rule's words were there but a "not" denied them, and no rule fired
	Language string   // whose thresholds decided (guessed from the letters)
	Chances  [len(verdictNames)]float32
	Words    []WordWeight
}

// WordWeight is one normalised word, the ideas the vocabulary read in it, and how much
// the model's chance of any risk falls when the word is left out (negative: it rises).
type WordWeight struct {
	Word  string
	Ideas []string
	Risk  float32
}

// Explain reads text as Assess does and says why. Leaving each word out in turn costs a
// model reading per word, which is fine at a terminal and never done on a live text.
func Explain(text string) Explanation {
	return lex.explain(text, classifier())
}

func (l *lexicon) explain(text string, m *model) Explanation {
	a := l.analyse(text)
	e := Explanation{Verdict: a.rules.Verdict(), Held: a.held}
	for i, fired := range a.fired {
		if fired {
			e.Rules = append(e.Rules, l.rules[i].kind.String()+": "+l.rules[i].terms)
		}
	}
	if len(a.words) == 0 {
		e.Chances[None] = 1
		return e
	}
	lang, p := m.read(l, a)
	e.Language, e.Chances = Languages[lang], p
	if !l.leftToRules(text, a) { // as assess: the same reading judged once, not read again
		e.Verdict = m.combine(a, lang, p).Verdict()
	}
	for i, w := range a.words {
		ww := WordWeight{Word: w}
		for c := range a.tags[i].each() {
			ww.Ideas = append(ww.Ideas, l.names[c])
		}
		rest := strings.Join(append(a.words[:i:i], a.words[i+1:]...), " ")
		without := float32(1)
		if r := l.analyse(rest); len(r.words) > 0 {
			_, q := m.read(l, r)
			without = q[None]
		}
		ww.Risk = without - p[None] // chance of risk with the word, less without it
		e.Words = append(e.Words, ww)
	}
	return e
}

// WriteTo prints the explanation for a reviewer.
func (e Explanation) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "verdict: %s\n", e.Verdict)
	switch {
	case len(e.Rules) > 0:
		fmt.Fprintf(&b, "rules that fired: %s\n", strings.Join(e.Rules, "; "))
	case e.Held:
		b.WriteString("rules: none fired; a \"not\" denied the words of one\n")
	default:
		b.WriteString("rules: none fired\n")
	}
	if e.Language != "" {
		fmt.Fprintf(&b, "model (%s thresholds):", e.Language)
		for _, v := range Verdicts {
			fmt.Fprintf(&b, " %s %.2f", v, e.Chances[v])
		}
		b.WriteString("\nwords, the ideas read in them, and how much each adds to the chance of risk:\n")
	}
	for _, ww := range e.Words {
		fmt.Fprintf(&b, "  %-16s %-40s %+.2f\n", ww.Word, strings.Join(ww.Ideas, " "), ww.Risk)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
