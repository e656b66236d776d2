package workers

import (
	"context"

	"heard/audit"
	"heard/localhelp"
)

// Each change to a team's local help is written in the audit trail before
// it is kept, as the round actions are: who, which team, which service by
// its name, and when. If the trail cannot take it, nothing is kept and the
// page says so (notRecorded).

var localHelpActions = map[localhelp.ChangeKind]audit.Action{
	localhelp.Added:   audit.AddedLocalHelp,
	localhelp.Changed: audit.ChangedLocalHelp,
	localhelp.Checked: audit.CheckedLocalHelp,
	localhelp.Removed: audit.RemovedLocalHelp,
}

// recordLocalHelp is the local help service's Before: it returns
// errNotRecorded when the trail does not take the change.
func (w *handler) recordLocalHelp(ctx context.Context, c localhelp.Change) error {
	if w.trail == nil {
		return errNotRecorded
	}
	if err := w.record(ctx, audit.Entry{Who: c.By, What: localHelpActions[c.What], Team: c.Team, LocalHelp: c.Name}); err != nil {
		return errNotRecorded
	}
	return nil
}

// isLocalHelp reports whether an action is a change to local help.
func isLocalHelp(a audit.Action) bool {
	for _, action := range localHelpActions {
		if a == action {
			return true
		}
	}
	return false
}
