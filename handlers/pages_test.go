package handlers

import (
	"sync"
	"testing"
	"time"

	"heard/handlers/web"
)

// When the help page for this moment cannot be drawn, a rendering made at
// start-up is served instead. That fallback reads the page's renderings
// while another request may be adding one: run with -race, this fails if
// it reads them without the page's lock.
func TestHelpPageFallbackIsSafeWhileAnotherRequestAddsARendering(t *testing.T) {
	lib, bundle := loadWords(t)
	now := time.Now()
	s, err := buildSite(lib, bundle, ExitURL, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	tp := s.timed["en"]["help"]
	if tp == nil {
		t.Fatal("the help page shows no opening hours")
	}
	// A site that shares the pages but cannot draw one: a renderer with no templates.
	broken := *s
	broken.render = &web.Renderer{}
	for range 3 {
		// This moment's rendering is forgotten, so the next request draws and adds it.
		tp.mu.Lock()
		delete(tp.variants, statusKey(tp.page, now))
		tp.mu.Unlock()
		// The falling-back request stays alive until the other has added its
		// rendering, so the race detector can still name both sides.
		release := make(chan struct{})
		var adding, fallingBack sync.WaitGroup
		adding.Go(func() {
			if s.lookup("en", "help") == nil {
				t.Error("no help page")
			}
		})
		fallingBack.Go(func() {
			if broken.lookup("en", "help") == nil {
				t.Error("no help page when this moment's cannot be drawn")
			}
			<-release
		})
		adding.Wait()
		close(release)
		fallingBack.Wait()
	}
}
