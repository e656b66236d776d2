package main

import (
	"context"
	"log/slog"
	"time"

	"heard/store"
)

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
