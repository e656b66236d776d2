package accounts

import "io"

// SetRandom makes f draw its secrets and recovery codes from r, so a test can
// enrol RFC 6238's secret.
func SetRandom(f *Factors, r io.Reader) { f.random = r }

// HasHash reports whether tf keeps h among its recovery codes' hashes.
func HasHash(tf TwoFactor, h []byte) bool { return findHash(tf.Recovery, h) >= 0 }
