package storetest

import (
	"errors"
	"fmt"
	"heard/feedback"
	"strings"
	"testing"
	"time"
)

// Responses is the contract of feedback.ResponseStore: responses, their
// tallies and comments, and their series (series.go).
func Responses(t *testing.T, open func(t *testing.T) feedback.ResponseStore) {
	t.Run("FeedbackResponsesAndTalliesAgree", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		at := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
		first := feedback.Response{Round: "r1", Channel: "web", Lang: "ur", At: at,
			Answers: map[string]int{"listened": 4, "safe": 0}, Service: "police", Comment: "kind <b>people</b>", Flag: "disclosure"}
		second := feedback.Response{Round: "r1", Channel: "sms", Lang: "en", At: at.AddDate(0, 0, 7), Answers: map[string]int{"listened": 4}}
		other := feedback.Response{Round: "r2", Channel: "web", Lang: "en", At: at}
		for _, r := range []feedback.Response{first, second, other} {
			must(t, s.SaveResponse(ctx, r))
		}
		got := allResponses(t, s, "r1")
		if len(got) != 2 || got[0].Comment != first.Comment || got[0].Answers["safe"] != 0 || got[1].Channel != "sms" || !got[0].At.Equal(at) {
			t.Fatalf("responses: %+v", got)
		}
		tallies, err := s.Tallies(ctx, "r1")
		must(t, err)
		want := map[string]int64{"total": 2, "q:listened:4": 2, "q:safe:0": 1, "channel:web": 1, "channel:sms": 1,
			"lang:ur": 1, "lang:en": 1, "service:police": 1, "comments": 1, "flag:disclosure": 1,
			"week:2026-W47": 1, "week:2026-W48": 1}
		if len(tallies) != len(want) {
			t.Errorf("tallies %v, want %v", tallies, want)
		}
		for k, v := range want {
			if tallies[k] != v {
				t.Errorf("tally %s = %d, want %d", k, tallies[k], v)
			}
		}
		comments, err := s.Comments(ctx, "r1", 10)
		must(t, err)
		if len(comments) != 1 || comments[0].Comment != first.Comment {
			t.Errorf("comments: %+v", comments)
		}
		if empty, err := s.Tallies(ctx, "no-such-round"); err != nil || len(empty) != 0 {
			t.Errorf("unknown round: %v %v", empty, err)
		}
	})

	t.Run("AResponseWithAnIDIsKeptOnce", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		r := feedback.Response{ID: "form-nonce-1", Round: "once", Channel: "web", Lang: "en", At: time.Now(),
			Answers: map[string]int{"safe": 5}, Comment: "sent twice"}
		parallel(t, 5, func() error { return s.SaveResponse(ctx, r) })
		other := r
		other.ID = "form-nonce-2"
		must(t, s.SaveResponse(ctx, other))
		tallies, err := s.Tallies(ctx, "once")
		must(t, err)
		got := allResponses(t, s, "once")
		comments, err := s.Comments(ctx, "once", 10)
		must(t, err)
		if tallies["total"] != 2 || tallies["q:safe:5"] != 2 || len(got) != 2 || len(comments) != 2 {
			t.Errorf("one ID saved five times and another once: tallies %v, %d responses, %d comments", tallies, len(got), len(comments))
		}
	})

	t.Run("CommentsNewestFirstUpToALimit", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		for i := range 5 {
			must(t, s.SaveResponse(ctx, feedback.Response{Round: "c", Channel: "web", Lang: "en", At: time.Now().Add(time.Duration(i) * time.Second),
				Comment: fmt.Sprint("comment ", i)}))
			must(t, s.SaveResponse(ctx, feedback.Response{Round: "c", Channel: "web", Lang: "en", At: time.Now()}))
		}
		got, err := s.Comments(ctx, "c", 3)
		must(t, err)
		if len(got) != 3 || got[0].Comment != "comment 4" || got[2].Comment != "comment 2" {
			t.Errorf("comments %+v", got)
		}
		if none, err := s.Comments(ctx, "no-such-round", 3); err != nil || len(none) != 0 {
			t.Errorf("unknown round: %v %v", none, err)
		}
	})

	t.Run("EachResponseReadsPageAfterPageAndStopsWhenAsked", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		const n = 2345 // over two pages
		parallel(t, n, func() error {
			return s.SaveResponse(ctx, feedback.Response{Round: "big", Channel: "web", Lang: "en", At: time.Now(), Comment: "hi"})
		})
		got := allResponses(t, s, "big")
		ids := map[string]bool{}
		for _, r := range got {
			if r.ID == "" || r.Comment != "hi" {
				t.Fatalf("response %+v lost its id or comment", r)
			}
			ids[r.ID] = true
		}
		if len(got) != n || len(ids) != n {
			t.Errorf("read %d responses, %d ids; want %d", len(got), len(ids), n)
		}
		stop := errors.New("enough")
		seen := 0
		err := s.EachResponse(ctx, "big", func(feedback.Response) error {
			if seen++; seen == 10 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || seen != 10 {
			t.Errorf("stopping: err %v after %d", err, seen)
		}
		if none := allResponses(t, s, "no-such-round"); len(none) != 0 {
			t.Errorf("unknown round: %d responses", len(none))
		}
	})

	t.Run("ForgettingOldCommentsKeepsAnswersAndTallies", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		cutoff := time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC)
		for i, at := range []time.Time{cutoff.Add(-48 * time.Hour), cutoff.Add(-time.Millisecond), cutoff, cutoff.Add(time.Hour)} {
			must(t, s.SaveResponse(ctx, feedback.Response{Round: "old", Channel: "sms", Lang: "pl", At: at,
				Answers: map[string]int{"safe": 4}, Comment: fmt.Sprint("said ", i), Flag: "danger"}))
		}
		must(t, s.SaveResponse(ctx, feedback.Response{Round: "old", Channel: "web", Lang: "en", At: cutoff.Add(-72 * time.Hour)}))
		before, err := s.Tallies(ctx, "old")
		must(t, err)
		n, err := s.ForgetComments(ctx, "old", cutoff)
		must(t, err)
		if n != 2 {
			t.Errorf("forgot %d comments, want the 2 made before the cutoff", n)
		}
		kept, err := s.Comments(ctx, "old", 10)
		must(t, err)
		if len(kept) != 2 || kept[0].Comment != "said 3" || kept[1].Comment != "said 2" {
			t.Errorf("comments kept: %+v", kept)
		}
		var comments []string
		for _, r := range allResponses(t, s, "old") {
			if r.Answers["safe"] != 4 && r.Channel == "sms" {
				t.Errorf("an answer went with its comment: %+v", r)
			}
			comments = append(comments, r.Comment)
		}
		if strings.Join(comments, "|") != "||said 2|said 3|" {
			t.Errorf("responses' comments after forgetting: %q", comments)
		}
		after, err := s.Tallies(ctx, "old")
		must(t, err)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("tallies changed: %v, were %v", after, before)
		}
		if n, err := s.ForgetComments(ctx, "old", cutoff); err != nil || n != 0 {
			t.Errorf("forgetting again: %d %v", n, err)
		}
		if n, err := s.ForgetComments(ctx, "no-such-round", cutoff); err != nil || n != 0 {
			t.Errorf("unknown round: %d %v", n, err)
		}
	})

	t.Run("FeedbackConcurrentResponsesCountExactly", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		parallel(t, 40, func() error {
			return s.SaveResponse(ctx, feedback.Response{Round: "busy", Channel: "web", Lang: "en", At: time.Now(),
				Answers: map[string]int{"safe": 5}})
		})
		tallies, err := s.Tallies(ctx, "busy")
		must(t, err)
		got := allResponses(t, s, "busy")
		if tallies["total"] != 40 || tallies["q:safe:5"] != 40 || len(got) != 40 {
			t.Errorf("40 responses: tallies %v, %d stored", tallies, len(got))
		}
	})

	seriesContract(t, open)
}

func allResponses(t *testing.T, s feedback.ResponseStore, round string) []feedback.Response {
	t.Helper()
	var got []feedback.Response
	must(t, s.EachResponse(t.Context(), round, func(r feedback.Response) error {
		got = append(got, r)
		return nil
	}))
	return got
}
