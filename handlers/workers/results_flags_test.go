package workers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// TestFlaggedCommentsComeFirstWithTheirKindAndWhatToDo: every kind of flag is named in
// plain words with the instruction to follow the safeguarding procedure now, above the
// ordinary comments, and the page opens with how many there are.
func TestFlaggedCommentsComeFirstWithTheirKindAndWhatToDo(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		ctx := context.Background()
		at := time.Now().Add(-time.Hour)
		save := func(comment, flag string) {
			at = at.Add(time.Minute) // newer each time: the ordinary one last is the newest
			if err := st.SaveResponse(ctx, feedback.Response{Round: feedback.Standing, Channel: "sms", Lang: "en", At: at,
				Answers: map[string]int{"listened": 3}, Comment: comment, Flag: flag}); err != nil {
				t.Fatal(err)
			}
		}
		names := map[string]string{"danger": "Danger now", "selfharm": "Suicide or self-harm",
			"disclosure": "Sexual abuse or grooming", "exploitation": "Criminal exploitation", "images": "Image-based abuse"}
		for flag := range names {
			save("comment flagged "+flag, flag)
		}
		save("an ordinary comment", "")
		body := w.do("GET", "/workers/rounds/general", nil, sessionFrom(t, w.signIn(ada, workerPassword)).Value).Body.String()
		main := text(first(parse(t, body), tag("main")))
		if !strings.Contains(main, "5 comments sound unsafe. Follow your organisation's safeguarding procedure now") ||
			strings.Index(main, "comments sound unsafe") > strings.Index(main, "Comments are deleted") {
			t.Errorf("the page does not open with the flagged comments and what to do")
		}
		ordinary := strings.Index(main, "an ordinary comment")
		for flag, name := range names {
			label := strings.Index(main, name+": follow your safeguarding procedure now. comment flagged "+flag)
			if label < 0 || label > ordinary {
				t.Errorf("%s: not named, or not above the ordinary comment", flag)
			}
		}
	})
}
