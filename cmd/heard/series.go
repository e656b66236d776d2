package main

import (
	"context"
	"log/slog"

	"heard/store"
)

// backfillSeries counts, once at start-up, the responses kept before
// rounds' series existed, so trends and before-and-after comparisons cover
// them too. Once every round's series are complete it only reads each
// round's tallies and monthly series; every instance may run it.
func backfillSeries(ctx context.Context, st store.Store, log *slog.Logger) {
	n, err := store.BackfillAllSeries(ctx, st)
	if err != nil {
		log.Error("series: backfilling", "err", err.Error())
		return
	}
	if n > 0 {
		log.Info("series: backfilled", "responses", n)
	}
}
