package workers

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/store"

	"github.com/labstack/echo/v4"
)

// newRoundView is the create-a-round form, with what was typed and its problems.
type newRoundView struct {
	Input      feedback.RoundInput
	Problems   feedback.Problems
	Bank       []feedback.Question
	Principles []feedback.Principle
}

func (w *handler) newRound(c echo.Context) error {
	v := w.signedIn(c)
	v.NewRound = &newRoundView{Input: feedback.RoundInput{Channels: []string{"web", "sms"},
		Opens: w.now().In(feedback.UK).Format("2006-01-02")}, Bank: w.bank.Questions, Principles: feedback.Principles}
	return w.page(c, http.StatusOK, "workers", "New round", v)
}

// takenCode reports codes a new round cannot have.
func (w *handler) takenCode(ctx context.Context) func(string) bool {
	return func(code string) bool {
		if code == "THANKS" || code == strings.ToUpper(feedback.Standing) || (w.reserved != nil && w.reserved(code)) {
			return true
		}
		_, found, err := w.store.GetRound(ctx, code)
		return found || err != nil
	}
}

func (w *handler) createRound(c echo.Context) error {
	req := c.Request()
	ctx := req.Context()
	in := feedback.RoundInput{Code: req.PostForm.Get("code"), Title: req.PostForm.Get("title"), Own: req.PostForm.Get("own"),
		OwnPrinciple: req.PostForm.Get("ownPrinciple"), Opens: req.PostForm.Get("opens"), Closes: req.PostForm.Get("closes"),
		Questions: req.PostForm["questions"], Channels: req.PostForm["channels"]}
	user := signedInUser(c)
	team, ok := accounts.TeamOfNewWork(user)
	if !ok {
		return echo.ErrNotFound
	}
	round, problems := feedback.NewRound(w.bank, in, w.takenCode(ctx), user.Email, w.now())
	round.Team = team
	if problems == nil {
		if err := w.recordRound(c, audit.CreatedRound, round); err != nil {
			return w.notRecorded(c)
		}
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
