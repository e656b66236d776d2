package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// rawCopies reads the file's bytes and a new backup's bytes.
func rawCopies(t *testing.T, s *store.Embedded) (file, backup []byte) {
	t.Helper()
	file, err := os.ReadFile(store.FilePath(s))
	if err != nil {
		t.Fatal(err)
	}
	snapshot, err := s.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer snapshot.Close()
	backup, err = io.ReadAll(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	return file, backup
}

// "Deleted after 13 months" means gone from the disk: once retention has deleted a comment
// and the file is compacted, neither the file nor a backup taken afterwards holds its words.
// The comment is aged by its date, and retention is run with a cutoff: no clock is waited on.
func TestForgottenCommentsAreGoneFromTheFileAndLaterBackups(t *testing.T) {
	s := openEmbedded(t, t.TempDir())
	ctx := t.Context()
	now := time.Now()
	cutoff := now.AddDate(0, -store.DefaultCommentMonths, 0)
	marker := "a young person's words, kept too long " + fmt.Sprint(now.UnixNano())
	kept := "a young person's words from last week " + fmt.Sprint(now.UnixNano())
	save := func(at time.Time, comment string) {
		t.Helper()
		r := feedback.Response{Round: feedback.Standing, Channel: "web", Lang: "en", At: at, Answers: map[string]int{"safe": 3}, Comment: comment}
		if err := s.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	save(now.AddDate(0, -14, 0), marker)
	for i := range 200 { // the old comment's page is rewritten many times, as in a real year
		save(now.AddDate(0, 0, -7), fmt.Sprintf("%s %d", kept, i))
	}
	if file, _ := rawCopies(t, s); !bytes.Contains(file, []byte(marker)) {
		t.Fatal("the comment is not in the file to begin with: the test would prove nothing")
	}
	before, _ := s.Tallies(ctx, feedback.Standing)

	n, err := store.ForgetOldComments(ctx, s, cutoff)
	if err != nil || n != 1 {
		t.Fatalf("forgot %d, %v; want 1", n, err)
	}
	if file, _ := rawCopies(t, s); bytes.Contains(file, []byte(marker)) {
		t.Logf("after deleting, before compacting, the file still holds the comment (bbolt's free pages)")
	}
	c, err := s.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	file, backup := rawCopies(t, s)
	for name, b := range map[string][]byte{"file": file, "backup": backup} {
		if bytes.Contains(b, []byte(marker)) {
			t.Errorf("the %s still holds the forgotten comment", name)
		}
		if !bytes.Contains(b, []byte(kept+" 199")) {
			t.Errorf("the %s lost a comment still kept", name)
		}
	}
	after, _ := s.Tallies(ctx, feedback.Standing)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("tallies changed: %v, then %v", before, after)
	}
	// The compacted file goes on: new responses follow the old ones.
	save(now, "after the compaction")
	all := 0
	last := ""
	s.EachResponse(ctx, feedback.Standing, func(r feedback.Response) error { all++; last = r.Comment; return nil })
	if all != 202 || last != "after the compaction" {
		t.Errorf("after compacting and one more: %d responses, the last %q", all, last)
	}
	t.Logf("compacted %d bytes to %d; writes held %v, every call %v", c.Before, c.After, c.WritesHeld, c.AllHeld)
}

// Responses sent while the file is compacted are kept: each either waits for the swap and
// is kept, or is told plainly it was not (ErrUnavailable) and is not counted.
func TestCompactionLosesNothingWrittenMeanwhile(t *testing.T) {
	s := openEmbedded(t, t.TempDir())
	ctx := t.Context()
	var acked sync.Map
	var n, ackedN, told atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				comment := fmt.Sprintf("written during compaction %d", n.Add(1))
				err := s.SaveResponse(ctx, feedback.Response{Round: feedback.Standing, At: time.Now(), Answers: map[string]int{"safe": 2}, Comment: comment})
				switch {
				case err == nil:
					acked.Store(comment, true)
					ackedN.Add(1)
				case errors.Is(err, store.ErrUnavailable):
					told.Add(1)
				default:
					t.Error(err)
					return
				}
			}
		})
	}
	// Compact while responses keep coming: each time after a few hundred more are kept.
	waitFor := func(count int64) {
		for deadline := time.Now().Add(30 * time.Second); ackedN.Load() < count; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("only %d responses kept in 30 s", ackedN.Load())
			}
		}
	}
	for i := range 3 {
		waitFor(int64(200 * (i + 1)))
		if _, err := s.Compact(ctx); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(800)
	close(stop)
	wg.Wait()
	stored := map[string]bool{}
	s.EachResponse(ctx, feedback.Standing, func(r feedback.Response) error { stored[r.Comment] = true; return nil })
	acked.Range(func(k, _ any) bool {
		if !stored[k.(string)] {
			t.Errorf("acknowledged %q is lost", k)
		}
		return true
	})
	if int64(len(stored)) != ackedN.Load() {
		t.Errorf("%d stored, %d acknowledged", len(stored), ackedN.Load())
	}
	t.Logf("%d acknowledged across three compactions, %d told to try again", ackedN.Load(), told.Load())
}
