package web

import (
	"log/slog"
	"net/http"
	"time"

	"heard/metrics"

	"github.com/labstack/echo/v4"
)

// AccessLog writes one line per request naming the route ("/:lang/:slug"),
// never the URL, the query or the visitor's address: what a young person
// reads must not be traceable to them, even in our own logs.
// It also counts the request, by the same route, in the metrics. The method
// is one of HTTP's own or OTHER: a client may send any word as its method,
// and words made up by the thousand must not become thousands of series.
func AccessLog(log *slog.Logger, m *metrics.Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = "(none)"
			}
			took := time.Since(start)
			method := knownMethod(c.Request().Method)
			log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("method", method),
				slog.String("route", route),
				slog.Int("status", c.Response().Status),
				slog.Duration("took", took))
			m.Request(route, method, c.Response().Status, took)
			return nil
		}
	}
}

// knownMethod is a request's method as logs and metrics may name it.
func knownMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "OTHER"
}
