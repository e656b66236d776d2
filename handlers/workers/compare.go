package workers

import (
	"net/http"
	"slices"

	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// compare shows the compare form and, when two rounds or a post are chosen,
// each question's change. It offers one team's rounds and posts only (see
// evidenceScope), so a round or post of another team is not one of them: a
// choice that cannot be compared gets the form again with a plain 400.
func (w *handler) compare(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	landing := q.Get("after")
	if landing == "" {
		landing = q.Get("before")
	}
	ev, err := w.evidenceScope(c, landing)
	if err != nil {
		return err
	}
	rounds := ev.Rounds
	posts, err := w.teamPosts(ctx, rounds)
	if err != nil {
		return err
	}
	ev.Before, ev.After, ev.Post = q.Get("before"), q.Get("after"), q.Get("post")
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

func (w *handler) cannotCompare(c echo.Context, ev *evidenceView, problem string) error {
	ev.Problem = problem
	v := w.signedIn(c)
	v.Evidence = ev
	return w.page(c, http.StatusBadRequest, "compare", "Compare", v)
}

func postLabel(p feedback.Post, rounds []feedback.Round) string {
	round, _ := choose(rounds, p.Round)
	said := []rune(p.Said["en"])
	if len(said) > 60 {
		said = append(said[:59], '…')
	}
	return round.Title + ", " + p.Published.In(feedback.UK).Format("2 Jan 2006") + ": " + string(said)
}
