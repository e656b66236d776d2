package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"heard/locales"

	"github.com/labstack/echo/v4"
)

const cacheError = "no-store"

// ErrorPages are the kind pages every error is answered with, in every
// language, rendered at start-up.
type ErrorPages struct {
	pages map[string]map[string]*Response // lang -> "404"... -> page
}

// errorView is what the error template sees.
type errorView struct {
	Lang               locales.Language
	Languages          []LanguageLink
	Title, Description string
	Unreviewed         bool
	ErrorTitle         string
	ErrorText          string
	LanguageList       bool
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

// NewErrorPages makes room for every language's error pages; Build fills
// each, and languages may be built at once.
func NewErrorPages() *ErrorPages {
	p := &ErrorPages{pages: map[string]map[string]*Response{}}
	for _, lang := range locales.All {
		p.pages[lang.Code] = map[string]*Response{}
	}
	return p
}

// Build renders one language's error pages. Only English error pages list
// the languages: a path under an unknown language gets those.
func (p *ErrorPages) Build(r *Renderer, lang locales.Language) error {
	lists := []bool{false}
	if lang.Code == locales.Default {
		lists = append(lists, true)
	}
	for _, e := range errorKinds {
		for _, list := range lists {
			v := &errorView{Lang: lang, Languages: LanguageLinks(lang.Code, ""), Title: r.translators[lang.Code].T(e.title),
				ErrorTitle: e.title, ErrorText: e.text, LanguageList: list}
			body, err := r.Render("error", lang.Code, v)
			if err != nil {
				return err
			}
			p.pages[lang.Code][errorKey(e.status, list)] = NewResponse(ContentHTML, cacheError, body)
		}
	}
	return nil
}

// Each calls fn with every error page, by language and key, for checks
// that read every page there is.
func (p *ErrorPages) Each(fn func(lang, key string, page *Response)) {
	for lang, pages := range p.pages {
		for key, page := range pages {
			fn(lang, key, page)
		}
	}
}

// Handler answers every error with a page in the visitor's language,
// with the quick exit and the help block: never JSON, never a stack trace.
// A path under an unknown language gets the English page with the list of
// languages, so a mistyped address still leads somewhere.
func (p *ErrorPages) Handler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status := http.StatusInternalServerError
		var he *echo.HTTPError
		if errors.As(err, &he) {
			status = he.Code
		}
		if status >= 500 {
			log.Error("error", "route", c.Path(), "status", status, "err", err.Error())
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(c.Request().URL.Path, "/"), "/")
		lang, known := locales.Default, false
		if _, ok := locales.Lookup(first); ok {
			lang, known = first, true
		}
		page := p.pages[lang][errorKey(pageFor(status), !known)]
		page.Write(c.Response(), c.Request(), status)
	}
}

// pageFor picks which error page explains a status.
func pageFor(status int) int {
	switch {
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return status
	case status >= 500:
		return http.StatusInternalServerError
	default:
		return http.StatusBadRequest
	}
}
