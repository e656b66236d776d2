package store

// HoldWrite begins a write transaction on e's file and keeps it open, as a stuck disk
// would, until the returned release is called.
func HoldWrite(e *Embedded) (release func(), err error) {
	return hold(e, true)
}

// HoldRead begins a read transaction and keeps it open until release: while it is open,
// the file cannot grow (its memory map cannot be replaced), which is how a backup that
// read the file straight to a stalled client once held every call up.
func HoldRead(e *Embedded) (release func(), err error) {
	return hold(e, false)
}

func hold(e *Embedded, writable bool) (func(), error) {
	e.swap.RLock()
	db := e.db
	e.swap.RUnlock()
	tx, err := db.Begin(writable)
	if err != nil {
		return nil, err
	}
	return func() { tx.Rollback() }, nil
}

// FilePath is where e's file is.
func FilePath(e *Embedded) string { return e.path }

// KeyPrefix is the prefix of r's keys.
func KeyPrefix(r *Redis) string { return r.prefix }
