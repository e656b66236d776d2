package handlers

import (
	"context"
	"crypto/rand"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/handlers/qrsvg"
	"heard/locales"
	"heard/store"

	"github.com/labstack/echo/v4"
)

// roundRow is one line of the workers' list of rounds.
type roundRow struct {
	Round feedback.Round
	State string
	Total int64
}

// roundView is one round's page: its results, its posts, what can be done.
type roundView struct {
	Round     feedback.Round
	Standing  bool
	State     string
	Posts     []feedback.Post
	Languages []locales.Language
	Said, Did map[string]string // a post being written, kept on a problem
}

// posterView is what the printable poster shows.
type posterView struct {
	Round     feedback.Round
	Word      string // what to text: the round's code, or SAY for the standing round
	QR        template.HTML
	Link      string
	SMSNumber string
	Languages []locales.Language
}

// reportView maps a round's results to the seven principles.
type reportView struct {
	Round      feedback.Round
	Principles []principleReport
	Posts      int
	Printed    time.Time
}

type principleReport struct {
	feedback.Principle
	Questions []feedback.QuestionResult
}

// A round is found by its code; the standing round by its name.
func (w *workers) findRound(c echo.Context) (feedback.Round, error) {
	code := c.Param("code")
	if code == feedback.Standing {
		return feedback.StandingRound(w.bank), nil
	}
	r, found, err := w.store.GetRound(c.Request().Context(), feedback.NormaliseCode(code))
	if err != nil {
		return r, err
	}
	if !found {
		return r, echo.ErrNotFound
	}
	return r, nil
}

// signedIn is the common part of every workers' page.
func (w *workers) signedIn(c echo.Context) *workerView {
	user := c.Get(workerKey).(accounts.User)
	return &workerView{Email: user.Email, CSRF: w.tokens.issue(purposeSession+c.Get(sessionKey).(string), w.site.now())}
}

// checkForm guards every form a signed-in worker sends: it must come from
// this site and carry the token of this session (CSRF).
func (w *workers) checkForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		req.Body = http.MaxBytesReader(c.Response(), req.Body, maxFeedbackForm)
		if err := req.ParseForm(); err != nil {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		id := c.Get(sessionKey).(string)
		if _, err := w.tokens.check(req.PostForm.Get("csrf"), purposeSession+id, w.site.now()); err != nil || !sameSite(req, w.publicURL) {
			v := w.signedIn(c)
			v.Problem = "That form was old or came from another site, so nothing was changed. Go back, reload the page and try again."
			return w.page(c, http.StatusForbidden, "workers", "Form expired", v)
		}
		return next(c)
	}
}

// home lists the rounds, the standing one first, with how many answered.
func (w *workers) home(c echo.Context) error {
	ctx := c.Request().Context()
	rounds, err := w.store.Rounds(ctx)
	if err != nil {
		return err
	}
	now := w.site.now()
	rows := []roundRow{{Round: feedback.StandingRound(w.bank), State: feedback.Open}}
	for _, r := range rounds {
		rows = append(rows, roundRow{Round: r, State: r.State(now)})
	}
	for i := range rows {
		tallies, err := w.store.Tallies(ctx, rows[i].Round.Code)
		if err != nil {
			return err
		}
		rows[i].Total = tallies["total"]
	}
	v := w.signedIn(c)
	v.Rounds = rows
	return w.page(c, http.StatusOK, "workers", "Rounds", v)
}

func (w *workers) newRound(c echo.Context) error {
	v := w.signedIn(c)
	v.NewRound = &newRoundView{Input: feedback.RoundInput{Channels: []string{"web", "sms"},
		Opens: w.site.now().In(feedback.UK).Format("2006-01-02")}, Bank: w.bank.Questions, Principles: feedback.Principles}
	return w.page(c, http.StatusOK, "workers", "New round", v)
}

// takenCode reports codes a new round cannot have.
func (w *workers) takenCode(ctx context.Context) func(string) bool {
	return func(code string) bool {
		if code == "THANKS" || code == strings.ToUpper(feedback.Standing) || (w.reserved != nil && w.reserved(code)) {
			return true
		}
		_, found, err := w.store.GetRound(ctx, code)
		return found || err != nil
	}
}

func (w *workers) createRound(c echo.Context) error {
	req := c.Request()
	ctx := req.Context()
	in := feedback.RoundInput{Code: req.PostForm.Get("code"), Title: req.PostForm.Get("title"), Own: req.PostForm.Get("own"),
		OwnPrinciple: req.PostForm.Get("ownPrinciple"), Opens: req.PostForm.Get("opens"), Closes: req.PostForm.Get("closes"),
		Questions: req.PostForm["questions"], Channels: req.PostForm["channels"]}
	user := c.Get(workerKey).(accounts.User)
	round, problems := feedback.NewRound(w.bank, in, w.takenCode(ctx), user.Email, w.site.now())
	if problems == nil {
		err := w.store.CreateRound(ctx, round)
		if errors.Is(err, store.ErrExists) {
			problems = feedback.Problems{"code": "That code was taken a moment ago. Pick another."}
		} else if err != nil {
			return err
		}
	}
	if problems != nil {
		v := w.signedIn(c)
		v.NewRound = &newRoundView{Input: in, Problems: problems, Bank: w.bank.Questions, Principles: feedback.Principles}
		v.Problem = "Something needs fixing. Look for the notes below."
		return w.page(c, http.StatusUnprocessableEntity, "workers", "New round", v)
	}
	w.log.Info("round created", "code", round.Code)
	return c.Redirect(http.StatusSeeOther, roundPath(round.Code))
}

func roundPath(code string) string { return workersHome + "rounds/" + code }

// roundPage shows a round's results: every question's answers, channels,
// languages, weeks, breakdowns with small numbers hidden, the comments with
// safety flags first, and its "You said, we did" posts.
func (w *workers) roundPage(c echo.Context) error {
	round, results, posts, err := w.roundResults(c)
	if err != nil {
		return err
	}
	comments, err := w.store.Comments(c.Request().Context(), round.Code, commentsShown)
	if err != nil {
		return err
	}
	// Newest first, as stored; those that sound unsafe lead.
	sort.SliceStable(comments, func(i, j int) bool { return comments[i].Flag != "" && comments[j].Flag == "" })
	v := w.signedIn(c)
	v.Results, v.Comments = &results, comments
	for _, cm := range comments {
		if cm.Flag != "" {
			v.Flagged++
		}
	}
	v.Round = &roundView{Round: round, Standing: round.Code == feedback.Standing, State: round.State(w.site.now()), Posts: posts,
		Languages: locales.All, Said: map[string]string{}, Did: map[string]string{}}
	return w.page(c, http.StatusOK, "round", round.Title, v)
}

// roundResults reads the round a page is about, its results and its posts.
func (w *workers) roundResults(c echo.Context) (feedback.Round, feedback.Results, []feedback.Post, error) {
	round, err := w.findRound(c)
	if err != nil {
		return round, feedback.Results{}, nil, err
	}
	ctx := c.Request().Context()
	tallies, err := w.store.Tallies(ctx, round.Code)
	if err != nil {
		return round, feedback.Results{}, nil, err
	}
	posts, err := w.roundPosts(ctx, round.Code)
	return round, feedback.BuildResults(round.Form(w.bank), round.Code, locales.Default, tallies), posts, err
}

func (w *workers) roundPosts(ctx context.Context, code string) ([]feedback.Post, error) {
	all, err := w.store.Posts(ctx)
	return slices.DeleteFunc(all, func(p feedback.Post) bool { return p.Round != code }), err
}

// openRound and closeRound start and stop a round taking answers now.
func (w *workers) openRound(c echo.Context) error  { return w.setRound(c, (*feedback.Round).OpenNow) }
func (w *workers) closeRound(c echo.Context) error { return w.setRound(c, (*feedback.Round).CloseNow) }

func (w *workers) setRound(c echo.Context, change func(*feedback.Round, time.Time)) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	if round.Code == feedback.Standing {
		return echo.NewHTTPError(http.StatusBadRequest, "The standing round is always open.")
	}
	change(&round, w.site.now())
	if err := w.store.PutRound(c.Request().Context(), round); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, roundPath(round.Code))
}

// publish adds a "You said, we did" post to a round.
func (w *workers) publish(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	req := c.Request()
	in := feedback.PostInput{Said: map[string]string{}, Did: map[string]string{}}
	for _, l := range locales.All {
		in.Said[l.Code], in.Did[l.Code] = req.PostForm.Get("said."+l.Code), req.PostForm.Get("did."+l.Code)
	}
	user := c.Get(workerKey).(accounts.User)
	post, problems := feedback.NewPost(in, round.Code, rand.Text(), user.Email, w.site.now())
	if problems != nil {
		v := w.signedIn(c)
		v.Problem = problems[firstKey(problems)]
		v.Round = &roundView{Round: round, Standing: round.Code == feedback.Standing, State: round.State(w.site.now()),
			Languages: locales.All, Said: in.Said, Did: in.Did}
		return w.page(c, http.StatusUnprocessableEntity, "post", "Publish: "+round.Title, v)
	}
	if err := w.store.AddPost(req.Context(), post); err != nil {
		return err
	}
	w.news.forget()
	return c.Redirect(http.StatusSeeOther, roundPath(round.Code)+"#posts")
}

func firstKey(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys[0]
}

// takeDown removes a post, for one published by mistake.
func (w *workers) takeDown(c echo.Context) error {
	if err := w.store.DeletePost(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	w.news.forget()
	back := roundPath(feedback.Standing)
	if code := feedback.NormaliseCode(c.Request().PostForm.Get("round")); feedback.ValidCode(code) {
		back = roundPath(code)
	}
	return c.Redirect(http.StatusSeeOther, back+"#posts")
}

// exportCSV gives every response of a round as CSV, safe to open in a
// spreadsheet (no cell can run as a formula), written as it is read.
func (w *workers) exportCSV(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	// Ask the store first, so one that is down gets a proper error page;
	// once the download has started, a failure can only cut it short.
	if err := w.store.Ping(ctx); err != nil {
		return err
	}
	download(c, "text/csv; charset=utf-8", "heard-"+round.Code+".csv")
	out := &patientWriter{w: c.Response(), rc: http.NewResponseController(c.Response())}
	err = feedback.WriteCSV(out, round.Form(w.bank), func(fn func(feedback.Response) error) error {
		return w.store.EachResponse(ctx, round.Code, fn)
	})
	if err != nil {
		w.log.Error("export: cut short", "round", round.Code, "err", err.Error())
		// Cut the connection rather than end the download: a clean end
		// would look like a whole export with rows missing.
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportPatience is how long a download waits on its reader: each chunk
// written gives the connection this long again (the server's write timeout
// would cut any download at 15 s), so an export takes as long as a slow
// reader needs, while a reader who stops reading is let go.
const exportPatience = 15 * time.Second

// errReaderGone stands for any failure to write a download: the
// connection's own error names the reader's address, which is never logged.
var errReaderGone = errors.New("the reader stopped taking the download")

// patientWriter writes a long download, giving the connection more time
// before each chunk.
type patientWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (p *patientWriter) Write(b []byte) (int, error) {
	if err := p.rc.SetWriteDeadline(time.Now().Add(exportPatience)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return 0, errReaderGone
	}
	n, err := p.w.Write(b)
	if err != nil {
		return n, errReaderGone
	}
	return n, nil
}

// exportJSON gives a round's results (not single responses) as JSON:
// hidden cells carry no number.
func (w *workers) exportJSON(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	tallies, err := w.store.Tallies(c.Request().Context(), round.Code)
	if err != nil {
		return err
	}
	download(c, "application/json; charset=utf-8", "heard-"+round.Code+".json")
	return feedback.WriteJSON(c.Response(), feedback.BuildResults(round.Form(w.bank), round.Code, locales.Default, tallies))
}

// poster is an A4 page to print: the web address as a QR code drawn here,
// and the code to text, in every language.
func (w *workers) poster(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	link := w.feedbackLink(round)
	qr, err := qrsvg.SVG(link, "QR code for "+link)
	if err != nil {
		return err
	}
	v := w.signedIn(c)
	v.Poster = &posterView{Round: round, Word: round.Code, QR: template.HTML(qr), Link: link, Languages: locales.All}
	if round.Code == feedback.Standing {
		v.Poster.Word = w.site.render.translators[locales.Default].T("SMS.KeywordSay")
	}
	if slices.Contains(round.Channels, "sms") {
		v.Poster.SMSNumber = w.smsNumber
	}
	return w.page(c, http.StatusOK, "poster", "Poster: "+round.Title, v)
}

// feedbackLink is the address a poster sends young people to: it picks
// their language when they arrive.
func (w *workers) feedbackLink(round feedback.Round) string {
	base := "http://localhost:8080"
	if w.publicURL != nil && w.publicURL.Host != "" {
		base = (&url.URL{Scheme: w.publicURL.Scheme, Host: w.publicURL.Host, Path: strings.TrimSuffix(w.publicURL.Path, "/")}).String()
	}
	if round.Code == feedback.Standing {
		return base + "/feedback"
	}
	return base + "/feedback/" + round.Code
}

// report is a printable summary of a round, principle by principle.
func (w *workers) report(c echo.Context) error {
	round, results, posts, err := w.roundResults(c)
	if err != nil {
		return err
	}
	rv := &reportView{Round: round, Posts: len(posts), Printed: w.site.now()}
	for _, p := range feedback.Principles {
		pr := principleReport{Principle: p}
		for _, q := range results.Questions {
			if q.Principle == p.Number {
				pr.Questions = append(pr.Questions, q)
			}
		}
		rv.Principles = append(rv.Principles, pr)
	}
	ev, ok, err := w.reportEvidence(c, round, posts)
	if err != nil {
		return err
	}
	if !ok {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	v := w.signedIn(c)
	v.Results, v.Report, v.Evidence = &results, rv, ev
	return w.page(c, http.StatusOK, "report", "Report: "+round.Title, v)
}
