package handlers

import (
	"context"
	"net/http"
	"slices"

	"heard/feedback"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// Results that answer "did it get better?": two rounds (or one round before
// and after a "You said, we did" post) compared question by question, each
// question's good answers month by month, and every team's results side by
// side (the problem profile). The numbers are worked out in feedback; these
// handlers only choose the rounds, read the store and render.

// allRounds is the one team there is until workers belong to teams: every
// worker sees every round.
const allRounds = "All rounds"

// evidenceView is what the compare, trends and profile pages show, and
// what a round's report adds.
type evidenceView struct {
	Team       string
	Rounds     []feedback.Round // the rounds to choose from
	Posts      []postChoice     // the posts to split a round at
	Before     string           // the chosen rounds' codes, kept in the form
	After      string
	Post       string // the chosen post's id
	Problem    string
	Comparison *comparisonView
	Trends     []feedback.Trend
	Profile    *feedback.Profile
}

// postChoice is a "You said, we did" post as the compare form offers it.
type postChoice struct {
	ID, Label string
}

// comparisonView is two sides compared, each named in words.
type comparisonView struct {
	Title         string
	Before, After string // each side, in a few words
	Split         string // for a post: where and how the round was split
	Changes       []feedback.Change
	OnlyOneSide   []string // questions asked on one side only
}

// teamRounds are the rounds a worker may compare, and take trends across,
// with their team's name: the standing round first, then newest first.
// Today every worker sees every round, as one team. When workers belong to
// teams, this is where a worker's rounds become their team's only.
func (w *workers) teamRounds(ctx context.Context) (string, []feedback.Round, error) {
	rounds, err := w.store.Rounds(ctx)
	if err != nil {
		return "", nil, err
	}
	return allRounds, append([]feedback.Round{feedback.StandingRound(w.bank)}, rounds...), nil
}

// teamOfRounds is one team's name and rounds.
type teamOfRounds struct {
	Name   string
	Rounds []feedback.Round
}

// everyTeam is each team's rounds, for the problem profile: today one team
// holding every round. When teams arrive, one entry per team, for admins
// only.
func (w *workers) everyTeam(ctx context.Context) ([]teamOfRounds, error) {
	team, rounds, err := w.teamRounds(ctx)
	return []teamOfRounds{{Name: team, Rounds: rounds}}, err
}

// choose finds a round by the code a form sent; ok is false for a code that
// is not one of rounds, so another team's round looks the same as none.
func choose(rounds []feedback.Round, code string) (feedback.Round, bool) {
	if code != feedback.Standing {
		code = feedback.NormaliseCode(code)
	}
	i := slices.IndexFunc(rounds, func(r feedback.Round) bool { return r.Code == code })
	if i < 0 {
		return feedback.Round{}, false
	}
	return rounds[i], true
}

// compare shows the compare form and, when two rounds or a post are chosen,
// each question's change. A choice that cannot be compared gets the form
// again with a plain 400.
func (w *workers) compare(c echo.Context) error {
	ctx := c.Request().Context()
	team, rounds, err := w.teamRounds(ctx)
	if err != nil {
		return err
	}
	posts, err := w.teamPosts(ctx, rounds)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	ev := &evidenceView{Team: team, Rounds: rounds, Before: q.Get("before"), After: q.Get("after"), Post: q.Get("post")}
	for _, p := range posts {
		ev.Posts = append(ev.Posts, postChoice{ID: p.ID, Label: postLabel(p, rounds)})
	}
	switch {
	case ev.Post != "":
		i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.ID == ev.Post })
		if i < 0 {
			return w.cannotCompare(c, ev, "That post was not found. Pick one from the list.")
		}
		round, _ := choose(rounds, posts[i].Round)
		if ev.Comparison, err = w.splitAtPost(ctx, round, posts[i]); err != nil {
			return err
		}
	case ev.Before != "" && ev.After != "":
		before, okBefore := choose(rounds, ev.Before)
		after, okAfter := choose(rounds, ev.After)
		switch {
		case !okBefore || !okAfter:
			return w.cannotCompare(c, ev, "One of those rounds was not found. Pick both from the lists.")
		case before.Code == after.Code:
			return w.cannotCompare(c, ev, "Pick two different rounds.")
		}
		ev.Before, ev.After = before.Code, after.Code
		if ev.Comparison, err = w.compareRounds(ctx, before, after); err != nil {
			return err
		}
	case ev.Before != "" || ev.After != "":
		for _, code := range []*string{&ev.Before, &ev.After} {
			round, ok := choose(rounds, *code)
			if *code != "" && !ok {
				return w.cannotCompare(c, ev, "That round was not found. Pick one from the list.")
			}
			*code = round.Code
		}
	}
	v := w.signedIn(c)
	v.Evidence = ev
	return w.page(c, http.StatusOK, "compare", "Compare", v)
}

func (w *workers) cannotCompare(c echo.Context, ev *evidenceView, problem string) error {
	ev.Problem = problem
	v := w.signedIn(c)
	v.Evidence = ev
	return w.page(c, http.StatusBadRequest, "compare", "Compare", v)
}

// teamPosts are the posts of these rounds, newest first.
func (w *workers) teamPosts(ctx context.Context, rounds []feedback.Round) ([]feedback.Post, error) {
	all, err := w.store.Posts(ctx)
	return slices.DeleteFunc(all, func(p feedback.Post) bool {
		_, ok := choose(rounds, p.Round)
		return !ok
	}), err
}

func postLabel(p feedback.Post, rounds []feedback.Round) string {
	round, _ := choose(rounds, p.Round)
	said := []rune(p.Said["en"])
	if len(said) > 60 {
		said = append(said[:59], '…')
	}
	return round.Title + ", " + p.Published.In(feedback.UK).Format("2 Jan 2006") + ": " + string(said)
}

// compareRounds sets two rounds' answers side by side, from their tallies.
func (w *workers) compareRounds(ctx context.Context, before, after feedback.Round) (*comparisonView, error) {
	var results [2]feedback.Results
	for i, r := range []feedback.Round{before, after} {
		tallies, err := w.store.Tallies(ctx, r.Code)
		if err != nil {
			return nil, err
		}
		results[i] = feedback.BuildResults(r.Form(w.bank), r.Code, locales.Default, tallies)
	}
	formBefore, formAfter := before.Form(w.bank), after.Form(w.bank)
	common := feedback.CommonQuestions(formBefore, formAfter)
	cv := &comparisonView{Title: before.Title + " (" + before.Code + "), then " + after.Title + " (" + after.Code + ")",
		Before: before.Code, After: after.Code,
		Changes: feedback.Compare(common, locales.Default, results[0].AnswerCounts(), results[1].AnswerCounts())}
	for _, side := range []struct {
		form  []feedback.Question
		round feedback.Round
	}{{formBefore, before}, {formAfter, after}} {
		for _, q := range side.form {
			if !slices.ContainsFunc(common, func(c feedback.Question) bool { return c.ID == q.ID }) {
				text, _ := q.TextIn(locales.Default)
				cv.OnlyOneSide = append(cv.OnlyOneSide, text+" (only in "+side.round.Code+")")
			}
		}
	}
	return cv, nil
}

// splitAtPost compares a round's answers before and after the day a post
// was published, from its series by month and the days of the post's
// month.
func (w *workers) splitAtPost(ctx context.Context, round feedback.Round, post feedback.Post) (*comparisonView, error) {
	byMonth, err := w.store.SeriesByMonth(ctx, round.Code)
	if err != nil {
		return nil, err
	}
	days, err := w.store.SeriesByDay(ctx, round.Code, feedback.ByMonth.Key(post.Published))
	if err != nil {
		return nil, err
	}
	before, after := feedback.SplitAt(byMonth, days, post.Published)
	day := post.Published.In(feedback.UK)
	return &comparisonView{
		Title:   round.Title + ", before and after the post of " + day.Format("2 January 2006"),
		Before:  "up to " + day.AddDate(0, 0, -1).Format("2 Jan 2006"),
		After:   "from " + day.AddDate(0, 0, 1).Format("2 Jan 2006"),
		Split:   "Split at the day the post was published, " + day.Format("2 January 2006") + " (UK time). Heard counts answers by day, so the answers of that day are left out: they may have come before the post or after it.",
		Changes: feedback.Compare(round.Form(w.bank), locales.Default, before, after),
	}, nil
}

// trends shows each bank question's good answers month by month, across
// the team's rounds.
func (w *workers) trends(c echo.Context) error {
	ctx := c.Request().Context()
	team, rounds, err := w.teamRounds(ctx)
	if err != nil {
		return err
	}
	trends, err := w.monthly(ctx, rounds)
	if err != nil {
		return err
	}
	v := w.signedIn(c)
	v.Evidence = &evidenceView{Team: team, Trends: trends}
	return w.page(c, http.StatusOK, "trends", "Trends", v)
}

// monthly is the trends of the bank's questions across these rounds. A
// round's own question is its own, so it has no trend across rounds.
func (w *workers) monthly(ctx context.Context, rounds []feedback.Round) ([]feedback.Trend, error) {
	series := make([]map[string]int64, 0, len(rounds))
	for _, r := range rounds {
		s, err := w.store.SeriesByMonth(ctx, r.Code)
		if err != nil {
			return nil, err
		}
		series = append(series, s)
	}
	return feedback.Trends(w.bank.Questions, locales.Default, series), nil
}

// profile sets every team's results side by side, by service and by area,
// suppressed as each round's page is.
func (w *workers) profile(c echo.Context) error {
	ctx := c.Request().Context()
	every, err := w.everyTeam(ctx)
	if err != nil {
		return err
	}
	teams := make([]feedback.TeamResults, 0, len(every))
	for _, t := range every {
		team := feedback.TeamResults{Team: t.Name}
		for _, r := range t.Rounds {
			tallies, err := w.store.Tallies(ctx, r.Code)
			if err != nil {
				return err
			}
			team.Rounds = append(team.Rounds, feedback.BuildResults(r.Form(w.bank), r.Code, locales.Default, tallies))
		}
		teams = append(teams, team)
	}
	p := feedback.BuildProfile(w.bank.Questions, teams)
	v := w.signedIn(c)
	v.Evidence = &evidenceView{Profile: &p}
	return w.page(c, http.StatusOK, "profile", "Problem profile", v)
}

// reportEvidence is what a round's report adds: a comparison, when the
// report asks for one (?before=CODE, or ?post=ID) or the round has a post
// to split at (its first), and the round's months, when it has two or
// more. ok is false when the report asked for a comparison it cannot make.
func (w *workers) reportEvidence(c echo.Context, round feedback.Round, posts []feedback.Post) (ev *evidenceView, ok bool, err error) {
	ctx := c.Request().Context()
	_, rounds, err := w.teamRounds(ctx)
	if err != nil {
		return nil, false, err
	}
	ev = &evidenceView{}
	q := c.QueryParams()
	switch {
	case q.Has("before"):
		before, found := choose(rounds, q.Get("before"))
		if !found || before.Code == round.Code {
			return nil, false, nil
		}
		ev.Comparison, err = w.compareRounds(ctx, before, round)
	case q.Has("post"):
		i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.ID == q.Get("post") })
		if i < 0 {
			return nil, false, nil
		}
		ev.Comparison, err = w.splitAtPost(ctx, round, posts[i])
	case len(posts) > 0:
		first := slices.MinFunc(posts, func(a, b feedback.Post) int { return a.Published.Compare(b.Published) })
		ev.Comparison, err = w.splitAtPost(ctx, round, first)
	}
	if err != nil {
		return nil, false, err
	}
	if ev.Trends, err = w.monthly(ctx, []feedback.Round{round}); err != nil {
		return nil, false, err
	}
	if len(ev.Trends) > 0 && len(ev.Trends[0].Months) < 2 {
		ev.Trends = nil
	}
	return ev, true, nil
}

// verdictClass is the class a verdict is shown with: bold and coloured for
// a change, plain for "can't tell".
func verdictClass(v feedback.Verdict) string {
	switch v {
	case feedback.Better:
		return "better"
	case feedback.Worse:
		return "worse"
	}
	return ""
}

// monthsOf is how far a trend reaches, for its heading.
func monthsOf(trends []feedback.Trend) string {
	if len(trends) == 0 || len(trends[0].Months) == 0 {
		return ""
	}
	m := trends[0].Months
	return m[0].Label() + " to " + m[len(m)-1].Label()
}
