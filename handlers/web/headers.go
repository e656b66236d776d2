package web

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// SecureHeaders sets the same protective headers on every response: a strict
// content policy (no inline script or style, nothing from other sites; the
// page may fetch from its own site only, which the feedback form does so
// that its answer replaces the page in history), no framing, no referrer, no
// sniffing, and no camera, microphone or location.
func SecureHeaders(publicURL string) echo.MiddlewareFunc {
	headers := map[string][]string{
		"Content-Security-Policy": {"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
			"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
		"Referrer-Policy":              {"no-referrer"},
		"X-Content-Type-Options":       {"nosniff"},
		"X-Frame-Options":              {"DENY"},
		"Permissions-Policy":           {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
		"Cross-Origin-Opener-Policy":   {"same-origin"},
		"Cross-Origin-Resource-Policy": {"same-origin"},
	}
	if strings.HasPrefix(publicURL, "https://") {
		headers["Strict-Transport-Security"] = []string{"max-age=31536000; includeSubDomains"}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			for k, v := range headers {
				h[k] = v
			}
			return next(c)
		}
	}
}
