package handlers

import (
	"context"
	"net/http"
	"sync"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/handlers/web"
	"heard/locales"
	"heard/store"

	"github.com/labstack/echo/v4"
)

// newsFor is how long an instance shows the posts it last read: new posts
// reach every instance within it, and a busy page costs the store little.
const newsFor = 30 * time.Second

// newsStore is what the news reads: the posts, and the teams that wrote
// them.
type newsStore interface {
	Posts(ctx context.Context) ([]feedback.Post, error)
	Teams(ctx context.Context) ([]accounts.Team, error)
}

// newsCache keeps the "You said, we did" posts, and their teams' names,
// for a short while.
type newsCache struct {
	store  newsStore
	now    func() time.Time
	mu     sync.Mutex
	posts  []feedback.Post
	teams  map[string]string // a team's id to its name
	read   time.Time
	failed time.Time // the last failed read: the store is not asked again for a while
	err    error
}

// retryAfter is how long a failed read is remembered, so that while the
// store is down, requests do not queue behind one another's timeouts.
const retryAfter = 5 * time.Second

// get returns the posts, newest first, reading the store when they are
// older than newsFor. When the store fails, posts already read are shown.
func (n *newsCache) get(ctx context.Context) ([]feedback.Post, error) {
	posts, _, err := n.withTeams(ctx)
	return posts, err
}

// withTeams is get with the names of the posts' teams.
func (n *newsCache) withTeams(ctx context.Context) ([]feedback.Post, map[string]string, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.read.IsZero() && n.now().Sub(n.read) < newsFor {
		return n.posts, n.teams, nil
	}
	if !n.failed.IsZero() && n.now().Sub(n.failed) < retryAfter {
		return n.posts, n.teams, n.err
	}
	if n.store == nil {
		return nil, nil, store.ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	posts, err := n.store.Posts(ctx)
	var teams []accounts.Team
	if err == nil {
		teams, err = n.store.Teams(ctx)
	}
	if err != nil {
		n.failed, n.err = n.now(), err
		return n.posts, n.teams, err
	}
	names := make(map[string]string, len(teams))
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	n.posts, n.teams, n.read, n.failed = posts, names, n.now(), time.Time{}
	return posts, names, nil
}

// forget makes the next get read the store, after a post changed here.
func (n *newsCache) forget() {
	n.mu.Lock()
	n.read, n.failed = time.Time{}, time.Time{}
	n.mu.Unlock()
}

// postView is one post as a young person reads it.
type postView struct {
	Said, Did string
	From      string // the team's name; none for the admins' posts
	English   bool   // not yet in the reader's language
	Published time.Time
}

// newsView is the "You said, we did" page.
type newsView struct {
	Posts       []postView
	Unavailable bool
}

// youSaidWeDid shows what changed because of what young people said. If
// the store cannot be read, the page still comes, with the help block, and
// says so plainly.
func (f *feedbackForms) youSaidWeDid(c echo.Context) error {
	lang, ok := locales.Lookup(c.Param("lang"))
	if !ok {
		return echo.ErrNotFound
	}
	posts, teams, err := f.news.withTeams(c.Request().Context())
	v := f.site.baseView(lang, "NewsTitle")
	v.Description = f.site.render.Translator(lang.Code).T("NewsIntro")
	v.Languages = web.LanguageLinks(lang.Code, "you-said-we-did")
	v.News = &newsView{Unavailable: err != nil && len(posts) == 0}
	if err != nil {
		f.log.Error("news: store", "err", err.Error())
	}
	for _, p := range posts {
		said, did, english := p.In(lang.Code)
		v.News.Posts = append(v.News.Posts, postView{Said: said, Did: did, From: teams[p.Team], English: english, Published: p.Published.In(feedback.UK)})
	}
	status := http.StatusOK
	if v.News.Unavailable {
		status = http.StatusServiceUnavailable
	}
	return f.write(c, status, "news", v)
}
