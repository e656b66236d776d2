package handlers

import (
	"log/slog"
	"time"

	"heard/metrics"

	"github.com/labstack/echo/v4"
)

// accessLog writes one line per request naming the route ("/:lang/:slug"),
// never the URL, the query or the visitor's address: what a young person
// reads must not be traceable to them, even in our own logs.
// It also counts the request, by the same route, in the metrics.
func accessLog(log *slog.Logger, m *metrics.Metrics) echo.MiddlewareFunc {
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
			log.LogAttrs(c.Request().Context(), slog.LevelInfo, "request",
				slog.String("method", c.Request().Method),
				slog.String("route", route),
				slog.Int("status", c.Response().Status),
				slog.Duration("took", took))
			m.Request(route, c.Request().Method, c.Response().Status, took)
			return nil
		}
	}
}
