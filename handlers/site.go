package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"heard/content"
	"heard/locales"
	"heard/static"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

const (
	cacheHTML   = "no-cache" // always revalidate: a page may change with a release
	cacheAsset  = "public, max-age=31536000, immutable"
	cacheError  = "no-store"
	contentHTML = "text/html; charset=utf-8"
)

// site is every response the public website can give, rendered at start-up.
type site struct {
	render     *renderer
	now        func() time.Time
	pages      map[string]map[string]*response  // lang -> slug -> page
	timed      map[string]map[string]*timedPage // pages showing opening hours
	assets     map[string]*response             // by hashed name
	errorPages map[string]map[string]*response  // lang -> "404"... -> page
}

// timedPage holds one rendering of a page per opening state of its helplines
// (open, opens today at 08:00, ...): a handful a week, all made at start-up.
type timedPage struct {
	page     *content.Page
	view     *view
	mu       sync.RWMutex
	variants map[string]*response
}

func buildSite(lib *content.Library, bundle *i18n.Bundle, exitURL string, now func() time.Time) (*site, error) {
	s := &site{now: now, pages: map[string]map[string]*response{}, timed: map[string]map[string]*timedPage{},
		assets: map[string]*response{}, errorPages: map[string]map[string]*response{}}

	files, err := static.Assets()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range files {
		names[a.Name] = a.Hashed
		s.assets[a.Hashed] = newResponse(a.Type, cacheAsset, a.Body)
	}
	translators := map[string]*locales.Translator{}
	for _, l := range locales.All {
		translators[l.Code] = locales.NewTranslator(bundle, l.Code)
	}
	if s.render, err = newRenderer(lib, translators, names, exitURL); err != nil {
		return nil, err
	}

	// Languages render in parallel: compressing every page is most of the
	// start-up time.
	errs := make([]error, len(locales.All))
	var wg sync.WaitGroup
	for _, lang := range locales.All {
		s.pages[lang.Code], s.timed[lang.Code] = map[string]*response{}, map[string]*timedPage{}
		s.errorPages[lang.Code] = map[string]*response{}
	}
	for i, lang := range locales.All {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.buildLanguage(lib, lang, translators[lang.Code])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// buildLanguage renders one language's pages and error pages.
func (s *site) buildLanguage(lib *content.Library, lang locales.Language, tr *locales.Translator) error {
	for _, page := range lib.Pages(lang.Code) {
		v := s.pageView(lib, lang, page)
		if hasCards(page) {
			tp := &timedPage{page: page, view: v, variants: map[string]*response{}}
			if err := s.prerenderWeek(tp); err != nil {
				return err
			}
			s.timed[lang.Code][page.Slug] = tp
			continue
		}
		kind := "page"
		if page.Slug == content.Home {
			kind = "home"
		}
		body, err := s.render.render(kind, v)
		if err != nil {
			return err
		}
		s.pages[lang.Code][page.Slug] = newResponse(contentHTML, cacheHTML, body)
	}
	// Only English error pages list the languages: a path under an unknown
	// language gets those.
	lists := []bool{false}
	if lang.Code == locales.Default {
		lists = append(lists, true)
	}
	for _, e := range errorKinds {
		for _, list := range lists {
			v := &view{Lang: lang, Languages: languageLinks(lang.Code, ""), Title: tr.T(e.title),
				ErrorTitle: e.title, ErrorText: e.text, LanguageList: list}
			body, err := s.render.render("error", v)
			if err != nil {
				return err
			}
			s.errorPages[lang.Code][errorKey(e.status, list)] = newResponse(contentHTML, cacheError, body)
		}
	}
	return nil
}

func (s *site) pageView(lib *content.Library, lang locales.Language, page *content.Page) *view {
	v := &view{Lang: lang, Languages: languageLinks(lang.Code, page.Slug), Title: page.Title,
		Description: page.Summary, Page: page, Unreviewed: page.Unreviewed}
	if page.Slug == content.Home {
		v.Topics = lib.Topics(lang.Code)
	} else if page.Order > 0 {
		// Young readers read slowly: about 120 words a minute.
		v.Minutes = max(1, (page.Words+119)/120)
	}
	return v
}

// baseView is what every dynamic page needs: its language, the language
// menu pointing at the same page, and its title.
func (s *site) baseView(lang locales.Language, titleID string) *view {
	return &view{Lang: lang, Languages: languageLinks(lang.Code, "feedback"), Title: s.render.translators[lang.Code].T(titleID)}
}

func languageLinks(current, slug string) []languageLink {
	if slug == content.Home {
		slug = ""
	}
	var links []languageLink
	for _, l := range locales.All {
		links = append(links, languageLink{Code: l.Code, Name: l.Name, Href: "/" + l.Code + "/" + slug, Current: l.Code == current})
	}
	return links
}

func hasCards(page *content.Page) bool {
	for _, b := range page.Blocks {
		if len(b.Cards) > 0 {
			return true
		}
	}
	return false
}

// prerenderWeek renders every opening state a page can show in the coming
// week, in steps of a quarter hour (all opening times fall on those), so
// serving it never renders and never fails. It starts from the site's clock:
// how old each helpline's facts are at that moment decides which hours may
// be shown as live.
func (s *site) prerenderWeek(tp *timedPage) error {
	start := s.now().Truncate(15 * time.Minute)
	for at := start; at.Before(start.AddDate(0, 0, 8)); at = at.Add(15 * time.Minute) {
		if _, err := tp.variant(s.render, at); err != nil {
			return err
		}
	}
	return nil
}

// variant returns the page as it looks at now, rendering it if this opening
// state has not been seen (a change of clocks, say).
func (tp *timedPage) variant(r *renderer, now time.Time) (*response, error) {
	key := statusKey(tp.page, now)
	tp.mu.RLock()
	resp, ok := tp.variants[key]
	tp.mu.RUnlock()
	if ok {
		return resp, nil
	}
	v := *tp.view
	v.Now = now
	body, err := r.render("page", &v)
	if err != nil {
		return nil, err
	}
	resp = newResponse(contentHTML, cacheHTML, body)
	tp.mu.Lock()
	tp.variants[key] = resp
	tp.mu.Unlock()
	return resp, nil
}

type errorKind struct {
	status      int
	title, text string
}

var errorKinds = []errorKind{
	{http.StatusBadRequest, "BadRequestTitle", "BadRequestText"},
	{http.StatusNotFound, "NotFoundTitle", "NotFoundText"},
	{http.StatusMethodNotAllowed, "MethodNotAllowedTitle", "MethodNotAllowedText"},
	{http.StatusInternalServerError, "ServerErrorTitle", "ServerErrorText"},
}

func errorKey(status int, languageList bool) string {
	return fmt.Sprint(status, languageList)
}
