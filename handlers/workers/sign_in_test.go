package workers_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"heard/accounts"
	"heard/store"
)

// signInFrom posts the sign-in form as a browser at address would.
func (w *workerSite) signInFrom(address, email, password string) *httptest.ResponseRecorder {
	w.t.Helper()
	csrf := field(w.t, w.do("GET", "/workers/sign-in", nil, "").Body.String(), "csrf")
	req := httptest.NewRequest("POST", "/workers/sign-in", strings.NewReader(url.Values{"csrf": {csrf}, "email": {email}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = net.JoinHostPort(address, "40000")
	return w.serve(req)
}

// Only wrong passwords count towards a lock-out, and a right one clears
// them: a worker who signs in often is never locked out for it.
func TestSignInLockOutCountsOnlyWrongPasswordsAndARightOneClearsThem(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		// An account of this run's own (tests share one Redis), signing in
		// from many addresses, as from a team's phones and laptops: the
		// address's own limit is another test's.
		email := strings.ToLower(rand.Text()) + "@example.org"
		hash, err := accounts.HashPassword(workerPassword)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PutUser(context.Background(), accounts.User{Email: email, Role: accounts.RoleWorker, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		signIn := func(email, password string) *httptest.ResponseRecorder {
			var b [4]byte
			rand.Read(b[:])
			return w.signInFrom(fmt.Sprintf("2001:db8:%x:%x::1", b[:2], b[2:]), email, password)
		}
		for i := range signInLimit + 3 {
			if rec := signIn(email, workerPassword); rec.Code != http.StatusSeeOther {
				t.Fatalf("right password %d in a row: %d", i+1, rec.Code)
			}
		}
		for round := range 3 {
			for i := range signInLimit - 1 {
				if rec := signIn(email, "a wrong password"); rec.Code != http.StatusUnauthorized {
					t.Fatalf("round %d, wrong password %d: %d", round, i+1, rec.Code)
				}
			}
			if rec := signIn(email, workerPassword); rec.Code != http.StatusSeeOther {
				t.Fatalf("round %d: the right password after %d wrong ones got %d", round, signInLimit-1, rec.Code)
			}
		}
		for range signInLimit {
			signIn(email, "a wrong password")
		}
		if rec := signIn(email, workerPassword); rec.Code != http.StatusTooManyRequests {
			t.Errorf("after %d wrong passwords the right one got %d, want a lock-out", signInLimit, rec.Code)
		}
		// An admin's unlock clears the same count.
		if err := st.ClearHits(context.Background(), accounts.LockoutKey(strings.ToUpper(email))); err != nil {
			t.Fatal(err)
		}
		if rec := signIn(email, workerPassword); rec.Code != http.StatusSeeOther {
			t.Errorf("after an unlock: %d", rec.Code)
		}
	})
}

// One address may try only so many sign-ins, whichever accounts it names,
// and is stopped before any password is checked or any account's count is
// touched: it cannot lock out a worker signing in from elsewhere.
func TestSignInsFromOneAddressAreLimitedBeforeAnyAccountIsTouched(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	for i := range signInAddressLimit {
		if rec := w.signInFrom("2001:db8:7:7::1", strings.ToLower(rand.Text())+"@example.org", "a wrong password"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("sign-in %d from one address: %d", i+1, rec.Code)
		}
	}
	// Another address in the same /64 is the same subscriber.
	for range signInLimit + 1 {
		rec := w.signInFrom("2001:db8:7:7:ffff::2", "amy@example.org", "a wrong password")
		if rec.Code != http.StatusTooManyRequests || !strings.Contains(rec.Body.String(), "Too many sign-ins from here") {
			t.Fatalf("past the address's limit: %d", rec.Code)
		}
	}
	if rec := w.signInFrom("2001:db8:7:8::1", "amy@example.org", workerPassword); rec.Code != http.StatusSeeOther {
		t.Errorf("Amy, from another address, after the limited one named her: %d", rec.Code)
	}
}

// Sign-in takes only the small form it shows: no other kind of body, no
// big one, no password longer than any account can have; each is refused
// with the sign-in page, before a password is checked, and nothing is
// written to disk.
func TestSignInTakesOnlyItsOwnSmallForm(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where a multipart body's files would be spooled
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	csrf := field(t, w.do("GET", "/workers/sign-in", nil, "").Body.String(), "csrf")
	post := func(contentType string, body io.Reader) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/workers/sign-in", body)
		req.Header.Set("Content-Type", contentType)
		return w.serve(req)
	}
	var multi bytes.Buffer
	mw := multipart.NewWriter(&multi)
	mw.WriteField("csrf", csrf)
	mw.WriteField("email", "amy@example.org")
	mw.WriteField("password", workerPassword)
	part, _ := mw.CreateFormFile("upload", "big.bin")
	part.Write(bytes.Repeat([]byte("x"), 1<<20))
	mw.Close()
	// A part bigger than the 32 MB multipart keeps in memory is spooled to a file.
	bigMulti := io.MultiReader(bytes.NewReader(multi.Bytes()[:multi.Len()-len(mw.Boundary())-8]),
		io.LimitReader(neverEnding('x'), 40<<20), strings.NewReader("\r\n--"+mw.Boundary()+"--\r\n"))
	good := url.Values{"csrf": {csrf}, "email": {"amy@example.org"}, "password": {workerPassword}}
	for _, c := range []struct {
		name, contentType string
		body              io.Reader
		want              int
	}{
		{"multipart", mw.FormDataContentType(), bytes.NewReader(multi.Bytes()), http.StatusUnsupportedMediaType},
		{"a 40 MB multipart part", mw.FormDataContentType(), bigMulti, http.StatusUnsupportedMediaType},
		{"JSON", "application/json", strings.NewReader(`{"email":"amy@example.org"}`), http.StatusUnsupportedMediaType},
		{"no type", "", strings.NewReader(good.Encode()), http.StatusUnsupportedMediaType},
		{"a 9 KB form", "application/x-www-form-urlencoded", strings.NewReader(good.Encode() + "&pad=" + strings.Repeat("a", maxSignInForm)), http.StatusRequestEntityTooLarge},
		{"a 1,025-byte password", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"csrf": {csrf}, "email": {"amy@example.org"},
			"password": {strings.Repeat("p", accounts.MaxPasswordBytes+1)}}.Encode()), http.StatusBadRequest},
	} {
		rec := post(c.contentType, c.body)
		if rec.Code != c.want || !strings.Contains(rec.Body.String(), `name="password"`) {
			t.Errorf("%s: %d, want %d with the sign-in page", c.name, rec.Code, c.want)
		}
	}
	if files, _ := os.ReadDir(tmp); len(files) > 0 {
		t.Errorf("a sign-in wrote %d files to disk (%s)", len(files), files[0].Name())
	}
	// None of these was a wrong password for Amy.
	if n, _ := st.Hit(context.Background(), accounts.LockoutKey("amy@example.org"), signInWindow); n != 1 {
		t.Errorf("refused forms counted %d tries against the account", n-1)
	}
	if rec := post("application/x-www-form-urlencoded; charset=utf-8", strings.NewReader(good.Encode())); rec.Code != http.StatusSeeOther {
		t.Errorf("the real form: %d", rec.Code)
	}
}

// neverEnding is an endless reader of one byte.
type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}
