package handlers

import (
	"strings"
	"testing"

	"heard/locales/bidicheck"
	"heard/store"

	"golang.org/x/net/html"
)

// blockTags start a paragraph of their own, for the bidi algorithm.
var blockTags = map[string]bool{"p": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "td": true, "th": true, "caption": true, "legend": true, "label": true,
	"summary": true, "dt": true, "dd": true, "div": true, "fieldset": true, "form": true, "main": true, "aside": true,
	"header": true, "footer": true, "nav": true, "section": true, "article": true, "body": true, "html": true, "title": true, "option": true}

// rtlParagraphs returns the text of each right-to-left paragraph of a page as
// a browser lays it out: an element with a dir attribute is an isolate
// (HTML's rule), so its text is wrapped in LRI or RLI ... PDI.
func rtlParagraphs(doc *html.Node) []string {
	var paragraphs []string
	var b strings.Builder
	flush := func(dir string) {
		if text := strings.Join(strings.Fields(b.String()), " "); dir == "rtl" && strings.ContainsAny(text, "0123456789۰۱۲۳۴۵۶۷۸۹") {
			paragraphs = append(paragraphs, text)
		}
		b.Reset()
	}
	var walk func(n *html.Node, dir string)
	walk = func(n *html.Node, dir string) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		}
		isolate := ""
		if n.Type == html.ElementNode {
			if d := attr(n, "dir"); d != "" {
				if blockTags[n.Data] {
					flush(dir)
					dir = d
				} else {
					isolate = map[string]string{"ltr": "\u2066", "rtl": "\u2067", "auto": "\u2068"}[d]
				}
			}
			if blockTags[n.Data] {
				flush(dir)
			}
		}
		if isolate != "" {
			b.WriteString(isolate)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, dir)
		}
		if isolate != "" {
			b.WriteString("\u2069")
		}
		if n.Type == html.ElementNode && blockTags[n.Data] {
			flush(dir)
		}
	}
	walk(doc, "ltr")
	return paragraphs
}

// TestUrduPagesShowNumbersInReadingOrder lays out every right-to-left
// paragraph of every Urdu page (every opening-hours state, each helpline's
// card, the feedback form with its text number) with the Unicode
// Bidirectional Algorithm, and checks each number reads as written: a time
// range "09:00–17:00" shown as "17:00–09:00", or a number's groups swapped,
// sends a young person to the wrong place or time.
func TestUrduPagesShowNumbersInReadingOrder(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newTestSite(t, Config{Store: st, Secret: testSecret, SMSNumber: "07700 900000"})
	bodies := map[string]string{"/ur/feedback": s.get("/ur/feedback").Body.String()}
	for _, path := range s.paths() {
		if strings.HasPrefix(path, "/ur/") {
			bodies[path] = s.get(path).Body.String()
		}
	}
	built := buildTestSite(t)
	for slug, tp := range built.timed["ur"] {
		for key, v := range tp.variants {
			bodies["/ur/"+slug+" at "+key] = string(v.Body())
		}
	}
	var ids []string
	for _, h := range s.lib.Helplines {
		ids = append(ids, h.ID)
	}
	for _, when := range []string{"2026-11-30T10:00:00Z", "2026-11-29T20:00:00Z", "2026-12-05T12:00:00Z"} {
		bodies["every card at "+when] = cardsPage(t, built, s.lib, "ur", at(t, when), ids...)
	}
	checked := 0
	for name, body := range bodies {
		for _, paragraph := range rtlParagraphs(parse(t, body)) {
			checked++
			bad, err := bidicheck.Misordered(paragraph)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Errorf("%s: %s", name, b)
			}
		}
	}
	if !strings.Contains(bodies["/ur/feedback"], "900000") || checked < 50 {
		t.Errorf("checked %d paragraphs; the form shows the text number: %t", checked, strings.Contains(bodies["/ur/feedback"], "900000"))
	}
	t.Logf("%d pages, %d right-to-left paragraphs with numbers checked", len(bodies), checked)
}
