package handlers

import (
	"errors"
	"sync"
	"time"

	"heard/content"
	"heard/handlers/web"
	"heard/handlers/workers"
	"heard/locales"
	"heard/static"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

const (
	cacheHTML  = "no-cache" // always revalidate: a page may change with a release
	cacheAsset = "public, max-age=31536000, immutable"
)

// site is every response the public website can give, rendered at start-up.
type site struct {
	render     *web.Renderer
	now        func() time.Time
	pages      map[string]map[string]*web.Response // lang -> slug -> page
	timed      map[string]map[string]*timedPage    // pages showing opening hours
	assets     map[string]*web.Response            // by hashed name
	errorPages *web.ErrorPages
}

// timedPage holds one rendering of a page per opening state of its helplines
// (open, opens today at 08:00, ...): a handful a week, all made at start-up.
type timedPage struct {
	page     *content.Page
	view     *view
	mu       sync.RWMutex
	variants map[string]*web.Response
}

func buildSite(lib *content.Library, bundle *i18n.Bundle, exitURL string, now func() time.Time) (*site, error) {
	s := &site{now: now, pages: map[string]map[string]*web.Response{}, timed: map[string]map[string]*timedPage{},
		assets: map[string]*web.Response{}, errorPages: web.NewErrorPages()}

	files, err := static.Assets()
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, a := range files {
		names[a.Name] = a.Hashed
		s.assets[a.Hashed] = web.NewResponse(a.Type, cacheAsset, a.Body)
	}
	translators := map[string]*locales.Translator{}
	for _, l := range locales.All {
		translators[l.Code] = locales.NewTranslator(bundle, l.Code)
	}
	if s.render, err = web.NewRenderer(lib, translators, names, exitURL, publicPages, workers.Pages); err != nil {
		return nil, err
	}

	// Languages render in parallel: compressing every page is most of the
	// start-up time.
	errs := make([]error, len(locales.All))
	var wg sync.WaitGroup
	for _, lang := range locales.All {
		s.pages[lang.Code], s.timed[lang.Code] = map[string]*web.Response{}, map[string]*timedPage{}
	}
	for i, lang := range locales.All {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.buildLanguage(lib, lang)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

// buildLanguage renders one language's pages and error pages.
func (s *site) buildLanguage(lib *content.Library, lang locales.Language) error {
	for _, page := range lib.Pages(lang.Code) {
		v := s.pageView(lib, lang, page)
		if hasCards(page) {
			tp := &timedPage{page: page, view: v, variants: map[string]*web.Response{}}
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
		body, err := s.render.Render(kind, lang.Code, v)
		if err != nil {
			return err
		}
		s.pages[lang.Code][page.Slug] = web.NewResponse(web.ContentHTML, cacheHTML, body)
	}
	return s.errorPages.Build(s.render, lang)
}

func (s *site) pageView(lib *content.Library, lang locales.Language, page *content.Page) *view {
	v := &view{Lang: lang, Languages: web.LanguageLinks(lang.Code, page.Slug), Title: page.Title,
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
	return &view{Lang: lang, Languages: web.LanguageLinks(lang.Code, "feedback"), Title: s.render.Translator(lang.Code).T(titleID)}
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
func (tp *timedPage) variant(r *web.Renderer, now time.Time) (*web.Response, error) {
	key := statusKey(tp.page, now)
	tp.mu.RLock()
	resp, ok := tp.variants[key]
	tp.mu.RUnlock()
	if ok {
		return resp, nil
	}
	v := *tp.view
	v.Now = now
	body, err := r.Render("page", v.Lang.Code, &v)
	if err != nil {
		return nil, err
	}
	resp = web.NewResponse(web.ContentHTML, cacheHTML, body)
	tp.mu.Lock()
	tp.variants[key] = resp
	tp.mu.Unlock()
	return resp, nil
}
