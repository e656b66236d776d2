package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"heard/e2e/twiliotest"
)

// The real binary, sent a WhatsApp picture and an MMS, signed as Twilio
// signs them with the media fields: it answers kindly and never asks for
// the picture (a server standing in for Twilio's media store sees nothing).
// TestMain checks no log holds the picture's address or the number.
func TestTheRealBinaryNeverFetchesAPicture(t *testing.T) {
	var hits atomic.Int64
	media := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("\xff\xd8"))
	}))
	defer media.Close()
	in := startHeard(t, "HEARD_DATA="+t.TempDir())
	run := time.Now().UnixNano()
	phone := give(fmt.Sprintf("+4477009%05d", run%100000))
	for i, form := range []map[string][]string{
		twiliotest.WhatsAppForm(fmt.Sprintf("MM%dwa", run), phone, give("he wont let me leave")),
		twiliotest.Form(fmt.Sprintf("MM%dsms", run), phone, ""),
	} {
		form["NumMedia"] = []string{"1"}
		form["MediaUrl0"] = []string{give(media.URL + fmt.Sprintf("/Media/ME%d", run))}
		form["MediaContentType0"] = []string{"image/jpeg"}
		reply := in.send(form)
		if !strings.Contains(reply, "Report Remove") || !strings.Contains(reply, "0800 1111") || i == 0 && !strings.Contains(reply, "*If you are in danger now, call 999") {
			t.Errorf("picture %d: %s", i, reply)
		}
	}
	media.Close()
	if n := hits.Load(); n != 0 {
		t.Errorf("heard fetched the picture %d times", n)
	}
}
