package sms

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"heard/locales"
)

// bold999 is the line that matters, in WhatsApp's bold: a whole line
// between stars that names 999.
var bold999 = regexp.MustCompile(`(?m)^\*[^*\n]*999[^*\n]*\*$`)

// On WhatsApp every reply fits one message, names nothing that works only
// by text message, and puts the 999 line in bold where it has one.
func TestWhatsAppRepliesAreShapedForIt(t *testing.T) {
	sms := newEngine(t)
	e := sms.For(WhatsApp)
	replies := func(e *Engine, lang string) map[string]string {
		return map[string]string{
			"welcome": e.say(lang, "SMS.Welcome"), "help": e.help(lang), "menu": e.say(lang, "SMS.Menu"),
			"rate": e.RateLimited(Conversation{Lang: lang}), "unavailable": e.say(lang, "SMS.Unavailable"),
			"danger": e.say(lang, "SMS.Danger"), "selfharm": e.say(lang, "SMS.SelfHarm"), "disclosure": e.say(lang, "SMS.Disclosure"),
		}
	}
	for _, l := range locales.All {
		replies, bySMS := replies(e, l.Code), replies(sms, l.Code)
		for name, text := range replies {
			switch {
			case strings.Contains(text, "{{") || strings.Contains(text, "<no value>"):
				t.Errorf("%s %s: unfilled field: %q", l.Code, name, text)
			case !bold999.MatchString(text):
				t.Errorf("%s %s: no 999 line in bold: %q", l.Code, name, text)
			case text == bySMS[name]:
				t.Errorf("%s %s: the SMS words on WhatsApp", l.Code, name)
			}
		}
		stop := Conversation{Lang: l.Code}
		_, r := e.Handle(stop, "STOP")
		for name, text := range map[string]string{"welcome": replies["welcome"], "stop": r.Text} {
			if !strings.Contains(text, "STOP") && name == "welcome" || strings.Contains(text, "Text STOP") || text == "" {
				t.Errorf("%s %s: %q", l.Code, name, text)
			}
		}
		if !r.Forget || r.Kind != "stop" {
			t.Errorf("%s: STOP on WhatsApp did not forget: %+v", l.Code, r)
		}
		for n := range topics {
			text := e.topic(l.Code, n+1)
			if strings.Contains(text, publicURL) || utf8.RuneCountInString(text) > WhatsAppLimit || !strings.HasPrefix(text, "*") {
				t.Errorf("%s topic %d: not the whole page: %.80q", l.Code, n+1, text)
			}
		}
	}
	if _, r := sms.Handle(Conversation{}, "STOP"); r.Text != "" {
		t.Errorf("STOP by text got a reply (Twilio confirms it): %q", r.Text)
	}
}

func TestWhatsAppInfoSendsTheWholePage(t *testing.T) {
	e := newEngine(t).For(WhatsApp)
	conv := Conversation{Greeted: true, Lang: "ro"}
	chat(e, &conv, "INFO")
	r := chat(e, &conv, "4")[0]
	page := e.pages["ro"][3]
	if r.Text != page || !strings.Contains(r.Text, "Report Remove (https://") || !strings.Contains(r.Text, "0800 1111") {
		t.Errorf("topic 4 in Romanian on WhatsApp:\n%s", r.Text)
	}
	if r := chat(e, &conv, "LANG")[0]; !strings.Contains(r.Text, "ROMÂNĂ, اردو") {
		t.Errorf("the language menu on WhatsApp names each as it is written: %q", r.Text)
	}
}

// No WhatsApp reply can be sent more than 24 hours after the message it
// answers, so none is kept longer for retries; an SMS reply is kept 48.
func TestRepliesAreKeptForRetriesNoLongerThanTheChannelCanUseThem(t *testing.T) {
	if got := WhatsApp.retryFor(); got > 24*time.Hour {
		t.Errorf("WhatsApp replies kept %v", got)
	}
	if got := SMS.retryFor(); got != RetryWindow {
		t.Errorf("SMS replies kept %v", got)
	}
}
