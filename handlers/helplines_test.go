package handlers

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/content"
	"heard/locales"

	"golang.org/x/net/html"
)

// clock is a moment a test can move, as the site's Config.Now.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *clock) set(at time.Time) {
	c.mu.Lock()
	c.at = at
	c.mu.Unlock()
}

func at(t *testing.T, rfc3339 string) time.Time {
	t.Helper()
	when, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		t.Fatal(err)
	}
	return when
}

// statusLines returns what each helpline card on a page says about hours.
func statusLines(t *testing.T, body string) []string {
	var lines []string
	for _, n := range all(parse(t, body), func(n *html.Node) bool { return slices.Contains(strings.Fields(attr(n, "class")), "status") }) {
		lines = append(lines, text(n))
	}
	return lines
}

// cardsPage is a page of helpline cards, drawn as the help page draws them.
func cardsPage(t *testing.T, built *site, lib *content.Library, lang string, now time.Time, ids ...string) string {
	t.Helper()
	var cards []*content.Helpline
	for _, id := range ids {
		cards = append(cards, lib.Helpline(id))
	}
	language, _ := locales.Lookup(lang)
	page := &content.Page{Lang: lang, Slug: "cards", Title: "Cards", Blocks: []content.Block{{Cards: cards}}}
	body, err := built.render.Render("page", lang, &view{Lang: language, Page: page, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestHelplineCardsSayWhetherEachLineIsOpenInUKTime(t *testing.T) {
	built := buildTestSite(t)
	lib, _ := loadWords(t)
	// Help at Hand: Monday to Friday, 9am to 5pm.
	cases := []struct{ at, want string }{
		{"2026-11-29T20:00:00Z", "Closed now. Opens tomorrow at 09:00 (UK time). Monday to Friday 09:00–17:00."}, // Sunday evening
		{"2026-11-30T10:00:00Z", "Open now, until 17:00 (UK time). Monday to Friday 09:00–17:00."},               // Monday morning
		{"2026-12-04T17:00:00Z", "Closed now (UK time). Monday to Friday 09:00–17:00."},                          // Friday 5pm: opens Monday
		{"2026-12-05T12:00:00Z", "Closed now (UK time). Monday to Friday 09:00–17:00."},                          // Saturday
		{"2027-07-05T07:30:00Z", "Closed now. Opens today at 09:00 (UK time). Monday to Friday 09:00–17:00."},    // Monday 08:30 BST
	}
	for _, c := range cases {
		lines := statusLines(t, cardsPage(t, built, lib, "en", at(t, c.at), "help-at-hand", "childline"))
		if len(lines) != 2 || lines[0] != c.want || lines[1] != "Open now: 24 hours, every day" {
			t.Errorf("at %s: %q, want %q then Childline open", c.at, lines, c.want)
		}
	}
}

// The facts say NSPCC's published hours may be dated: they must never show
// as open or closed now, whatever the moment.
func TestHoursMarkedForRecheckNeverShowAsLive(t *testing.T) {
	built := buildTestSite(t)
	lib, _ := loadWords(t)
	for _, when := range []string{"2026-11-30T10:00:00Z", "2026-11-29T23:00:00Z", "2026-12-05T12:00:00Z"} {
		for _, lang := range langs {
			lines := statusLines(t, cardsPage(t, built, lib, lang, at(t, when), "nspcc"))
			want := built.render.Translator(lang).T("HoursUnknown")
			if len(lines) != 1 || lines[0] != want {
				t.Errorf("%s at %s: NSPCC says %q, want %q", lang, when, lines, want)
			}
		}
	}
}

// Every live line on every page turns into "check their website" once the
// facts behind it are over 12 months old: the site's own clock moves, not
// the test's sleep.
func TestLiveHoursTurnIntoCheckTheirWebsiteAfterTwelveMonths(t *testing.T) {
	c := &clock{at: at(t, "2026-11-30T10:00:00Z")}
	s := newTestSite(t, Config{Now: c.now})
	bundle, _ := locales.Bundle()
	for _, lang := range langs {
		tr := locales.NewTranslator(bundle, lang)
		unknown, open := tr.T("HoursUnknown"), tr.T("OpenNow")
		c.set(at(t, "2026-11-30T10:00:00Z"))
		before := statusLines(t, s.get("/"+lang+"/help").Body.String())
		live := 0
		for _, line := range before {
			if strings.HasPrefix(line, open) {
				live++
			}
		}
		if live < 5 {
			t.Errorf("%s/help today: only %d lines open now: %q", lang, live, before)
		}
		c.set(at(t, "2027-12-30T10:00:00Z")) // 13 months on
		after := statusLines(t, s.get("/"+lang+"/help").Body.String())
		if len(after) != len(before) {
			t.Errorf("%s/help: %d status lines, then %d", lang, len(before), len(after))
		}
		for _, line := range after {
			if line != unknown {
				t.Errorf("%s/help 13 months on: %q, want %q", lang, line, unknown)
			}
		}
	}
}

// The 999 card must not let a child in hiding rely on texting 999 (only for
// deaf and speech-impaired people who registered first), and tells them what
// they can do instead: the Silent Solution. Fearless's card says an
// anonymous report cannot bring help to you, and whose name answers the phone.
func TestHelpCardsSayWhatEachServiceCanReallyDo(t *testing.T) {
	s := newTestSite(t, Config{})
	card := func(doc *html.Node, heading string) string {
		for _, li := range all(doc, func(n *html.Node) bool { return attr(n, "class") == "card" }) {
			if h := first(li, tag("h3")); h != nil && text(h) == heading {
				return text(li)
			}
		}
		return ""
	}
	for _, lang := range langs {
		doc := parse(t, s.get("/"+lang+"/help").Body.String())
		emergency, fearless := card(doc, "999"), card(doc, "Fearless")
		if !strings.Contains(emergency, "55") || strings.Count(emergency, "999") < 3 {
			t.Errorf("%s: the 999 card lacks the Silent Solution: %q", lang, emergency)
		}
		if !strings.Contains(fearless, "Crimestoppers") {
			t.Errorf("%s: the Fearless card does not say the phone answers as Crimestoppers: %q", lang, fearless)
		}
		if lang == "en" {
			for _, want := range []string{"press 55", "does not tell them where you are", "Deaf or speech-impaired? Register first"} {
				if !strings.Contains(emergency, want) {
					t.Errorf("the 999 card lacks %q: %q", want, emergency)
				}
			}
			if !strings.Contains(fearless, "can't send help to you") {
				t.Errorf("the Fearless card does not say it cannot send help: %q", fearless)
			}
			footer := text(first(doc, tag("footer")))
			if strings.Contains(footer, "You are not in trouble") || !strings.Contains(footer, "not be in trouble for telling") {
				t.Errorf("footer: %q", footer)
			}
		}
	}
}
