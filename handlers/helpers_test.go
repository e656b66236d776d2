package handlers

import "heard/handlers/internal/webtest"

// What these tests share with the workers' side's, by the names they use.
const testPublicURL = webtest.PublicURL

var (
	testSecret    = webtest.Secret
	loadWords     = webtest.LoadWords
	mustURL       = webtest.MustURL
	testBank      = webtest.Bank
	stores        = webtest.Stores
	openTestRedis = webtest.OpenRedis
	uniqueCode    = webtest.UniqueCode
	field         = webtest.Field
	responses     = webtest.Responses

	parse     = webtest.Parse
	attr      = webtest.Attr
	hasAttr   = webtest.HasAttr
	all       = webtest.All
	tag       = webtest.Tag
	byID      = webtest.ByID
	first     = webtest.First
	text      = webtest.Text
	rawText   = webtest.RawText
	focusable = webtest.Focusable
)
