package web

import (
	"net/http"
	"net/url"
)

// SameSite refuses posts from other sites: browsers say where a request
// comes from in Sec-Fetch-Site and Origin, and other sites cannot forge them.
// It is not net/http's CrossOriginProtection, which does the same for
// browsers that send Sec-Fetch-Site but refuses "Origin: null" from those
// that do not (Safari before 16.4): our pages send no referrer, so such a
// browser posts every form of ours with "Origin: null", and a young person
// on an old phone could not send feedback.
func SameSite(req *http.Request, publicURL *url.URL) bool {
	switch req.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := req.Header.Get("Origin")
	if origin == "" || origin == "null" {
		// Our pages send no referrer, so browsers post their forms with
		// "Origin: null"; Sec-Fetch-Site and the signed tokens still guard.
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Host == req.Host || (publicURL != nil && u.Host == publicURL.Host))
}
