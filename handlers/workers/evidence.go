package workers

import (
	"context"
	"slices"

	"heard/feedback"
	"heard/locales"
)

// Results that answer "did it get better?": two rounds (or one round before
// and after a "You said, we did" post) compared question by question, each
// question's good answers month by month, and every team's results side by
// side (the problem profile). The numbers are worked out in feedback; these
// handlers only choose the rounds, read the store and render.

// evidenceView is what the compare, trends and profile pages show, and
// what a round's report adds.
type evidenceView struct {
	Team       string // the name of the team whose rounds these are
	TeamID     string // its id; "" while an admin has not picked one
	ChooseTeam bool   // an admin picks the team, from Teams
	Teams      []teamChoice
	Rounds     []feedback.Round // the rounds to choose from, all of one team
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

// compareRounds sets two rounds' answers side by side, from their tallies.
func (w *handler) compareRounds(ctx context.Context, before, after feedback.Round) (*comparisonView, error) {
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
func (w *handler) splitAtPost(ctx context.Context, round feedback.Round, post feedback.Post) (*comparisonView, error) {
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

// monthly is the trends of the bank's questions across these rounds. A
// round's own question is its own, so it has no trend across rounds.
func (w *handler) monthly(ctx context.Context, rounds []feedback.Round) ([]feedback.Trend, error) {
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
