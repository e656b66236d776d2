package sms

import (
	"strings"
	"testing"

	"heard/locales"
)

// A picture is never looked at: the reply says so kindly, says not to send
// pictures of yourself, and who can help if someone has one (Report Remove
// and Childline, from helplines.toml), on both channels in every language.
func TestAPictureIsAnsweredKindlyAndNeverLookedAt(t *testing.T) {
	sms := newEngine(t)
	reportRemove := sms.numbers["ReportRemove"].(string)
	for _, e := range []*Engine{sms, sms.For(WhatsApp)} {
		for _, l := range locales.All {
			conv, r := e.Picture(Conversation{Lang: l.Code}, "")
			if r.Kind != "picture" || !conv.Greeted || conv.Lang != l.Code {
				t.Errorf("%s %s: %+v, %+v", e.channel, l.Code, r, conv)
			}
			want := []string{"0800 1111", "Report Remove", publicURL + "/" + l.Code + "/online"}
			if e.channel == WhatsApp {
				want[2] = reportRemove
			}
			for _, w := range want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("%s %s lacks %q: %q", e.channel, l.Code, w, r.Text)
				}
			}
			if enc, n := Segments(r.Text); e.channel == SMS && (n > 4 || l.Code == "en" && (enc != GSM7 || n > 2)) {
				t.Errorf("%s picture: %s, %d texts", l.Code, enc, n)
			}
		}
	}
}

// The words sent with a picture are still read: danger leads, with 999.
func TestWordsWithAPictureAreReadForDanger(t *testing.T) {
	for _, e := range []*Engine{newEngine(t), newEngine(t).For(WhatsApp)} {
		for body, kind := range map[string]string{"he wont let me leave": "danger", "i want to die": "selfharm", "look at this": "picture"} {
			_, r := e.Picture(Conversation{Greeted: true}, body)
			_, alone := e.Picture(Conversation{Greeted: true}, "")
			if r.Kind != kind {
				t.Errorf("%s %q with a picture: kind %q, want %q", e.channel, body, r.Kind, kind)
			}
			if kind != "picture" && (!strings.HasPrefix(r.Text, e.say("en", map[string]string{"danger": "SMS.Danger", "selfharm": "SMS.SelfHarm"}[kind])) ||
				!strings.HasSuffix(r.Text, alone.Text) || strings.Index(r.Text, "999") > strings.Index(r.Text, "Report Remove")) {
				t.Errorf("%s %q with a picture does not lead with 999: %q", e.channel, body, r.Text)
			}
		}
	}
}

// A picture sent in the middle of a survey leaves the survey where it was.
func TestAPictureLeavesTheConversationWhereItWas(t *testing.T) {
	e := newEngine(t)
	conv := Conversation{Greeted: true}
	chat(e, &conv, "SAY", "4")
	next, r := e.Picture(conv, "SKIP")
	if r.Kind != "picture" || next.Survey == nil || next.Survey.Step != 1 || next.Survey.Answers["listened"] != 4 {
		t.Errorf("a picture mid-survey: %+v, survey %+v", r, next.Survey)
	}
}
