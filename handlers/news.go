package handlers

import (
	"context"
	"net/http"
	"sync"
	"time"

	"heard/feedback"
	"heard/locales"
	"heard/store"

	"github.com/labstack/echo/v4"
)

// newsFor is how long an instance shows the posts it last read: new posts
// reach every instance within it, and a busy page costs the store little.
const newsFor = 30 * time.Second

// newsCache keeps the "You said, we did" posts for a short while.
type newsCache struct {
	store  feedback.RoundStore
	now    func() time.Time
	mu     sync.Mutex
	posts  []feedback.Post
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
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.read.IsZero() && n.now().Sub(n.read) < newsFor {
		return n.posts, nil
	}
	if !n.failed.IsZero() && n.now().Sub(n.failed) < retryAfter {
		return n.posts, n.err
	}
	if n.store == nil {
		return nil, store.ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	posts, err := n.store.Posts(ctx)
	if err != nil {
		n.failed, n.err = n.now(), err
		return n.posts, err
	}
	n.posts, n.read, n.failed = posts, n.now(), time.Time{}
	return posts, nil
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
	English   bool // not yet in the reader's language
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
	posts, err := f.news.get(c.Request().Context())
	v := f.site.baseView(lang, "NewsTitle")
	v.Description = f.site.render.translators[lang.Code].T("NewsIntro")
	v.Languages = languageLinks(lang.Code, "you-said-we-did")
	v.News = &newsView{Unavailable: err != nil && len(posts) == 0}
	if err != nil {
		f.log.Error("news: store", "err", err.Error())
	}
	for _, p := range posts {
		said, did, english := p.In(lang.Code)
		v.News.Posts = append(v.News.Posts, postView{Said: said, Did: did, English: english, Published: p.Published.In(feedback.UK)})
	}
	status := http.StatusOK
	if v.News.Unavailable {
		status = http.StatusServiceUnavailable
	}
	return f.write(c, status, "news", v)
}
