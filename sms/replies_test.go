package sms

import (
	"strings"
	"testing"

	"heard/locales"
)

// allReplies fills every SMS message of a language with realistic values,
// numbers and a news post included.
func allReplies(e *Engine, lang string) map[string]string {
	longest := ""
	for _, q := range e.bank.Questions {
		if len([]rune(q.Text[lang])) > len([]rune(longest)) {
			longest = q.Text[lang]
		}
	}
	replies := map[string]string{}
	for _, m := range locales.Messages {
		if strings.HasPrefix(m.ID, "SMS.") {
			replies[m.ID] = e.say(lang, m.ID, "Link", e.link(lang, "help"), "Names", e.langNames[lang], "Question", longest,
				"N", "7", "Total", "7", "Said", "0800 1111 – 12:00–14:00.", "Did", "2 3 4")
		}
	}
	for n := range topics {
		replies["topic "+string(rune('1'+n))] = e.topic(lang, n+1)
	}
	return replies
}

// Romanian is texted without its accents, as young people text it: a single
// ș would send the whole text as UCS-2, costing twice or three times as much.
func TestRomanianRepliesTravelAsGSM7(t *testing.T) {
	e := newEngine(t)
	for id, text := range allReplies(e, "ro") {
		if enc, _ := Segments(text); enc != GSM7 {
			t.Errorf("ro %s: %s: %q", id, enc, text)
		}
	}
	conv := Conversation{Lang: "ro", Greeted: true}
	if r := chat(e, &conv, "PAREREA")[0]; r.Kind != "survey" || !strings.Contains(r.Text, "Iti multumim") {
		t.Errorf("Romanian survey start: %q", r.Text)
	}
}

func TestToGSM7DropsAccentsGSM7Lacks(t *testing.T) {
	cases := map[string]string{
		"Îți mulțumim că ai spus. Ești în siguranță?": "Iti multumim ca ai spus. Esti in siguranta?",
		"ŞŢ şţ ȘȚ șț Ă ă Â â Î î":                     "ST st ST st A a A a I i",
		"„Da” – nu…":                                  `"Da" - nu...`,
		"É é ü à Ç ñ":                                 "É é ü à Ç ñ", // in GSM-7 already
		"اردو":                                        "اردو",        // no plain form: kept
	}
	for in, want := range cases {
		if got := ToGSM7(in); got != want {
			t.Errorf("ToGSM7(%q) = %q, want %q", in, got, want)
		}
	}
}
