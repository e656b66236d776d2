package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// A form token proves a feedback form came from our own page, recently,
// without a cookie: the page carries it in a hidden field, signed under the
// service's secret. Its random part lets a second submit of the same form
// be recognised and stored once.
const formTokenMaxAge = 6 * time.Hour // long enough to answer slowly

var (
	errTokenMissing = errors.New("no form token")
	errTokenBad     = errors.New("form token not ours")
	errTokenExpired = errors.New("form token too old")
)

// FormTokens issue and check the tokens of one secret.
type FormTokens struct{ secret []byte }

// NewFormTokens signs tokens under secret.
func NewFormTokens(secret []byte) FormTokens { return FormTokens{secret: secret} }

// Issue makes a token for a purpose, now.
func (f FormTokens) Issue(purpose string, now time.Time) string {
	nonce := make([]byte, 12)
	rand.Read(nonce)
	body := strconv.FormatInt(now.Unix(), 10) + "." + base64.RawURLEncoding.EncodeToString(nonce)
	return body + "." + f.mac(purpose, body)
}

// Check returns the token's random part when the token is ours, for this
// purpose (a form in one language for one round), and recent.
func (f FormTokens) Check(token, purpose string, now time.Time) (string, error) {
	if token == "" {
		return "", errTokenMissing
	}
	body, mac, ok := cutLast(token, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(f.mac(purpose, body))) {
		return "", errTokenBad
	}
	issued, nonce, _ := strings.Cut(body, ".")
	at, err := strconv.ParseInt(issued, 10, 64)
	if err != nil {
		return "", errTokenBad
	}
	if age := now.Sub(time.Unix(at, 0)); age > formTokenMaxAge || age < -time.Minute {
		return "", errTokenExpired
	}
	return nonce, nil
}

func (f FormTokens) mac(purpose, body string) string {
	m := hmac.New(sha256.New, f.secret)
	m.Write([]byte("form|" + purpose + "|" + body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
