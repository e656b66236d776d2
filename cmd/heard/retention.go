package main

import (
	"context"
	"log/slog"
	"time"

	"heard/audit"
	"heard/store"
)

// forgetEvery is how often old comments and audit entries are looked for:
// daily, and once at start-up, so a service restarted daily still forgets.
const forgetEvery = 24 * time.Hour

// forgetOld deletes comments older than months, and audit entries older
// than two years (audit.KeepFor), now and then daily, until ctx ends.
// Tallies stay. With the embedded store (file), the file is then rewritten
// without them, so they are gone from the disk and from every backup taken
// afterwards, not only from the store's index.
func forgetOld(ctx context.Context, st store.Store, file *store.Embedded, months int, log *slog.Logger) {
	tick := time.NewTicker(forgetEvery)
	defer tick.Stop()
	trail := audit.NewTrail(st, time.Now)
	for {
		cutoff := time.Now().AddDate(0, -months, 0)
		comments, err := store.ForgetOldComments(ctx, st, cutoff)
		if err != nil {
			log.Error("retention: forgetting old comments", "err", err.Error())
		} else {
			log.Info("retention: forgot old comments", "comments", comments, "before", cutoff.Format(time.DateOnly))
		}
		entries, err := trail.Forget(ctx)
		if err != nil {
			log.Error("retention: forgetting old audit entries", "err", err.Error())
		} else {
			log.Info("retention: forgot old audit entries", "entries", entries, "kept_years", audit.KeepFor)
		}
		// Even after an error: what was deleted before it must go from the disk too.
		if comments+entries > 0 && file != nil {
			if c, err := file.Compact(ctx); err != nil {
				log.Error("retention: rewriting the data file without them", "err", err.Error())
			} else {
				log.Info("retention: rewrote the data file without them", "bytes_before", c.Before, "bytes_after", c.After,
					"writes_held", c.WritesHeld.String(), "all_held", c.AllHeld.String())
			}
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
