package content

import (
	"regexp"
	"strings"
	"testing"
)

// Every page but the contact cards reads as one chat message: Markdown
// gone, helplines filled in from helplines.toml, within WhatsApp's 4,096
// characters.
func TestEveryPageHasItsChatText(t *testing.T) {
	lib := load(t)
	markdown := regexp.MustCompile(`\*\*|\]\(|^#|^- |<[a-z/]`)
	for _, lang := range langs {
		for _, p := range lib.Pages(lang) {
			if p.Slug == "help" {
				if p.Chat != "" {
					t.Errorf("%s/help: the contact cards in chat text: %q", lang, p.Chat)
				}
				continue
			}
			for _, line := range strings.Split(p.Chat, "\n") {
				if markdown.MatchString(line) || strings.Contains(line, "{{") {
					t.Errorf("%s/%s: Markdown or a placeholder left: %q", lang, p.Slug, line)
				}
			}
			// A page longer than one WhatsApp message (4,096 characters) is
			// sent as a link instead; the INFO topics must fit (sms tests).
			if p.Chat == "" {
				t.Errorf("%s/%s: no chat text", lang, p.Slug)
			}
		}
	}
	chat := lib.Page("en", "online").Chat
	for _, want := range []string{"*Pressure for pictures*\n\n", "• *Do not pay.* Paying", "text SHOUT to 85258.", "Samaritans on 116 123",
		"Report Remove (https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/)"} {
		if !strings.Contains(chat, want) {
			t.Errorf("en/online lacks %q:\n%s", want, chat)
		}
	}
}

func TestChatTextRefusesWhatAChatCannotShow(t *testing.T) {
	lib := load(t)
	for _, src := range []string{"Call {{call:nobody}}.", "See {{phone:childline}}.", "![a picture](x.png)", "Some `code`.", "<b>html</b>"} {
		if _, err := lib.chatText([]byte(src)); err == nil {
			t.Errorf("%q: want an error", src)
		}
	}
	got, err := lib.chatText([]byte("Read [warning signs](warning-signs), then call {{call:childline}}.\n\n- one\n- *two*\n"))
	if err != nil || got != "Read warning signs, then call 0800 1111.\n\n• one\n• _two_" {
		t.Errorf("got %q, %v", got, err)
	}
}
