package web

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"heard/store"
)

var testSecret = []byte("a test secret that is long enough!!")

// An instance asks the store nothing about an address it knows is over the
// limit, asks again once that memory runs out, and never keeps more than
// overMost such addresses.
func TestAddressLimitForgetsWhatItRemembers(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	now := time.Now()
	l := &AddressLimit{Kind: "test", Limit: 1, Window: 10 * time.Minute, Store: st, Secret: testSecret,
		Clients: ClientAddresses(nil), Now: func() time.Time { return now }}
	req := httptest.NewRequest("POST", "/", nil)
	allow := func() bool {
		ok, err := l.Allow(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !allow() || allow() || allow() {
		t.Fatal("a limit of one")
	}
	now = now.Add(overFor)
	if allow() {
		t.Error("still over the store's limit, yet allowed")
	}
	// Hits: the first, the one over, none while remembered, one after.
	if n, _ := st.Hit(t.Context(), "test:"+l.key(req), time.Minute); n != 4 {
		t.Errorf("the store counted %d hits, want 3 before this one", n-1)
	}
	for i := range overMost + 10 {
		l.remember(strconv.Itoa(i), now.Add(time.Minute), now)
	}
	if len(l.over) != overMost {
		t.Errorf("remembers %d addresses, want at most %d", len(l.over), overMost)
	}
	now = now.Add(time.Minute)
	l.remember("after", now.Add(time.Minute), now)
	if len(l.over) != 1 {
		t.Errorf("after they ran out it still remembers %d", len(l.over))
	}
}
