package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"heard/locales"

	"github.com/labstack/echo/v4"
)

// handleError answers every error with a page in the visitor's language,
// with the quick exit and the help block: never JSON, never a stack trace.
// A path under an unknown language gets the English page with the list of
// languages, so a mistyped address still leads somewhere.
func (s *site) handleError(log *slog.Logger) echo.HTTPErrorHandler {
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
		page := s.errorPages[lang][errorKey(pageFor(status), !known)]
		page.write(c.Response(), c.Request(), status)
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
