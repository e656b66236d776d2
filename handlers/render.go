package handlers

import (
	"embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"heard/content"
	"heard/handlers/web"
	"heard/locales"
	"heard/safety"
)

//go:embed templates/*.html
var templateFiles embed.FS

// view is what a public page template sees.
type view struct {
	Lang               locales.Language
	Languages          []web.LanguageLink
	Title, Description string
	Unreviewed         bool // say discreetly that no native speaker has checked it
	Page               *content.Page
	Topics             []*content.Page
	Minutes            int            // reading time; 0 hides it
	Now                time.Time      // the moment whose opening hours the page shows
	Form               *formView      // the feedback form
	Help               safety.Verdict // the thanks page leads with help for this: the comment sounded unsafe
	News               *newsView      // "You said, we did"
	Local              *web.LocalHelp // the round's team's local services, below the national helplines
}

// card is a helpline card with the moment it describes.
type card struct {
	*content.Helpline
	Now time.Time
}

// statusLine is what a helpline card says about one contact's hours.
type statusLine struct {
	Open bool
	Text string
}

// publicPages are the young people's pages, in every language.
var publicPages = web.Pages{Files: templateFiles, Kinds: []string{"page", "home", "feedback", "thanks", "news"},
	Shared: []string{"templates/blocks.html"}, Funcs: func(tr *locales.Translator) template.FuncMap {
		return template.FuncMap{
			"card":   func(now time.Time, h *content.Helpline) card { return card{Helpline: h, Now: now} },
			"status": func(now time.Time, c content.Contact) *statusLine { return contactStatus(tr, c, now) },
		}
	}}

// contactStatus says whether a contact is open now and when it is open, in
// UK time. A phone or text contact whose hours are unknown, and any contact
// whose hours cannot be trusted now (marked for re-checking, or checked over
// 12 months ago), sends people to the service's website instead; other
// contacts (websites, email) say nothing.
func contactStatus(tr *locales.Translator, c content.Contact, now time.Time) *statusLine {
	s := c.StatusAt(now)
	switch {
	case !s.Known && (c.Hours != "" || c.Kind == "call" || c.Kind == "text"):
		return &statusLine{Text: tr.T("HoursUnknown")}
	case !s.Known:
		return nil
	case s.Always:
		return &statusLine{Open: true, Text: tr.T("OpenNow") + ": " + tr.T("HoursAlways")}
	}
	state := tr.T("ClosedNow")
	switch {
	case s.Open:
		state = tr.T("OpenUntil", map[string]any{"Time": s.Until})
	case s.Opens != "" && s.Tomorrow:
		state = tr.T("OpensTomorrow", map[string]any{"Time": s.Opens})
	case s.Opens != "":
		state = tr.T("OpensToday", map[string]any{"Time": s.Opens})
	}
	var spans []string
	for _, span := range c.Open.Spans {
		spans = append(spans, tr.T("Days"+strings.ReplaceAll(span.Days, "-", ""))+" "+span.Clock())
	}
	text := state + " " + tr.T("UKTime") + ". " + strings.Join(spans, "; ") + "."
	if tr.RightToLeft() {
		text = locales.NumbersLeftToRight(text) // "09:00–17:00", not "17:00–09:00"
	}
	return &statusLine{Open: s.Open, Text: text}
}

// statusKey names the opening state of every contact on a page at a moment:
// pages whose key is the same look the same.
func statusKey(page *content.Page, now time.Time) string {
	var b strings.Builder
	for _, block := range page.Blocks {
		for _, h := range block.Cards {
			for _, c := range h.Contacts {
				if c.Hours != "" {
					s := c.StatusAt(now)
					fmt.Fprintf(&b, "%t%t%s%s%t|", s.Known, s.Open, s.Until, s.Opens, s.Tomorrow)
				}
			}
		}
	}
	return b.String()
}
