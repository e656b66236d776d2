package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"heard/store"
)

// commentMonths reads HEARD_COMMENT_MONTHS: how many months comments are
// kept (default 13). Less than a month would lose comments before anyone
// read them; more than three years is longer than any report needs.
func commentMonths(v string) (int, error) {
	if v == "" {
		return store.DefaultCommentMonths, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 36 {
		return 0, fmt.Errorf("HEARD_COMMENT_MONTHS=%q: give a whole number of months from 1 to 36", v)
	}
	return n, nil
}

// forgetEvery is how often old comments are looked for: daily, and once
// at start-up, so a service restarted daily still forgets.
const forgetEvery = 24 * time.Hour

// forgetOldComments deletes comments older than months, now and then daily,
// until ctx ends. Tallies stay.
func forgetOldComments(ctx context.Context, st store.Store, months int, log *slog.Logger) {
	tick := time.NewTicker(forgetEvery)
	defer tick.Stop()
	for {
		cutoff := time.Now().AddDate(0, -months, 0)
		n, err := store.ForgetOldComments(ctx, st, cutoff)
		if err != nil {
			log.Error("retention: forgetting old comments", "err", err.Error())
		} else {
			log.Info("retention: forgot old comments", "comments", n, "before", cutoff.Format(time.DateOnly))
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// forgetOptOuts deletes from Redis the opt-out flags older versions kept
// forever (the embedded store drops them when it opens).
func forgetOptOuts(st *store.Redis, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := st.ForgetOptOuts(ctx)
	if err != nil {
		log.Error("retention: forgetting old opt-out flags", "err", err.Error())
		return
	}
	if n > 0 {
		log.Info("retention: forgot old opt-out flags", "flags", n)
	}
}
