package storetest

import (
	"errors"
	"heard/feedback"
	"heard/store"
	"testing"
	"time"
)

// Rounds is the contract of feedback.RoundStore: rounds and their posts.
func Rounds(t *testing.T, open func(t *testing.T) feedback.RoundStore) {
	t.Run("RoundsAreCreatedOnceAndReplaced", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		created := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		youth := feedback.Round{Code: "YOUTH24", Title: "Youth club", Questions: []string{"safe"}, Own: "Was it warm?", OwnPrinciple: 7,
			Opens: created, Channels: []string{"web", "sms"}, Created: created, CreatedBy: "amy@example.org"}
		school := feedback.Round{Code: "SCHOOL", Title: "School", Questions: []string{"listened"}, Opens: created,
			Closes: created.AddDate(0, 1, 0), Channels: []string{"web"}, Created: created.Add(time.Hour)}
		must(t, s.CreateRound(ctx, youth))
		must(t, s.CreateRound(ctx, school))
		if err := s.CreateRound(ctx, feedback.Round{Code: "YOUTH24", Title: "Taken"}); !errors.Is(err, store.ErrExists) {
			t.Errorf("creating a taken code: %v, want ErrExists", err)
		}
		got, found, err := s.GetRound(ctx, "YOUTH24")
		must(t, err)
		if !found || got.Title != "Youth club" || got.Own != "Was it warm?" || !got.Opens.Equal(created) || !got.Closes.IsZero() || len(got.Channels) != 2 {
			t.Errorf("round %+v found %v", got, found)
		}
		got.Closes = created.Add(2 * time.Hour)
		must(t, s.PutRound(ctx, got))
		if again, _, _ := s.GetRound(ctx, "YOUTH24"); !again.Closes.Equal(got.Closes) {
			t.Errorf("closing did not stick: %+v", again)
		}
		if _, found, err := s.GetRound(ctx, "NOPE"); found || err != nil {
			t.Errorf("unknown round: %v %v", found, err)
		}
		rounds, err := s.Rounds(ctx)
		must(t, err)
		if len(rounds) != 2 || rounds[0].Code != "SCHOOL" || rounds[1].Code != "YOUTH24" {
			t.Errorf("rounds, newest first: %+v", rounds)
		}
	})

	t.Run("PostsNewestFirstAndTakenDown", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		for i, id := range []string{"a", "b", "c"} {
			must(t, s.AddPost(ctx, feedback.Post{ID: id, Round: "YOUTH24", Said: map[string]string{"en": "said " + id, "ur": "کہا"},
				Did: map[string]string{"en": "did " + id}, Published: at.Add(time.Duration(i) * time.Hour), By: "amy@example.org"}))
		}
		if err := s.AddPost(ctx, feedback.Post{ID: "a"}); !errors.Is(err, store.ErrExists) {
			t.Errorf("adding a post id twice: %v", err)
		}
		must(t, s.DeletePost(ctx, "b"))
		must(t, s.DeletePost(ctx, "never"))
		posts, err := s.Posts(ctx)
		must(t, err)
		if len(posts) != 2 || posts[0].ID != "c" || posts[1].ID != "a" || posts[0].Said["ur"] != "کہا" || !posts[1].Published.Equal(at) {
			t.Errorf("posts %+v", posts)
		}
	})
}
