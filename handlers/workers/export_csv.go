package workers

import (
	"errors"
	"io"
	"net/http"
	"time"

	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// exportCSV gives every response of a round as CSV, safe to open in a
// spreadsheet (no cell can run as a formula), written as it is read.
func (w *handler) exportCSV(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	// Ask the store first, so one that is down gets a proper error page;
	// once the download has started, a failure can only cut it short.
	if err := w.store.Ping(ctx); err != nil {
		return err
	}
	if err := w.recordRound(c, audit.ExportedCSV, round); err != nil {
		return w.notRecorded(c)
	}
	download(c, "text/csv; charset=utf-8", "heard-"+round.Code+".csv")
	out := &patientWriter{w: c.Response(), rc: http.NewResponseController(c.Response())}
	err = feedback.WriteCSV(out, round.Form(w.bank), func(fn func(feedback.Response) error) error {
		return w.store.EachResponse(ctx, round.Code, fn)
	})
	if err != nil {
		w.log.Error("export: cut short", "round", round.Code, "err", err.Error())
		// Cut the connection rather than end the download: a clean end
		// would look like a whole export with rows missing.
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportPatience is how long a download waits on its reader: each chunk
// written gives the connection this long again (the server's write timeout
// would cut any download at 15 s), so an export takes as long as a slow
// reader needs, while a reader who stops reading is let go.
const exportPatience = 15 * time.Second

// errReaderGone stands for any failure to write a download: the
// connection's own error names the reader's address, which is never logged.
var errReaderGone = errors.New("the reader stopped taking the download")

// patientWriter writes a long download, giving the connection more time
// before each chunk.
type patientWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (p *patientWriter) Write(b []byte) (int, error) {
	if err := p.rc.SetWriteDeadline(time.Now().Add(exportPatience)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return 0, errReaderGone
	}
	n, err := p.w.Write(b)
	if err != nil {
		return n, errReaderGone
	}
	return n, nil
}

// download starts a file the browser saves rather than shows, and never caches.
func download(c echo.Context, contentType, filename string) {
	h := c.Response().Header()
	h["Content-Type"] = []string{contentType}
	h["Content-Disposition"] = []string{`attachment; filename="` + filename + `"`}
	h["Cache-Control"] = []string{"no-store"}
	c.Response().WriteHeader(http.StatusOK)
}
