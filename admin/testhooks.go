//go:build heardtesthooks

package admin

import (
	"context"
	"errors"
	"sync"

	"heard/store"
)

// Commands for the process tests of a stuck store, only in binaries built with
// -tags heardtesthooks: "test hold-writes" keeps a write transaction open, as a stuck disk
// would, until "test release-writes".
func init() {
	commands["test hold-writes"] = holdWrites
	commands["test release-writes"] = releaseWrites
}

var held struct {
	sync.Mutex
	release func()
}

func holdWrites(_ context.Context, st store.Store, _ Request) (string, error) {
	e, ok := st.(interface{ HoldWrites() (func(), error) })
	if !ok {
		return "", errors.New("not the embedded store")
	}
	release, err := e.HoldWrites()
	if err != nil {
		return "", err
	}
	held.Lock()
	held.release = release
	held.Unlock()
	return "holding writes", nil
}

func releaseWrites(context.Context, store.Store, Request) (string, error) {
	held.Lock()
	defer held.Unlock()
	if held.release == nil {
		return "", errors.New("nothing held")
	}
	held.release()
	held.release = nil
	return "released", nil
}
