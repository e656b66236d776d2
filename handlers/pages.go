package handlers

import (
	"context"
	"net/http"
	"time"

	"heard/content"
	"heard/feedback"
	"heard/locales"
	"heard/store"

	"github.com/labstack/echo/v4"
)

// root sends a visitor to the home page in the best language their browser
// asks for, or English when none of ours is a real match.
func (s *site) root(c echo.Context) error {
	lang := locales.Match(c.Request().Header.Get("Accept-Language"))
	h := c.Response().Header()
	h["Vary"] = []string{"Accept-Language"}
	h["Cache-Control"] = []string{"no-cache"}
	return c.Redirect(http.StatusFound, "/"+lang+"/")
}

// toLanguage sends a short address with no language (a poster's QR code,
// /feedback/YOUTH24) to the page in the visitor's best language. Only a
// well-formed code is carried into the new address.
func (s *site) toLanguage(slug string) echo.HandlerFunc {
	return func(c echo.Context) error {
		lang := locales.Match(c.Request().Header.Get("Accept-Language"))
		to := "/" + lang + "/" + slug
		if code := feedback.NormaliseCode(c.Param("code")); feedback.ValidCode(code) {
			to += "/" + code
		} else if c.Param("code") != "" {
			return echo.ErrNotFound
		}
		h := c.Response().Header()
		h["Vary"] = []string{"Accept-Language"}
		h["Cache-Control"] = []string{"no-cache"}
		return c.Redirect(http.StatusFound, to)
	}
}

// languageHome adds the slash a language's home page lives at.
func (s *site) languageHome(c echo.Context) error {
	lang := c.Param("lang")
	if _, ok := s.pages[lang]; !ok {
		return echo.ErrNotFound
	}
	return c.Redirect(http.StatusMovedPermanently, "/"+lang+"/")
}

// trailingSlash sends /en/help/ to /en/help.
func (s *site) trailingSlash(c echo.Context) error {
	lang, slug := c.Param("lang"), c.Param("slug")
	if s.lookup(lang, slug) == nil {
		return echo.ErrNotFound
	}
	return c.Redirect(http.StatusMovedPermanently, "/"+lang+"/"+slug)
}

// page serves a page from memory.
func (s *site) page(c echo.Context) error {
	slug := c.Param("slug")
	if slug == "" {
		slug = content.Home
	}
	resp := s.lookup(c.Param("lang"), slug)
	if resp == nil {
		return echo.ErrNotFound
	}
	resp.write(c.Response(), c.Request(), http.StatusOK)
	return nil
}

func (s *site) lookup(lang, slug string) *response {
	if resp, ok := s.pages[lang][slug]; ok {
		return resp
	}
	if tp, ok := s.timed[lang][slug]; ok {
		resp, err := tp.variant(s.render, s.now())
		if err == nil {
			return resp
		}
		// Never fail the help page: any rendering made at start-up beats none.
		return tp.any()
	}
	return nil
}

// asset serves CSS, script and icon files by their hashed names.
func (s *site) asset(c echo.Context) error {
	resp, ok := s.assets[c.Param("name")]
	if !ok {
		return echo.ErrNotFound
	}
	resp.write(c.Response(), c.Request(), http.StatusOK)
	return nil
}

// healthz answers while the process runs.
func healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// readyz answers 200 only when the store answers: a load balancer then sends
// SMS traffic only to instances that can keep a conversation.
func readyz(st store.Health) echo.HandlerFunc {
	return func(c echo.Context) error {
		if st == nil {
			return c.String(http.StatusServiceUnavailable, "no store\n")
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), time.Second)
		defer cancel()
		if err := st.Ping(ctx); err != nil {
			return c.String(http.StatusServiceUnavailable, "store not answering\n")
		}
		return c.String(http.StatusOK, "ok\n")
	}
}

// noFavicon answers browsers' request for an icon with nothing: a tab with
// no icon is harder to spot over a young person's shoulder, and an empty
// answer keeps the browser's console free of errors.
func noFavicon(c echo.Context) error {
	c.Response().Header()["Cache-Control"] = []string{cacheAsset}
	return c.NoContent(http.StatusNoContent)
}

// robots lets search engines find the site: young people search for help.
func robots(c echo.Context) error {
	c.Response().Header()["Cache-Control"] = []string{"public, max-age=86400"}
	return c.String(http.StatusOK, "User-agent: *\nAllow: /\n")
}

// any is one of a page's renderings, whichever moment it shows.
func (tp *timedPage) any() *response {
	tp.mu.RLock()
	defer tp.mu.RUnlock()
	for _, v := range tp.variants {
		return v
	}
	return nil
}
