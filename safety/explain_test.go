package safety

import (
	"fmt"
	"strings"
	"testing"
)

// TestExplainSaysWhichWordsAndRulesMadeTheVerdict: the explanation gives Assess's verdict,
// names the rule that fired, reads the ideas in each word, and shows the word that makes
// the risk adding the most to it, and a "not" taking it away.
func TestExplainSaysWhichWordsAndRulesMadeTheVerdict(t *testing.T) {
	e := Explain("i want to kill myself")
	if e.Verdict != SelfHarm || e.Verdict != Assess("i want to kill myself").Verdict() {
		t.Fatalf("verdict %v, want selfharm as Assess gives", e.Verdict)
	}
	if len(e.Rules) == 0 || !strings.HasPrefix(e.Rules[0], "selfharm: ") {
		t.Errorf("rules %q, want a self-harm rule named", e.Rules)
	}
	if e.Language != "en" || e.Chances[SelfHarm] < 0.5 {
		t.Errorf("language %q, chances %v", e.Language, e.Chances)
	}
	byWord := map[string]WordWeight{}
	for _, w := range e.Words {
		byWord[w.Word] = w
	}
	if kill := byWord["kill"]; !strings.Contains(strings.Join(kill.Ideas, " "), "SELFACT") || kill.Risk <= byWord["to"].Risk {
		t.Errorf("kill: %+v, to: %+v: want kill read as SELFACT and adding more risk than to", kill, byWord["to"])
	}

	denied := Explain("im not suicidal")
	if denied.Verdict != None || !denied.Held || len(denied.Rules) != 0 {
		t.Errorf("im not suicidal: %+v, want none, held back by the not", denied)
	}
	for _, w := range denied.Words {
		if w.Word == "not" && w.Risk >= 0 {
			t.Errorf("not adds %+.2f to the chance of risk, want it to take risk away", w.Risk)
		}
	}
}

// TestExplainTakesAnyInput: any text gets an explanation, with the verdict Assess gives
// (the held-out split's phrases too: Explain judges its own reading rather than reading twice).
func TestExplainTakesAnyInput(t *testing.T) {
	texts := []string{"", "   ", "\xff\xfe", "😂😂😂", strings.Repeat("help me ", 400), "ok", "AUD12345"}
	shown := len(texts) // the held-out phrases after these are named by number, never by their words
	for _, e := range readExampleFile(t, "testdata/heldout.tsv") {
		texts = append(texts, e.Text)
	}
	for i, text := range texts {
		name := fmt.Sprintf("%.20q", text)
		if i >= shown {
			name = fmt.Sprintf("held-out phrase %d", i-shown+1)
		}
		e := Explain(text)
		if got := Assess(text).Verdict(); e.Verdict != got {
			t.Errorf("%s: verdict %v, Assess %v", name, e.Verdict, got)
		}
		var b strings.Builder
		if _, err := e.WriteTo(&b); err != nil || !strings.HasPrefix(b.String(), "verdict: ") {
			t.Errorf("%s: printed %d bytes, %v", name, b.Len(), err)
		}
	}
}
