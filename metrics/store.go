package metrics

import (
	"context"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/localhelp"
	"heard/sms"
	"heard/store"
)

// Store times every call to s and counts the failures, by operation.
func (m *Metrics) Store(s store.Store) store.Store {
	if m == nil {
		return s
	}
	return observed{s: s, m: m}
}

// observed implements every method of store.Store itself, and embeds none:
// a method added to a role, and not here, fails to compile below rather
// than pass through untimed.
type observed struct {
	s store.Store
	m *Metrics
}

var _ store.Store = observed{}

// done records a call that started at start; deferred, it sees the
// call's error through err.
func (o observed) done(op string, start time.Time, err *error) {
	o.m.StoreCall(op, time.Since(start), *err)
}

func (o observed) StartText(ctx context.Context, t sms.TextStart) (got sms.Started, err error) {
	defer o.done("start_text", time.Now(), &err)
	return o.s.StartText(ctx, t)
}

func (o observed) FinishText(ctx context.Context, t sms.TextFinish) (err error) {
	defer o.done("finish_text", time.Now(), &err)
	return o.s.FinishText(ctx, t)
}

func (o observed) Hit(ctx context.Context, key string, window time.Duration) (count int64, err error) {
	defer o.done("hit", time.Now(), &err)
	return o.s.Hit(ctx, key, window)
}

func (o observed) ClearHits(ctx context.Context, key string) (err error) {
	defer o.done("clear_hits", time.Now(), &err)
	return o.s.ClearHits(ctx, key)
}

func (o observed) SaveResponse(ctx context.Context, r feedback.Response) (err error) {
	defer o.done("save_response", time.Now(), &err)
	return o.s.SaveResponse(ctx, r)
}

func (o observed) Tallies(ctx context.Context, round string) (tallies map[string]int64, err error) {
	defer o.done("tallies", time.Now(), &err)
	return o.s.Tallies(ctx, round)
}

func (o observed) EachResponse(ctx context.Context, round string, fn func(feedback.Response) error) (err error) {
	defer o.done("each_response", time.Now(), &err)
	return o.s.EachResponse(ctx, round, fn)
}

func (o observed) Comments(ctx context.Context, round string, limit int) (comments []feedback.Response, err error) {
	defer o.done("comments", time.Now(), &err)
	return o.s.Comments(ctx, round, limit)
}

func (o observed) ForgetComments(ctx context.Context, round string, cutoff time.Time) (n int64, err error) {
	defer o.done("forget_comments", time.Now(), &err)
	return o.s.ForgetComments(ctx, round, cutoff)
}

func (o observed) SeriesByMonth(ctx context.Context, round string) (series map[string]int64, err error) {
	defer o.done("series_by_month", time.Now(), &err)
	return o.s.SeriesByMonth(ctx, round)
}

func (o observed) SeriesByDay(ctx context.Context, round, month string) (series map[string]int64, err error) {
	defer o.done("series_by_day", time.Now(), &err)
	return o.s.SeriesByDay(ctx, round, month)
}

func (o observed) BackfillSeries(ctx context.Context, round string) (n int64, err error) {
	defer o.done("backfill_series", time.Now(), &err)
	return o.s.BackfillSeries(ctx, round)
}

func (o observed) CreateRound(ctx context.Context, r feedback.Round) (err error) {
	defer o.done("create_round", time.Now(), &err)
	return o.s.CreateRound(ctx, r)
}

func (o observed) PutRound(ctx context.Context, r feedback.Round) (err error) {
	defer o.done("put_round", time.Now(), &err)
	return o.s.PutRound(ctx, r)
}

func (o observed) GetRound(ctx context.Context, code string) (r feedback.Round, found bool, err error) {
	defer o.done("get_round", time.Now(), &err)
	return o.s.GetRound(ctx, code)
}

func (o observed) Rounds(ctx context.Context) (rounds []feedback.Round, err error) {
	defer o.done("rounds", time.Now(), &err)
	return o.s.Rounds(ctx)
}

func (o observed) RoundsOfTeam(ctx context.Context, team string) (rounds []feedback.Round, err error) {
	defer o.done("rounds_of_team", time.Now(), &err)
	return o.s.RoundsOfTeam(ctx, team)
}

func (o observed) AddPost(ctx context.Context, p feedback.Post) (err error) {
	defer o.done("add_post", time.Now(), &err)
	return o.s.AddPost(ctx, p)
}

func (o observed) Posts(ctx context.Context) (posts []feedback.Post, err error) {
	defer o.done("posts", time.Now(), &err)
	return o.s.Posts(ctx)
}

func (o observed) DeletePost(ctx context.Context, id string) (err error) {
	defer o.done("delete_post", time.Now(), &err)
	return o.s.DeletePost(ctx, id)
}

func (o observed) PutUser(ctx context.Context, u accounts.User) (err error) {
	defer o.done("put_user", time.Now(), &err)
	return o.s.PutUser(ctx, u)
}

func (o observed) GetUser(ctx context.Context, email string) (u accounts.User, found bool, err error) {
	defer o.done("get_user", time.Now(), &err)
	return o.s.GetUser(ctx, email)
}

func (o observed) Users(ctx context.Context) (users []accounts.User, err error) {
	defer o.done("users", time.Now(), &err)
	return o.s.Users(ctx)
}

func (o observed) PutSession(ctx context.Context, id, email string, ttl time.Duration) (err error) {
	defer o.done("put_session", time.Now(), &err)
	return o.s.PutSession(ctx, id, email, ttl)
}

func (o observed) GetSession(ctx context.Context, id string) (email string, found bool, err error) {
	defer o.done("get_session", time.Now(), &err)
	return o.s.GetSession(ctx, id)
}

func (o observed) DeleteSession(ctx context.Context, id string) (err error) {
	defer o.done("delete_session", time.Now(), &err)
	return o.s.DeleteSession(ctx, id)
}

func (o observed) DeleteUserSessions(ctx context.Context, email string) (err error) {
	defer o.done("delete_user_sessions", time.Now(), &err)
	return o.s.DeleteUserSessions(ctx, email)
}

func (o observed) CreateTeam(ctx context.Context, t accounts.Team) (err error) {
	defer o.done("create_team", time.Now(), &err)
	return o.s.CreateTeam(ctx, t)
}

func (o observed) GetTeam(ctx context.Context, id string) (t accounts.Team, found bool, err error) {
	defer o.done("get_team", time.Now(), &err)
	return o.s.GetTeam(ctx, id)
}

func (o observed) TeamNamed(ctx context.Context, name string) (t accounts.Team, found bool, err error) {
	defer o.done("team_named", time.Now(), &err)
	return o.s.TeamNamed(ctx, name)
}

func (o observed) Teams(ctx context.Context) (teams []accounts.Team, err error) {
	defer o.done("teams", time.Now(), &err)
	return o.s.Teams(ctx)
}

func (o observed) SetTeamTwoFactor(ctx context.Context, id string, required bool) (err error) {
	defer o.done("set_team_two_factor", time.Now(), &err)
	return o.s.SetTeamTwoFactor(ctx, id, required)
}

func (o observed) PutInvite(ctx context.Context, token string, inv accounts.Invite, ttl time.Duration) (err error) {
	defer o.done("put_invite", time.Now(), &err)
	return o.s.PutInvite(ctx, token, inv, ttl)
}

func (o observed) TakeInvite(ctx context.Context, token string) (inv accounts.Invite, found bool, err error) {
	defer o.done("take_invite", time.Now(), &err)
	return o.s.TakeInvite(ctx, token)
}

func (o observed) GetInvite(ctx context.Context, token string) (inv accounts.Invite, found bool, err error) {
	defer o.done("get_invite", time.Now(), &err)
	return o.s.GetInvite(ctx, token)
}

func (o observed) GiveToFirstTeam(ctx context.Context, name string, now time.Time) (done store.FirstTeam, err error) {
	defer o.done("give_to_first_team", time.Now(), &err)
	return o.s.GiveToFirstTeam(ctx, name, now)
}

func (o observed) ChangeTwoFactor(ctx context.Context, email string, change func(*accounts.TwoFactor) error) (err error) {
	defer o.done("change_two_factor", time.Now(), &err)
	return o.s.ChangeTwoFactor(ctx, email, change)
}

func (o observed) AddAudit(ctx context.Context, e audit.Entry) (err error) {
	defer o.done("add_audit", time.Now(), &err)
	return o.s.AddAudit(ctx, e)
}

func (o observed) ListAudit(ctx context.Context, q audit.Query) (page audit.Page, err error) {
	defer o.done("list_audit", time.Now(), &err)
	return o.s.ListAudit(ctx, q)
}

func (o observed) ForgetAudit(ctx context.Context, cutoff time.Time) (n int64, err error) {
	defer o.done("forget_audit", time.Now(), &err)
	return o.s.ForgetAudit(ctx, cutoff)
}

func (o observed) LocalHelp(ctx context.Context, team string) (entries []localhelp.Entry, err error) {
	defer o.done("local_help", time.Now(), &err)
	return o.s.LocalHelp(ctx, team)
}

func (o observed) GetLocalHelp(ctx context.Context, team, id string) (e localhelp.Entry, found bool, err error) {
	defer o.done("get_local_help", time.Now(), &err)
	return o.s.GetLocalHelp(ctx, team, id)
}

func (o observed) PutLocalHelp(ctx context.Context, e localhelp.Entry) (err error) {
	defer o.done("put_local_help", time.Now(), &err)
	return o.s.PutLocalHelp(ctx, e)
}

func (o observed) DeleteLocalHelp(ctx context.Context, team, id string) (err error) {
	defer o.done("delete_local_help", time.Now(), &err)
	return o.s.DeleteLocalHelp(ctx, team, id)
}

func (o observed) Ping(ctx context.Context) (err error) {
	defer o.done("ping", time.Now(), &err)
	return o.s.Ping(ctx)
}

// Close is not a call to time: it ends the store.
func (o observed) Close() error { return o.s.Close() }
