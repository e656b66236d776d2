package localhelp

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"heard/ukphone"
)

// Card is a local service as a young person sees it, below the national
// helplines on the team's round pages, thanks pages and posters. It is a
// team's own entry, not a verified helpline, and a page shows it marked as
// local: the element that holds it carries the attribute PageMark, which
// tells the site's number test that its number was checked by a worker.
type Card struct {
	Name  string
	Phone string // exactly as the team wrote it: the link's text
	Dial  string // what the tel: link holds: digits only (a plus before a +44 number)
	Web   string // the link, exactly as the team wrote it
	Site  string // the web address's host name, as the link's text
	Hours string
	// CheckedOn is the UK day a worker last checked it, to show young
	// people that someone did.
	CheckedOn time.Time
}

// PageMark is the attribute of the element that holds each Card on a page.
const PageMark = "data-local-help"

// Cards are the entries young people may see at now, as cards: only those
// checked within CheckEvery months, in order of name. A number or address
// that no longer passes the checks is left off its card, rather than shown
// unchecked; a card left with neither is not shown.
func Cards(entries []Entry, now time.Time) []Card {
	var cards []Card
	for _, e := range sorted(entries) {
		if !e.ShownAt(now) {
			continue
		}
		c := Card{Name: e.Name, Hours: e.Hours, CheckedOn: e.CheckedOn}
		if n, err := ukphone.Parse(e.Phone); err == nil && n.Callable() {
			c.Phone, c.Dial = e.Phone, n.Dial()
		}
		if u, err := url.Parse(e.Web); err == nil && checkWeb(e.Web) == "" {
			c.Web, c.Site = e.Web, u.Host
		}
		if c.Phone != "" || c.Web != "" {
			cards = append(cards, c)
		}
	}
	return cards
}

// sorted returns the entries in order of name, as a person would look one up.
func sorted(entries []Entry) []Entry {
	return slices.SortedFunc(slices.Values(entries), func(a, b Entry) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.ID, b.ID))
	})
}
