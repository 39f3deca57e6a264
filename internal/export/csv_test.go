package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/iims/iims/internal/dbtypes"
)

// FuzzCSVRow: a row built cell by cell is byte for byte what encoding/csv's Writer writes for the
// same cells (quotes doubled, cells with commas, quotes, line breaks or a leading space quoted).
func FuzzCSVRow(f *testing.F) {
	f.Add("plain", "with, comma", `say "hi"`, int64(-42), int64(1700000000123456789), true)
	f.Add("", " leading space", "line\nbreak\r", int64(0), int64(0), false)
	f.Add(`\.`, "\u00a0nbsp", "\xff\xfe", int64(9), int64(1), true)
	f.Fuzz(func(t *testing.T, a, b, c string, n, nanos int64, hasOptional bool) {
		at := time.Unix(0, nanos).In(time.FixedZone("x", 3600))
		var r CSVRow
		r.Text(a)
		r.Int(n)
		r.Text(b)
		r.Time(at)
		changes := dbtypes.Changes{"k": {Old: c, New: nil}}
		r.Changes(changes)
		changesJSON, err := json.Marshal(changes)
		if err != nil {
			t.Fatal(err)
		}
		cells := []string{a, strconv.FormatInt(n, 10), b, at.UTC().Format(time.RFC3339Nano), string(changesJSON)}
		if hasOptional {
			r.OptionalText(&c)
			r.OptionalInt(&n)
			cells = append(cells, c, strconv.FormatInt(n, 10))
		} else {
			r.OptionalText(nil)
			r.OptionalInt(nil)
			cells = append(cells, "", "")
		}
		r.Text(c)
		cells = append(cells, c)
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		if err := w.Write(cells); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		if got := string(append(r.b, '\n')); got != want.String() {
			t.Fatalf("\n got %q\nwant %q", got, want.String())
		}
	})
}
