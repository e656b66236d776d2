package workers

import (
	"crypto/rand"
	"net/http"
	"sort"

	"heard/audit"
	"heard/feedback"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// publish adds a "You said, we did" post to a round.
func (w *handler) publish(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	req := c.Request()
	in := feedback.PostInput{Said: map[string]string{}, Did: map[string]string{}}
	for _, l := range locales.All {
		in.Said[l.Code], in.Did[l.Code] = req.PostForm.Get("said."+l.Code), req.PostForm.Get("did."+l.Code)
	}
	user := signedInUser(c)
	post, problems := feedback.NewPost(in, round.Code, rand.Text(), user.Email, w.now())
	post.Team = round.Team
	if problems != nil {
		v := w.signedIn(c)
		v.Problem = problems[firstKey(problems)]
		v.Round = &roundView{Round: round, Standing: round.Code == feedback.Standing, State: round.State(w.now()),
			Languages: locales.All, Said: in.Said, Did: in.Did}
		return w.page(c, http.StatusUnprocessableEntity, "post", "Publish: "+round.Title, v)
	}
	if err := w.recordRound(c, audit.PublishedPost, round); err != nil {
		return w.notRecorded(c)
	}
	if err := w.store.AddPost(req.Context(), post); err != nil {
		return err
	}
	w.postsChanged()
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
