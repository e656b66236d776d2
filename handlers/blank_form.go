package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"reflect"
	"sync"

	"heard/feedback"
	"heard/handlers/web"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// blankForms are the empty feedback forms as drawn, one per language and
// round, cut where the token goes: drawing the form for every visitor was
// a third of the bytes allocated under mixed load. A kept form is the page
// only while the round and its team's local help are what it was drawn
// from, and both change (a worker edits the local help, a card grows too
// old to show), so every request reads them as before and compares: any
// difference draws the form again.
type blankForms struct {
	mu    sync.RWMutex
	forms map[string]*blankForm // "en|GENERAL"
}

type blankForm struct {
	round      feedback.Round
	local      *web.LocalHelp
	head, tail []byte // the page before its token and after it
}

// tokenMark stands in for the token while a blank form is drawn: a token
// is digits, a dot and base64url (web.FormTokens), which the template
// writes as they are, and so is this.
const tokenMark = "blank-form-token-mark"

const maxBlankForms = 256

// blank sends a round's empty form with a new token.
func (f *feedbackForms) blank(c echo.Context, lang locales.Language, round feedback.Round) error {
	local := f.local.ForRound(c.Request().Context(), round)
	form, err := f.blanks.get(lang.Code+"|"+round.Code, round, local, func() ([]byte, error) {
		return f.draw(lang, round, feedback.Input{}, nil, "", tokenMark, local)
	})
	if err != nil {
		return err
	}
	token := f.tokens.Issue(f.purpose(lang.Code, round.Code), f.site.now())
	body := make([]byte, 0, len(form.head)+len(token)+len(form.tail))
	body = append(append(append(body, form.head...), token...), form.tail...)
	web.SendPage(c.Response(), c.Request(), http.StatusOK, body)
	return nil
}

// get returns the form kept under key if it was drawn from this round and
// local help, or draws and keeps it.
func (b *blankForms) get(key string, round feedback.Round, local *web.LocalHelp, draw func() ([]byte, error)) (*blankForm, error) {
	b.mu.RLock()
	form := b.forms[key]
	b.mu.RUnlock()
	if form != nil && reflect.DeepEqual(form.round, round) && reflect.DeepEqual(form.local, local) {
		return form, nil
	}
	page, err := draw()
	if err != nil {
		return nil, err
	}
	head, tail, ok := bytes.Cut(page, []byte(tokenMark))
	if !ok || bytes.Contains(tail, []byte(tokenMark)) {
		return nil, fmt.Errorf("blank form %s: the token's mark is not in the page once", key)
	}
	form = &blankForm{round: round, local: local, head: head, tail: tail}
	b.mu.Lock()
	// Rounds that closed leave their forms behind; a few hundred forms
	// are a few megabytes, so past that start again.
	if b.forms == nil || len(b.forms) >= maxBlankForms {
		b.forms = map[string]*blankForm{}
	}
	b.forms[key] = form
	b.mu.Unlock()
	return form, nil
}
