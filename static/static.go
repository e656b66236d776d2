// Package static holds the site's CSS and its two small optional scripts (the
// quick exit's and read-aloud's), and names each by a hash of its bytes so
// browsers may cache it for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"path"
	"strings"
)

//go:embed style.css exit.js listen.js
var files embed.FS

// Asset is one file, under its hashed name ("style.3f2a9c1d0b.css").
type Asset struct {
	Name, Hashed, Type string
	Body               []byte
}

// Assets returns every file with its hashed name.
func Assets() ([]Asset, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var assets []Asset
	for _, e := range entries {
		body, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		assets = append(assets, Asset{
			Name:   e.Name(),
			Hashed: strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext,
			Type:   mime.TypeByExtension(ext),
			Body:   body,
		})
	}
	return assets, nil
}
