//go:build heardtesthooks

package store

// HoldWrites begins a write transaction and keeps it open until release, as a stuck disk
// would. Only in binaries built with -tags heardtesthooks, for the process tests of a
// stuck store; never in Heard as shipped.
func (e *Embedded) HoldWrites() (release func(), err error) {
	e.swap.RLock()
	db := e.db
	e.swap.RUnlock()
	tx, err := db.Begin(true)
	if err != nil {
		return nil, err
	}
	return func() { tx.Rollback() }, nil
}
