//go:build race

package safety

// underRace is true when tests run with the race detector, which makes training the
// model again take minutes.
const underRace = true
