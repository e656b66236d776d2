package workers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// auditPageSize is how many entries a page of the trail shows.
const auditPageSize = 50

// auditView is the audit trail as an admin reads it: filtered by team and
// by person, newest first, a page at a time.
type auditView struct {
	Teams   []teamChoice
	Who     string // the person filtered by, as typed
	Rows    []auditRow
	Next    string // the address of the older page; empty on the last
	Newest  string // the address of the newest page with these filters, when this is an older one
	Problem string // a filter that cannot be used
}

// teamChoice is a team an admin may pick: on the audit trail, compare and
// trends pages.
type teamChoice struct {
	ID, Name string
	Chosen   bool
}

// auditRow is one entry: who, what, which round, account or team, and when.
type auditRow struct {
	Who, What, Round, Account, Team string
	LocalHelp                       string    // a local service's name
	At                              time.Time // in the UK's time
}

// auditPage shows the audit trail to admins. To anyone else it is not
// there: the same page as an address that does not exist.
func (w *handler) auditPage(c echo.Context) error {
	if !accounts.IsAdmin(c.Get(workerKey).(accounts.User)) {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	teams, err := w.store.Teams(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{accounts.Admins: "Admins"}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	params := c.QueryParams()
	q := audit.Query{Team: params.Get("team"), Before: params.Get("before"), Limit: auditPageSize}
	av := &auditView{Who: strings.TrimSpace(params.Get("who"))}
	for _, t := range append(teams, accounts.Team{ID: accounts.Admins, Name: names[accounts.Admins]}) {
		av.Teams = append(av.Teams, teamChoice{ID: t.ID, Name: t.Name, Chosen: t.ID == q.Team})
	}
	if av.Who != "" {
		q.Who = accounts.NormaliseEmail(av.Who)
		if q.Who != audit.Operator && !accounts.ValidEmail(q.Who) {
			av.Problem = "That is not an email address. Type a person's whole email address, like amy@example.org, or leave it empty for everyone."
		}
	}
	if _, known := names[q.Team]; q.Team != "" && !known {
		av.Problem = "That team is not on the list. Choose one from the list."
	}
	status := http.StatusOK
	if av.Problem == "" {
		page, err := w.trail.List(ctx, q)
		switch {
		case errors.Is(err, audit.ErrBadCursor):
			av.Problem = "That page of the trail does not exist. Start again from the newest."
		case err != nil:
			return err
		}
		for _, e := range page.Entries {
			row := auditRow{Who: e.Who, What: e.What.Words(), Round: e.Round, Account: e.Account, LocalHelp: e.LocalHelp, At: e.At.In(feedback.UK)}
			if e.Team != "" {
				row.Team = names[e.Team]
				if row.Team == "" {
					row.Team = "a team no longer here"
				}
			}
			av.Rows = append(av.Rows, row)
		}
		if page.Next != "" {
			av.Next = auditPath(q.Team, av.Who, page.Next)
		}
		if q.Before != "" {
			av.Newest = auditPath(q.Team, av.Who, "")
		}
	}
	if av.Problem != "" {
		status = http.StatusBadRequest
	}
	v := w.signedIn(c)
	v.Audit = av
	return w.page(c, status, "audit", "Audit trail", v)
}

// auditPath is the address of a page of the trail.
func auditPath(team, who, before string) string {
	q := url.Values{}
	for k, v := range map[string]string{"team": team, "who": who, "before": before} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if len(q) == 0 {
		return "/workers/audit"
	}
	return "/workers/audit?" + q.Encode()
}
