package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"heard/feedback"
	"heard/locales"
	"heard/store"

	"github.com/labstack/echo/v4"
)

const (
	maxFeedbackForm   = 256 << 10 // a full form with a long comment is far smaller
	feedbackRateLimit = 60        // responses per address in feedbackWindow: a school shares one
	feedbackWindow    = 10 * time.Minute
	trapField         = "website" // a field people never see; robots fill it in
)

// feedbackForms serves the feedback form and takes its answers.
type feedbackForms struct {
	site      *site
	bank      *feedback.Bank
	store     store.Store
	secret    []byte
	tokens    formTokens
	publicURL *url.URL
	clients   clientAddress
	log       *slog.Logger
}

// formView is what the form template sees: the questions with the answers
// given so far, and what is wrong beside each field.
type formView struct {
	Action, Token               string
	Notice                      string // message ID shown above the form
	Questions                   []questionView
	Service, Age, Area, Comment string
	Problems                    map[string]string // field -> message ID
	Services, AgeBands, Areas   []string
	Scale                       []int
	Fields                      []formField // the fields after the questions, for the problem list
}

type formField struct{ ID, Label string }

var formFields = []formField{{"service", "FeedbackServiceLegend"}, {"age", "FeedbackAgeLegend"},
	{"area", "FeedbackAreaLabel"}, {"comment", "FeedbackCommentLabel"}}

type questionView struct {
	ID, Text, Answer string
}

func (f *feedbackForms) show(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	return f.render(c, http.StatusOK, lang, feedback.Input{}, nil, "")
}

func (f *feedbackForms) submit(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	if f.store == nil {
		return f.render(c, http.StatusServiceUnavailable, lang, feedback.Input{}, nil, "FeedbackTryAgain")
	}
	req := c.Request()
	if !sameSite(req, f.publicURL) {
		return f.render(c, http.StatusForbidden, lang, feedback.Input{}, nil, "FeedbackNotAllowed")
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxFeedbackForm)
	if err := req.ParseForm(); err != nil {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	in := f.input(req.PostForm)
	if req.PostForm.Get(trapField) != "" {
		// A robot: thank it and keep nothing.
		return c.Redirect(http.StatusSeeOther, "/"+lang.Code+"/feedback/thanks")
	}
	now := f.site.now()
	nonce, err := f.tokens.check(req.PostForm.Get("token"), f.purpose(lang.Code), now)
	if err != nil {
		return f.render(c, http.StatusBadRequest, lang, in, nil, "FeedbackExpired")
	}
	resp, problems := f.bank.Check(in, feedback.Standing, "web", lang.Code, now)
	if problems != nil {
		return f.render(c, http.StatusUnprocessableEntity, lang, in, problems, "FeedbackProblems")
	}
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
	defer cancel()
	if count, err := f.store.Hit(ctx, "fb:"+f.addressKey(req), feedbackWindow); err == nil && count > feedbackRateLimit {
		return f.render(c, http.StatusTooManyRequests, lang, in, nil, "FeedbackTooMany")
	}
	claimed, _, err := f.store.ClaimMessage(ctx, "form:"+nonce, formTokenMaxAge+time.Hour)
	if err != nil {
		f.log.Error("feedback: store", "err", err.Error())
		return f.render(c, http.StatusServiceUnavailable, lang, in, nil, "FeedbackTryAgain")
	}
	if claimed {
		if err := f.store.SaveResponse(ctx, resp); err != nil {
			// The token is spent: the page comes back with a fresh one, so
			// sending again stores the answers.
			f.log.Error("feedback: store", "err", err.Error())
			return f.render(c, http.StatusServiceUnavailable, lang, in, nil, "FeedbackTryAgain")
		}
	}
	thanks := "/" + lang.Code + "/feedback/thanks"
	if resp.Flag == "danger" || resp.Flag == "selfharm" || resp.Flag == "disclosure" {
		thanks += "?help=1"
	}
	return c.Redirect(http.StatusSeeOther, thanks)
}

func (f *feedbackForms) thanks(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	v := f.site.baseView(lang, "FeedbackThanksTitle")
	v.Help = c.QueryParam("help") == "1"
	return f.write(c, http.StatusOK, "thanks", v)
}

// addressKey is the only form in which a visitor's address is used: an
// HMAC, kept by the rate counter for minutes, never written anywhere else.
func (f *feedbackForms) addressKey(req *http.Request) string {
	m := hmac.New(sha256.New, f.secret)
	m.Write([]byte("addr|" + f.clients.of(req)))
	return hex.EncodeToString(m.Sum(nil))
}

func (f *feedbackForms) purpose(lang string) string {
	return "feedback|" + lang + "|" + feedback.Standing
}

func (f *feedbackForms) input(form url.Values) feedback.Input {
	in := feedback.Input{Answers: map[string]string{}, Service: form.Get("service"), Age: form.Get("age"),
		Area: form.Get("area"), Comment: form.Get("comment")}
	for name, values := range form {
		if id, ok := strings.CutPrefix(name, "q."); ok && len(values) > 0 {
			in.Answers[id] = values[0]
		}
	}
	return in
}

// render shows the form, keeping what the young person already answered and
// naming each problem beside its field.
func (f *feedbackForms) render(c echo.Context, status int, lang locales.Language, in feedback.Input, problems feedback.Problems, notice string) error {
	v := f.site.baseView(lang, "FeedbackTitle")
	form := &formView{Action: "/" + lang.Code + "/feedback", Token: f.tokens.issue(f.purpose(lang.Code), f.site.now()),
		Notice: notice, Service: in.Service, Age: in.Age, Area: in.Area, Comment: in.Comment, Problems: problems,
		Services: feedback.Services, AgeBands: feedback.AgeBands, Areas: feedback.Areas, Scale: []int{1, 2, 3, 4, 5}, Fields: formFields}
	for _, q := range f.bank.Questions {
		form.Questions = append(form.Questions, questionView{ID: q.ID, Text: q.Text[lang.Code], Answer: in.Answers[q.ID]})
	}
	v.Form = form
	return f.write(c, status, "feedback", v)
}

func (f *feedbackForms) write(c echo.Context, status int, kind string, v *view) error {
	body, err := f.site.render.render(kind, v)
	if err != nil {
		return err
	}
	c.Response().Header()["Cache-Control"] = []string{"no-store"}
	return c.HTMLBlob(status, body)
}
