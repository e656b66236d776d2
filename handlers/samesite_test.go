package handlers

import (
	"net/http"
	"net/url"
	"testing"

	"heard/store"
)

// A browser too old to send Sec-Fetch-Site posts our forms with
// "Origin: null" (our pages send no referrer): it is a young person on an
// old phone, and is not refused. One that names another site is.
func TestOldBrowsersPostingOurFormsAreNotRefused(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	f := newFormSite(t, st)
	form := func() url.Values { return url.Values{"token": {f.token("en")}, "q.safe": {"5"}} }
	if rec := f.post("en", form(), "Sec-Fetch-Site", "", "Origin", "null"); rec.Code != http.StatusSeeOther {
		t.Errorf("an old browser's post from our page: %d", rec.Code)
	}
	if rec := f.post("en", form(), "Sec-Fetch-Site", "", "Origin", "https://evil.example"); rec.Code != http.StatusForbidden {
		t.Errorf("an old browser's post from another site: %d", rec.Code)
	}
}
