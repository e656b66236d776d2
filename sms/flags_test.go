package sms

import (
	"regexp"
	"strings"
	"testing"

	"heard/feedback"
	"heard/safety"
)

// flaggedTexts are, per language, a text of each kind of risk. Roman Urdu is answered in
// the conversation's language, English unless the young person chose another.
var flaggedTexts = []struct {
	lang, conv string
	texts      map[safety.Verdict]string
}{
	{"en", "en", map[safety.Verdict]string{
		safety.Danger: "he has a knife and says he will kill me", safety.SelfHarm: "i want to kill myself",
		safety.Disclosure: "my uncle touches me at night", safety.Exploitation: "they make me sell drugs and say i owe them",
		safety.Images: "he is blackmailing me with my nudes",
	}},
	{"pl", "pl", map[safety.Verdict]string{
		safety.Danger: "on ma nóż i mówi że mnie zabije", safety.SelfHarm: "chcę się zabić",
		safety.Disclosure: "wujek mnie dotyka w nocy", safety.Exploitation: "każą mi sprzedawać narkotyki i mówią że mam dług",
		safety.Images: "szantażuje mnie nagimi zdjęciami",
	}},
	{"ro", "ro", map[safety.Verdict]string{
		safety.Danger: "are un cuțit și zice că mă omoară", safety.SelfHarm: "vreau să mă sinucid",
		safety.Disclosure: "unchiul mă atinge noaptea", safety.Exploitation: "mă pun să vând droguri și zic că le datorez",
		safety.Images: "mă șantajează cu poze nud",
	}},
	{"ur", "ur", map[safety.Verdict]string{
		safety.Danger: "اس کے پاس چاقو ہے اور کہتا ہے مجھے مار دے گا", safety.SelfHarm: "میں خودکشی کرنا چاہتی ہوں",
		safety.Disclosure: "چچا رات کو مجھے چھوتے ہیں", safety.Exploitation: "وہ مجھ سے منشیات بکواتے ہیں اور کہتے ہیں قرض ہے",
		safety.Images: "وہ ننگی تصویروں سے مجھے بلیک میل کر رہا ہے",
	}},
	{"ur-Latn", "en", map[safety.Verdict]string{
		safety.Danger: "uske paas chaku hai aur kehta hai mujhe maar dega", safety.SelfHarm: "main khudkushi karna chahti hoon",
		safety.Disclosure: "chacha raat ko mujhe chhoote hain", safety.Exploitation: "woh mujh se drugs bikwate hain aur kehte hain qarz hai",
		safety.Images: "woh nangi pics se mujhe blackmail kar raha hai",
	}},
}

// mustContain is what each reply must carry, from content/helplines.toml.
var mustContain = map[safety.Verdict][]string{
	safety.Danger:       {"999", "0800 1111"},
	safety.SelfHarm:     {"999", "116 123", "85258"},
	safety.Disclosure:   {"0800 1111", "999"},
	safety.Exploitation: {"999", "0800 1111", "https://www.fearless.org/"},
	safety.Images:       {"https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/", "0800 1111", "999"},
}

var firstNumber = regexp.MustCompile(`[0-9][0-9 ]*[0-9]`)

// TestEveryFlagLeadsWithItsHelpInEveryLanguage texts each kind of risk in each language
// (and Roman Urdu) as a new text, as a survey's last comment, and when the store is down,
// and checks the reply names the help for that kind, in the conversation's language.
func TestEveryFlagLeadsWithItsHelpInEveryLanguage(t *testing.T) {
	e := newEngine(t)
	for _, c := range flaggedTexts {
		for v, text := range c.texts {
			name := c.lang + " " + v.String()
			conv := Conversation{Lang: c.conv, Greeted: true}
			_, r := e.Handle(conv, text)
			if r.Flag != v || r.Kind != v.String() {
				t.Errorf("%s: got %s (flag %s)", name, r.Kind, r.Flag)
				continue
			}
			if want := e.say(c.conv, flagReplies[v]); r.Text != want {
				t.Errorf("%s: reply is not this language's %s message: %s", name, flagReplies[v], r.Text)
			}
			for _, want := range mustContain[v] {
				if !strings.Contains(r.Text, want) {
					t.Errorf("%s: reply lacks %s: %s", name, want, r.Text)
				}
			}
			if v == safety.Danger || v == safety.Exploitation {
				if n := firstNumber.FindString(r.Text); n != "999" {
					t.Errorf("%s: the first number is %q, not 999: %s", name, n, r.Text)
				}
			}
			survey := Conversation{Lang: c.conv, Greeted: true, Survey: &Survey{Questions: e.standing.Questions,
				Step: len(e.standing.Questions), Answers: map[string]int{}}}
			if _, r := e.Handle(survey, text); r.Flag != v || r.Feedback == nil || r.Text != e.say(c.conv, flagReplies[v]) {
				t.Errorf("%s: a survey's last comment got %s (flag %s, kept %v)", name, r.Kind, r.Flag, r.Feedback != nil)
			}
			if r := e.Unavailable(text); r.Flag != v || r.Text != e.say("en", flagReplies[v]) {
				t.Errorf("%s: with the store down got %s", name, r.Kind)
			}
		}
	}
}

func TestRomanUrduKeywordsWorkAndKeepTheLanguage(t *testing.T) {
	e := newEngine(t)
	cases := []struct{ conv, text, kind string }{
		{"en", "madad", "help"}, {"en", "MADAD", "help"}, {"ur", "Madad", "help"}, {"pl", "maloomat", "info"},
		{"en", "khabar", "news"}, {"ro", "zuban", "lang"}, {"en", "rai", "survey"},
	}
	for _, c := range cases {
		conv := Conversation{Lang: c.conv, Greeted: true}
		next, r := e.Handle(conv, c.text)
		if r.Kind != c.kind {
			t.Errorf("%q in %s: got %s, want %s", c.text, c.conv, r.Kind, c.kind)
		}
		if next.Lang != c.conv {
			t.Errorf("%q in %s: switched the conversation to %s", c.text, c.conv, next.Lang)
		}
	}
	if _, r := e.Handle(Conversation{Lang: "ur", Greeted: true}, "madad"); r.Text != e.help("ur") {
		t.Errorf("madad in an Urdu conversation: %s", r.Text)
	}
	conv := Conversation{Lang: "en", Greeted: true}
	replies := chat(e, &conv, "rai", "chhoro")
	if replies[1].Kind != "survey" || conv.Survey == nil || conv.Survey.Step != 1 ||
		conv.Survey.Answers[conv.Survey.Questions[0]] != feedback.RatherNotSay {
		t.Errorf("chhoro did not skip the first question: %+v", replies[1])
	}
	if !e.Reserved("MADAD") || !e.Reserved("khabrein") {
		t.Error("Roman Urdu keywords can be taken as round codes")
	}
}

// TestMadadChahiyeIsDanger: a keyword with more words is read for danger first.
func TestMadadChahiyeIsDanger(t *testing.T) {
	e := newEngine(t)
	if _, r := e.Handle(Conversation{Lang: "en", Greeted: true}, "madad chahiye abhi"); r.Flag != safety.Danger {
		t.Errorf("madad chahiye abhi: got %s", r.Kind)
	}
}
