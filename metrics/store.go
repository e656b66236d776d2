package metrics

import (
	"context"
	"time"

	"heard/audit"
	"heard/feedback"
	"heard/sms"
	"heard/store"
)

// Store times every call to s and counts the failures, by operation.
func (m *Metrics) Store(s store.Store) store.Store {
	if m == nil {
		return s
	}
	return observed{Store: s, m: m}
}

type observed struct {
	store.Store
	m *Metrics
}

// done records a call that started at start; deferred, it sees the
// call's error through err.
func (s observed) done(op string, start time.Time, err *error) {
	s.m.StoreCall(op, time.Since(start), *err)
}

func (s observed) StartText(ctx context.Context, t sms.TextStart) (got sms.Started, err error) {
	defer s.done("start_text", time.Now(), &err)
	return s.Store.StartText(ctx, t)
}

func (s observed) FinishText(ctx context.Context, t sms.TextFinish) (err error) {
	defer s.done("finish_text", time.Now(), &err)
	return s.Store.FinishText(ctx, t)
}

func (s observed) Hit(ctx context.Context, key string, window time.Duration) (count int64, err error) {
	defer s.done("hit", time.Now(), &err)
	return s.Store.Hit(ctx, key, window)
}

func (s observed) ClearHits(ctx context.Context, key string) (err error) {
	defer s.done("clear_hits", time.Now(), &err)
	return s.Store.ClearHits(ctx, key)
}

func (s observed) SaveResponse(ctx context.Context, r feedback.Response) (err error) {
	defer s.done("save_response", time.Now(), &err)
	return s.Store.SaveResponse(ctx, r)
}

func (s observed) Tallies(ctx context.Context, round string) (tallies map[string]int64, err error) {
	defer s.done("tallies", time.Now(), &err)
	return s.Store.Tallies(ctx, round)
}

func (s observed) EachResponse(ctx context.Context, round string, fn func(feedback.Response) error) (err error) {
	defer s.done("each_response", time.Now(), &err)
	return s.Store.EachResponse(ctx, round, fn)
}

func (s observed) Comments(ctx context.Context, round string, limit int) (comments []feedback.Response, err error) {
	defer s.done("comments", time.Now(), &err)
	return s.Store.Comments(ctx, round, limit)
}

func (s observed) ForgetComments(ctx context.Context, round string, cutoff time.Time) (n int64, err error) {
	defer s.done("forget_comments", time.Now(), &err)
	return s.Store.ForgetComments(ctx, round, cutoff)
}

func (s observed) SeriesByMonth(ctx context.Context, round string) (series map[string]int64, err error) {
	defer s.done("series_by_month", time.Now(), &err)
	return s.Store.SeriesByMonth(ctx, round)
}

func (s observed) SeriesByDay(ctx context.Context, round, month string) (series map[string]int64, err error) {
	defer s.done("series_by_day", time.Now(), &err)
	return s.Store.SeriesByDay(ctx, round, month)
}

func (s observed) BackfillSeries(ctx context.Context, round string) (n int64, err error) {
	defer s.done("backfill_series", time.Now(), &err)
	return s.Store.BackfillSeries(ctx, round)
}

func (s observed) CreateRound(ctx context.Context, r feedback.Round) (err error) {
	defer s.done("create_round", time.Now(), &err)
	return s.Store.CreateRound(ctx, r)
}

func (s observed) PutRound(ctx context.Context, r feedback.Round) (err error) {
	defer s.done("put_round", time.Now(), &err)
	return s.Store.PutRound(ctx, r)
}

func (s observed) GetRound(ctx context.Context, code string) (r feedback.Round, found bool, err error) {
	defer s.done("get_round", time.Now(), &err)
	return s.Store.GetRound(ctx, code)
}

func (s observed) Rounds(ctx context.Context) (rounds []feedback.Round, err error) {
	defer s.done("rounds", time.Now(), &err)
	return s.Store.Rounds(ctx)
}

func (s observed) AddPost(ctx context.Context, p feedback.Post) (err error) {
	defer s.done("add_post", time.Now(), &err)
	return s.Store.AddPost(ctx, p)
}

func (s observed) Posts(ctx context.Context) (posts []feedback.Post, err error) {
	defer s.done("posts", time.Now(), &err)
	return s.Store.Posts(ctx)
}

func (s observed) DeletePost(ctx context.Context, id string) (err error) {
	defer s.done("delete_post", time.Now(), &err)
	return s.Store.DeletePost(ctx, id)
}

func (s observed) PutUser(ctx context.Context, u store.User) (err error) {
	defer s.done("put_user", time.Now(), &err)
	return s.Store.PutUser(ctx, u)
}

func (s observed) GetUser(ctx context.Context, email string) (u store.User, found bool, err error) {
	defer s.done("get_user", time.Now(), &err)
	return s.Store.GetUser(ctx, email)
}

func (s observed) Users(ctx context.Context) (users []store.User, err error) {
	defer s.done("users", time.Now(), &err)
	return s.Store.Users(ctx)
}

func (s observed) PutSession(ctx context.Context, id, email string, ttl time.Duration) (err error) {
	defer s.done("put_session", time.Now(), &err)
	return s.Store.PutSession(ctx, id, email, ttl)
}

func (s observed) GetSession(ctx context.Context, id string) (email string, found bool, err error) {
	defer s.done("get_session", time.Now(), &err)
	return s.Store.GetSession(ctx, id)
}

func (s observed) DeleteSession(ctx context.Context, id string) (err error) {
	defer s.done("delete_session", time.Now(), &err)
	return s.Store.DeleteSession(ctx, id)
}

func (s observed) DeleteUserSessions(ctx context.Context, email string) (err error) {
	defer s.done("delete_user_sessions", time.Now(), &err)
	return s.Store.DeleteUserSessions(ctx, email)
}

func (s observed) Ping(ctx context.Context) (err error) {
	defer s.done("ping", time.Now(), &err)
	return s.Store.Ping(ctx)
}

func (s observed) AddAudit(ctx context.Context, e audit.Entry) (err error) {
	defer s.done("add_audit", time.Now(), &err)
	return s.Store.AddAudit(ctx, e)
}

func (s observed) ListAudit(ctx context.Context, q audit.Query) (page audit.Page, err error) {
	defer s.done("list_audit", time.Now(), &err)
	return s.Store.ListAudit(ctx, q)
}

func (s observed) ForgetAudit(ctx context.Context, cutoff time.Time) (n int64, err error) {
	defer s.done("forget_audit", time.Now(), &err)
	return s.Store.ForgetAudit(ctx, cutoff)
}
