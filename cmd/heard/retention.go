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
// until ctx ends. Tallies stay. With the embedded store (file), the file is
// then rewritten without them, so they are gone from the disk and from every
// backup taken afterwards, not only from the store's index.
func forgetOldComments(ctx context.Context, st store.Store, file *store.Embedded, months int, log *slog.Logger) {
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
		// Even after an error: what was deleted before it must go from the disk too.
		if n > 0 && file != nil {
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
