package sms

import (
	"regexp"
	"strings"
	"testing"

	"heard/locales"
	"heard/locales/bidicheck"
)

// sentences splits a reply where a reader pauses: at a line break, and
// after . ? ! and Urdu's ۔ ؟ (WhatsApp's *bold* marks stay with their words).
func sentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		start := 0
		runes := []rune(line)
		for i, r := range runes {
			if strings.ContainsRune(".?!۔؟", r) && (i+1 == len(runes) || runes[i+1] == ' ') {
				out = append(out, strings.TrimSpace(string(runes[start:i+1])))
				start = i + 1
			}
		}
		if rest := strings.TrimSpace(string(runes[start:])); rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// TestEachReplyLeadsWithTheRightHelpInEveryLanguage plays what `heard sms`
// plays, in each language: a text about danger is answered first with 999; about
// self-harm with 999, then Samaritans and Shout; a disclosure with Childline
// (and never "thank you for telling us", since no one reads the texts); and
// words Heard does not understand with 999 and Childline before the menu.
// The same holds on WhatsApp, whose replies are shaped for it.
func TestEachReplyLeadsWithTheRightHelpInEveryLanguage(t *testing.T) {
	for _, channel := range []Channel{SMS, WhatsApp} {
		t.Run(string(channel), func(t *testing.T) { repliesLeadWithHelp(t, newEngine(t).For(channel)) })
	}
}

func repliesLeadWithHelp(t *testing.T, e *Engine) {
	emergency, childline := e.numbers["Emergency"].(string), e.numbers["Childline"].(string)
	samaritans, shout := e.numbers["Samaritans"].(string), e.numbers["Shout"].(string)
	for _, l := range locales.All {
		reply := func(greeted bool, text, kind string) []string {
			conv := Conversation{Lang: l.Code, Greeted: greeted}
			r := chat(e, &conv, text)[0]
			if r.Kind != kind {
				t.Errorf("%s %q: a %s reply, want %s", l.Code, text, r.Kind, kind)
			}
			t.Logf("%s %-10s %s", l.Code, kind, r.Text)
			return sentences(r.Text)
		}

		danger := reply(true, "help hes outside my house and i'm scared", "danger")
		if !strings.Contains(danger[0], emergency) {
			t.Errorf("%s danger reply does not lead with %s: %q", l.Code, emergency, danger[0])
		}

		selfHarm := reply(true, "i want to die", "selfharm")
		if !strings.Contains(selfHarm[0], emergency) || !strings.Contains(selfHarm[1], samaritans) ||
			!strings.Contains(strings.Join(selfHarm[1:3], " "), shout) {
			t.Errorf("%s self-harm reply does not lead with %s, then Samaritans and Shout: %q", l.Code, emergency, selfHarm)
		}

		disclosure := reply(true, "he makes me do stuff with his mates", "disclosure")
		if !strings.Contains(disclosure[0], childline) || !strings.Contains(disclosure[0], "Childline") {
			t.Errorf("%s disclosure reply does not lead with Childline: %q", l.Code, disclosure[0])
		}
		if l.Code == locales.Default && strings.Contains(strings.ToLower(disclosure[0]), "thank") {
			t.Errorf("disclosure reply thanks as if someone read it: %q", disclosure[0])
		}

		for _, unknown := range [][]string{reply(false, "what is this", "welcome"), reply(true, "what is this", "menu")} {
			lead := strings.Join(unknown[:4], " ")
			at999, atChildline := strings.Index(lead, emergency), strings.Index(lead, childline)
			if at999 < 0 || atChildline < at999 {
				t.Errorf("%s reply to words not understood does not lead with %s, then Childline: %q", l.Code, emergency, unknown)
			}
		}
	}
}

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

// Urdu is read right to left: a number's groups would come out in reverse
// ("0800 1111" shown as "1111 0800") unless marked. Each reply is laid out
// by the Unicode Bidirectional Algorithm, and every number must read as
// written.
func TestUrduRepliesKeepNumbersInReadingOrder(t *testing.T) {
	e := newEngine(t)
	numbers := 0
	for id, text := range allReplies(e, "ur") {
		numbers += len(regexp.MustCompile(`\d+`).FindAllString(text, -1))
		bad, err := bidicheck.Misordered(text)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("ur %s: %s", id, b)
		}
	}
	if numbers < 30 {
		t.Errorf("only %d numbers in Urdu replies: the check checked little", numbers)
	}
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

// Urdu keywords are typed in Urdu letters; a young person with an English
// keyboard is told the English ones work too, and they do.
func TestUrduRepliesSayEnglishKeywordsWorkToo(t *testing.T) {
	e := newEngine(t)
	capitals := regexp.MustCompile(`\b[A-Z]{3,}\b`)
	for _, id := range []string{"SMS.Welcome", "SMS.Menu", "SMS.LangSet"} {
		text := e.say("ur", id)
		words := capitals.FindAllString(text, -1)
		if !strings.Contains(text, "HELP") || !strings.Contains(text, "INFO") {
			t.Errorf("ur %s does not mention HELP and INFO: %q", id, text)
		}
		for _, w := range words {
			if _, ok := e.keywords[w]; !ok && !contains(stopWords, w) && w != "SHOUT" {
				t.Errorf("ur %s names %s, which is not a keyword", id, w)
			}
		}
		conv := Conversation{Lang: "ur", Greeted: true}
		if r := chat(e, &conv, "HELP")[0]; conv.Lang != "ur" || !strings.Contains(r.Text, "/ur/help") {
			t.Errorf("HELP in Urdu: %q in %s", r.Text, conv.Lang)
		}
	}
}
