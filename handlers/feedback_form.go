package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"heard/feedback"
	"heard/handlers/web"
	"heard/locales"
	"heard/metrics"
	"heard/safety"
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
	standing  feedback.Round // made once: every /feedback request asks it
	store     store.Feedback // responses, and the rounds they answer
	tokens    web.FormTokens
	publicURL *url.URL
	limit     *web.AddressLimit // responses per address
	smsNumber string            // the number young people text, when there is one
	news      *newsCache
	local     *web.LocalHelpFinder // the round's team's local help, below the national helplines
	blanks    blankForms
	log       *slog.Logger
	metrics   *metrics.Metrics
}

// formView is what the form template sees: the questions with the answers
// given so far, and what is wrong beside each field.
type formView struct {
	Action, Token string
	Closed        bool   // the round takes no answers now: no form, a way on
	TextUs        string // "text SAY to ..." when there is a number
	Notice        string // message ID shown above the form
	Questions     []questionView
	Area, Comment string
	Problems      map[string]string // field -> message ID
	Groups        []choiceGroup     // service and age, as radio groups
	Areas         []string
	Scale         []int
	Fields        []formField // the fields after the questions, for the problem list
}

type formField struct{ ID, Label string }

// choiceGroup is one "pick one" question about who answers: its field,
// legend, the message prefix of its choices' words, and the choice kept.
type choiceGroup struct {
	Name, Legend, Words, Chosen string
	Choices                     []string
}

var formFields = []formField{{"service", "FeedbackServiceLegend"}, {"age", "FeedbackAgeLegend"},
	{"area", "FeedbackAreaLabel"}, {"comment", "FeedbackCommentLabel"}}

type questionView struct {
	ID, Text, Answer string
	English          bool // a worker's own question, not yet in this language
}

// round finds the round a form belongs to: the standing round at
// /{lang}/feedback, a worker's at /{lang}/feedback/{CODE}. When it cannot,
// it says why as a status and a message for the young person.
func (f *feedbackForms) round(c echo.Context) (feedback.Round, int, string) {
	code := c.Param("code")
	if code == "" {
		return f.standing, http.StatusOK, ""
	}
	code = feedback.NormaliseCode(code)
	if !feedback.ValidCode(code) {
		return feedback.Round{}, http.StatusNotFound, "FeedbackRoundUnknown"
	}
	if f.store == nil {
		return feedback.Round{}, http.StatusServiceUnavailable, "FeedbackRoundUnavailable"
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	r, found, err := f.store.GetRound(ctx, code)
	switch {
	case err != nil:
		f.log.Error("feedback: store", "err", err.Error())
		return feedback.Round{}, http.StatusServiceUnavailable, "FeedbackRoundUnavailable"
	case !found:
		return feedback.Round{}, http.StatusNotFound, "FeedbackRoundUnknown"
	case !r.Takes("web", f.site.now()):
		return r, http.StatusGone, "FeedbackRoundClosed"
	}
	return r, http.StatusOK, ""
}

func (f *feedbackForms) show(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	if f.canonicalRound(c) {
		return c.Redirect(http.StatusMovedPermanently, "/"+lang.Code+"/feedback/"+feedback.NormaliseCode(c.Param("code")))
	}
	round, status, problem := f.round(c)
	if problem != "" {
		return f.closed(c, status, lang, problem)
	}
	return f.blank(c, lang, round)
}

// closed is the page for a round that cannot take answers: why, in plain
// words, and the way to the standing round, which always can.
func (f *feedbackForms) closed(c echo.Context, status int, lang locales.Language, notice string) error {
	v := f.site.baseView(lang, "FeedbackTitle")
	v.Form = &formView{Closed: true, Notice: notice}
	return f.write(c, status, "feedback", v)
}

// canonicalRound sends a code typed in small letters to its page.
func (f *feedbackForms) canonicalRound(c echo.Context) bool {
	code := c.Param("code")
	return code != "" && code != feedback.NormaliseCode(code) && feedback.ValidCode(feedback.NormaliseCode(code))
}

func (f *feedbackForms) submit(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	if f.store == nil {
		return f.closed(c, http.StatusServiceUnavailable, lang, "FeedbackTryAgain")
	}
	round, status, problem := f.round(c)
	if problem != "" {
		return f.closed(c, status, lang, problem)
	}
	req := c.Request()
	if !web.SameSite(req, f.publicURL) {
		return f.render(c, http.StatusForbidden, lang, round, feedback.Input{}, nil, "FeedbackNotAllowed")
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxFeedbackForm)
	if err := req.ParseForm(); err != nil {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
	}
	form := req.PostForm
	if slices.ContainsFunc(form[trapField], func(v string) bool { return v != "" }) {
		// A robot: thank it and keep nothing.
		return c.Redirect(http.StatusSeeOther, f.thanksPath(lang, round))
	}
	in := f.input(form)
	// Our form sends one value of each field; two are not read by the first.
	repeated := web.Repeated(form, trapField)
	now := f.site.now()
	nonce, err := f.tokens.Check(form.Get("token"), f.purpose(lang.Code, round.Code), now)
	if err != nil || slices.Contains(repeated, "token") {
		return f.render(c, http.StatusBadRequest, lang, round, in, nil, "FeedbackExpired")
	}
	resp, problems := feedback.Check(round.Form(f.bank), in, round.Code, "web", lang.Code, now)
	for _, name := range repeated {
		if problems == nil {
			problems = feedback.Problems{}
		}
		problems[name] = "FeedbackSentTwice"
	}
	if problems != nil {
		return f.render(c, http.StatusUnprocessableEntity, lang, round, in, problems, "FeedbackProblems")
	}
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
	defer cancel()
	// A store that cannot count fails open: better a missed limit than lost feedback.
	if ok, err := f.limit.Allow(ctx, req); err == nil && !ok {
		return f.render(c, http.StatusTooManyRequests, lang, round, in, nil, "FeedbackTooMany")
	}
	// The token's nonce names the response, so the same form sent twice is
	// kept once. When saving fails, the page comes back with the same token:
	// sending again cannot count twice, even if the first try was kept after all.
	resp.ID = nonce
	if err := f.store.SaveResponse(ctx, resp); err != nil {
		f.log.Error("feedback: store", "err", err.Error())
		return f.renderToken(c, http.StatusServiceUnavailable, lang, round, in, nil, "FeedbackTryAgain", form.Get("token"))
	}
	f.metrics.Response("web")
	if resp.Flag != "" {
		f.metrics.Flag(resp.Flag, "web")
	}
	thanks := f.thanksPath(lang, round)
	if v, ok := safety.ParseVerdict(resp.Flag); ok && v != safety.None {
		thanks += "?help=" + v.String()
	}
	return c.Redirect(http.StatusSeeOther, thanks)
}

func (f *feedbackForms) thanks(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	v := f.site.baseView(lang, "FeedbackThanksTitle")
	v.Help, _ = safety.ParseVerdict(c.QueryParam("help"))
	if code := c.Param("code"); code != "" {
		// Whatever the round, the young person is thanked: its local help
		// is shown when it can be found.
		if round, status, _ := f.round(c); status != http.StatusNotFound {
			v.Local = f.local.ForRound(c.Request().Context(), round)
		}
	}
	return f.write(c, http.StatusOK, "thanks", v)
}

// thanksPath is the thanks page after a round's form: a team's round has
// its own, which shows the team's local help.
func (f *feedbackForms) thanksPath(lang locales.Language, round feedback.Round) string {
	if round.Code == feedback.Standing {
		return "/" + lang.Code + "/feedback/thanks"
	}
	return "/" + lang.Code + "/feedback/" + round.Code + "/thanks"
}

// purpose ties a form's token to its language and round, so a token from
// one form cannot send another.
func (f *feedbackForms) purpose(lang, round string) string {
	return "feedback|" + lang + "|" + round
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
func (f *feedbackForms) render(c echo.Context, status int, lang locales.Language, round feedback.Round, in feedback.Input, problems feedback.Problems, notice string) error {
	return f.renderToken(c, status, lang, round, in, problems, notice, "")
}

// renderToken is render with the form's token given, or a new one if empty.
func (f *feedbackForms) renderToken(c echo.Context, status int, lang locales.Language, round feedback.Round, in feedback.Input, problems feedback.Problems, notice, token string) error {
	if token == "" {
		token = f.tokens.Issue(f.purpose(lang.Code, round.Code), f.site.now())
	}
	body, err := f.draw(lang, round, in, problems, notice, token, f.local.ForRound(c.Request().Context(), round))
	if err != nil {
		return err
	}
	web.SendPage(c.Response(), c.Request(), status, body)
	return nil
}

// draw draws the form page with this token and local help.
func (f *feedbackForms) draw(lang locales.Language, round feedback.Round, in feedback.Input, problems feedback.Problems, notice, token string, local *web.LocalHelp) ([]byte, error) {
	v := f.site.baseView(lang, "FeedbackTitle")
	v.Description = f.site.render.Translator(lang.Code).T("FeedbackIntro")
	action := "/" + lang.Code + "/feedback"
	if round.Code != feedback.Standing {
		action += "/" + round.Code
		v.Languages = web.LanguageLinks(lang.Code, "feedback/"+round.Code)
	}
	form := &formView{Action: action, Token: token,
		Notice: notice, Area: in.Area, Comment: in.Comment, Problems: problems,
		Areas: feedback.Areas, Groups: []choiceGroup{
			{Name: "service", Legend: "FeedbackServiceLegend", Words: "Service.", Chosen: in.Service, Choices: feedback.Services},
			{Name: "age", Legend: "FeedbackAgeLegend", Words: "Age.", Chosen: in.Age, Choices: feedback.AgeBands}}, Scale: []int{1, 2, 3, 4, 5}, Fields: formFields}
	for _, q := range round.Form(f.bank) {
		text, english := q.TextIn(lang.Code)
		form.Questions = append(form.Questions, questionView{ID: q.ID, Text: text, Answer: in.Answers[q.ID], English: english})
	}
	if f.smsNumber != "" && slices.Contains(round.Channels, "sms") {
		word := f.site.render.Translator(lang.Code).T("SMS.KeywordSay")
		if round.Code != feedback.Standing {
			word = round.Code
		}
		tr := f.site.render.Translator(lang.Code)
		form.TextUs = tr.T("FeedbackTextUs", map[string]any{"Word": word, "Number": f.smsNumber})
		if tr.RightToLeft() {
			form.TextUs = locales.NumbersLeftToRight(form.TextUs)
		}
	}
	v.Form = form
	v.Local = local
	return f.site.render.Render("feedback", lang.Code, v)
}

func (f *feedbackForms) write(c echo.Context, status int, kind string, v *view) error {
	body, err := f.site.render.Render(kind, v.Lang.Code, v)
	if err != nil {
		return err
	}
	web.SendPage(c.Response(), c.Request(), status, body)
	return nil
}
