package handlers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"heard/handlers/internal/webtest"
	"heard/locales"
	"heard/locales/bidicheck"
	"heard/localhelp"
	"heard/store"

	"golang.org/x/net/html"
)

// localSite is the public site on a store holding a team's local help, with
// a clock the test moves.
type localSite struct {
	t       *testing.T
	handler http.Handler
	clock   *clock
}

func newLocalSite(t *testing.T, st store.Store, now time.Time) *localSite {
	t.Helper()
	lib, bundle := loadWords(t)
	c := &clock{at: now}
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Store: st, Secret: testSecret, Now: c.now, SMSNumber: "07700 900000"}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	return &localSite{t: t, handler: h, clock: c}
}

func (s *localSite) get(target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

// answer sends a round's form with this comment and returns where it leads.
func (s *localSite) answer(lang, code, comment string) string {
	s.t.Helper()
	path := "/" + lang + "/feedback/" + code
	form := url.Values{"token": {field(s.t, s.get(path).Body.String(), "token")}, "comment": {comment}}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		s.t.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
	}
	return rec.Header().Get("Location")
}

// localCards are the elements of a page that hold local help.
func localCards(doc *html.Node) []*html.Node {
	return all(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && hasAttr(n, localhelp.PageMark) })
}

// before reports whether a comes before b in the page.
func before(doc, a, b *html.Node) bool {
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		switch n {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// link is the first link in n whose href starts so.
func link(n *html.Node, prefix string) *html.Node {
	return first(n, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attr(n, "href"), prefix) })
}

// A team's round shows its fresh local help on the form and the thanks page,
// in every language, marked as local, after the national helplines; the
// standing round shows none; six months after the check it is gone.
func TestATeamsRoundShowsItsLocalHelpBelowTheNationalHelplines(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		checked := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
		team, code := webtest.LocalTeam(t, st, "North", checked, webtest.Clinic, webtest.YouthService)
		s := newLocalSite(t, st, checked.Add(time.Hour))
		bundle, _ := locales.Bundle()
		for _, lang := range langs {
			tr := locales.NewTranslator(bundle, lang)
			thanks := s.answer(lang, code, "they were kind")
			if want := "/" + lang + "/feedback/" + code + "/thanks"; thanks != want {
				t.Errorf("%s: thanked at %q, want %q", lang, thanks, want)
			}
			danger := s.answer(lang, code, "he has a knife and says he will kill me")
			for _, path := range []string{"/" + lang + "/feedback/" + code, thanks, danger} {
				rec := s.get(path)
				body := rec.Body.String()
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: %d", path, rec.Code)
				}
				checkPageFrame(t, path, body, lang)
				doc := parse(t, body)
				cards := localCards(doc)
				if len(cards) != 2 {
					t.Fatalf("%s: %d local cards, want 2", path, len(cards))
				}
				section := first(doc, func(n *html.Node) bool { return attr(n, "class") == "local-help" })
				if section == nil || !strings.Contains(text(section), tr.T("LocalHelpTitle")) || !strings.Contains(text(section), team.Name) {
					t.Errorf("%s: the local help is not marked as local, from %s: %q", path, team.Name, text(section))
				}
				if name := first(section, tag("bdi")); name == nil || text(name) != team.Name {
					t.Errorf("%s: the team's name is not isolated", path)
				}
				// After the help block's 999 and Childline, and after the
				// thanks page's own help when the comment sounded unsafe.
				national := all(doc, func(n *html.Node) bool {
					return n.Data == "a" && (attr(n, "href") == "tel:999" || attr(n, "href") == "tel:08001111")
				})
				if len(national) < 2 {
					t.Fatalf("%s: national helplines missing", path)
				}
				for _, n := range national {
					if !before(doc, n, cards[0]) {
						t.Errorf("%s: a national helpline comes after the local help", path)
					}
				}
				if strings.Contains(path, "help=danger") && len(national) < 4 {
					t.Errorf("%s: the thanks page's help for danger is missing", path)
				}
				clinic, youth := cards[0], cards[1]
				if h := first(clinic, tag("h3")); text(h) != webtest.Clinic.Name || attr(h, "dir") != "auto" {
					t.Errorf("%s: first card %q dir=%q", path, text(h), attr(h, "dir"))
				}
				call := link(clinic, "tel:")
				if call == nil || attr(call, "href") != "tel:01614960000" || text(first(call, tag("span"))) != webtest.Clinic.Phone || attr(first(call, tag("span")), "dir") != "ltr" {
					t.Errorf("%s: the clinic's number is not shown as written: %v", path, call)
				}
				if web := link(clinic, "https:"); web == nil || attr(web, "href") != webtest.Clinic.Web || !strings.Contains(text(web), "clinic.example.org") {
					t.Errorf("%s: the clinic's website: %v", path, web)
				}
				hours := first(youth, func(n *html.Node) bool { return n.Data == "span" && attr(n, "dir") == "auto" })
				if hours == nil || text(hours) != webtest.YouthService.Hours {
					t.Errorf("%s: the youth service's hours are not in their own direction", path)
				}
				if call := link(youth, "tel:"); call == nil || attr(call, "href") != "tel:+447700900123" {
					t.Errorf("%s: the youth service's number: %v", path, call)
				}
				wantChecked := tr.T("LocalHelpChecked", map[string]any{"Day": "14", "Month": "3", "Year": "2026"})
				if got := text(first(clinic, func(n *html.Node) bool { return attr(n, "class") == "checked" })); got != strings.ReplaceAll(wantChecked, locales.LRM, "") && got != locales.NumbersLeftToRight(wantChecked) {
					t.Errorf("%s: checked on %q, want %q", path, got, wantChecked)
				}
			}
			for _, path := range []string{"/" + lang + "/feedback", "/" + lang + "/feedback/thanks"} {
				if n := len(localCards(parse(t, s.get(path).Body.String()))); n != 0 {
					t.Errorf("%s: the standing round shows %d local cards", path, n)
				}
			}
		}
		// Six months to the day after the check, nobody has checked again:
		// the cards are hidden, and the national helplines stay.
		s.clock.set(time.Date(2026, 9, 14, 9, 0, 0, 0, time.UTC))
		for _, path := range []string{"/en/feedback/" + code, "/en/feedback/" + code + "/thanks"} {
			rec := s.get(path)
			if n := len(localCards(parse(t, rec.Body.String()))); rec.Code != http.StatusOK || n != 0 {
				t.Errorf("%s six months on: %d, %d local cards", path, rec.Code, n)
			}
		}
		s.clock.set(time.Date(2026, 9, 13, 9, 0, 0, 0, time.UTC))
		if n := len(localCards(parse(t, s.get("/en/feedback/"+code).Body.String()))); n != 2 {
			t.Errorf("the day before: %d local cards, want 2", n)
		}
	})
}

// unreadableLocalHelp is a real store whose local help does not answer, as
// when Redis times out on that one call.
type unreadableLocalHelp struct{ store.Store }

func (unreadableLocalHelp) LocalHelp(context.Context, string) ([]localhelp.Entry, error) {
	return nil, fmt.Errorf("local help: %w", store.ErrUnavailable)
}

func TestLocalHelpThatCannotBeReadLeavesTheNationalHelplines(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checked := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
	_, code := webtest.LocalTeam(t, st, "North", checked, webtest.Clinic)
	s := newLocalSite(t, unreadableLocalHelp{st}, checked)
	thanks := s.answer("en", code, "he has a knife and says he will kill me")
	for _, path := range []string{"/en/feedback/" + code, thanks} {
		rec := s.get(path)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: %d", path, rec.Code)
		}
		checkPageFrame(t, path, rec.Body.String(), "en")
		if n := len(localCards(parse(t, rec.Body.String()))); n != 0 {
			t.Errorf("%s: %d local cards from a store that failed", path, n)
		}
	}
}

// The Urdu round pages lay out each local card's number, hours and date in
// reading order.
func TestUrduLocalHelpShowsNumbersInReadingOrder(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	checked := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
	_, code := webtest.LocalTeam(t, st, "North", checked, webtest.Clinic, webtest.YouthService)
	s := newLocalSite(t, st, checked)
	checkedParagraphs := 0
	for _, path := range []string{"/ur/feedback/" + code, s.answer("ur", code, "ٹھیک تھا")} {
		doc := parse(t, s.get(path).Body.String())
		if len(localCards(doc)) != 2 {
			t.Fatalf("%s: no local cards", path)
		}
		for _, paragraph := range rtlParagraphs(doc) {
			if strings.Contains(paragraph, "496 0000") || strings.Contains(paragraph, "900123") || strings.Contains(paragraph, "2026") {
				checkedParagraphs++
			}
			bad, err := bidicheck.Misordered(paragraph)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Errorf("%s: %s", path, b)
			}
		}
	}
	if checkedParagraphs < 4 {
		t.Errorf("only %d right-to-left paragraphs with numbers in the local cards", checkedParagraphs)
	}
}

// TestAChangeToLocalHelpShowsOnTheNextForm changes a team's local help
// between two views of its round's form, in every language: the form is
// kept drawn between visitors, and must never show what a worker changed
// or took away, nor give two visitors one token.
func TestAChangeToLocalHelpShowsOnTheNextForm(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		ctx := context.Background()
		checked := time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)
		team, code := webtest.LocalTeam(t, st, "East", checked, webtest.Clinic)
		s := newLocalSite(t, st, checked.Add(time.Hour))
		service := &localhelp.Service{Store: st, Now: func() time.Time { return checked }}
		names := func(lang string) []string {
			t.Helper()
			var got []string
			for _, card := range localCards(parse(t, s.get("/"+lang+"/feedback/"+code).Body.String())) {
				got = append(got, text(first(card, tag("h3"))))
			}
			return got
		}
		check := func(when string, want ...string) {
			t.Helper()
			for _, lang := range langs {
				for range 2 {
					if got := names(lang); strings.Join(got, "|") != strings.Join(want, "|") {
						t.Errorf("%s, %s: local help %q, want %q", when, lang, got, want)
					}
				}
			}
		}
		check("at first", webtest.Clinic.Name)
		listed, err := service.ForTeam(ctx, team.ID)
		if err != nil || len(listed) != 1 {
			t.Fatal(listed, err)
		}
		renamed := webtest.Clinic
		renamed.Name = "Riverside Clinic"
		if _, problems, err := service.Change(ctx, team.ID, listed[0].ID, "amy@example.org", renamed); err != nil || problems != nil {
			t.Fatal(problems, err)
		}
		check("renamed", "Riverside Clinic")
		if _, problems, err := service.Add(ctx, team.ID, "amy@example.org", webtest.YouthService); err != nil || problems != nil {
			t.Fatal(problems, err)
		}
		check("one added", "Riverside Clinic", webtest.YouthService.Name)
		if err := service.Remove(ctx, team.ID, listed[0].ID, "amy@example.org"); err != nil {
			t.Fatal(err)
		}
		check("one removed", webtest.YouthService.Name)

		path := "/en/feedback/" + code
		if a, b := field(t, s.get(path).Body.String(), "token"), field(t, s.get(path).Body.String(), "token"); a == b {
			t.Errorf("two visitors were given one token %q", a)
		}
		if thanks := s.answer("pl", code, "dobrze"); thanks != "/pl/feedback/"+code+"/thanks" {
			t.Errorf("a kept form's token did not send: led to %q", thanks)
		}
	})
}
