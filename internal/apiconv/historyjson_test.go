package apiconv

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/instances"
)

// FuzzHistoryRecordJSON: the hand-written encoder gives exactly the bytes encoding/json gives for
// the generated api.HistoryRecord, for any field values, with and without the optional ones.
func FuzzHistoryRecordJSON(f *testing.F) {
	f.Add("llama-7b-chat", "<b>&</b> \"q\" \\ \n\t\r\b\f \x00\x1f", "ü🦙\u2028\u2029\xff\xfe", int64(7), int64(123456789), uint8(0xff))
	f.Add("", "", "", int64(0), int64(0), uint8(0))
	f.Add("replicas", "4", "-12.5e3", int64(-1), int64(999999999), uint8(0x55))
	f.Fuzz(func(t *testing.T, name, text, other string, n, nanos int64, optional uint8) {
		at := time.Unix(1700000000, nanos%1e9).UTC()
		h := instances.HistoryRecord{HistoryID: n, OriginalID: 42, OperationType: "update", OperationTimestamp: at,
			Name: name, ModelName: other, ModelVersion: "latest", ClusterName: text, ImageTag: other + name,
			Replicas: n, Pp: 1, Cp: 8, Tp: -3, Status: "active", Priority: "high", Version: 3,
			CreatedAt: at.Add(-time.Hour), UpdatedAt: at.Add(time.Duration(nanos % 1e6))}
		set := func(bit uint8) bool { return optional&bit != 0 }
		if set(1) {
			h.Description = &text
		}
		if set(2) {
			h.RequestID, h.Actor = &name, &other
		}
		if set(4) {
			via := "api"
			h.Via, h.Reason = &via, &text
		}
		if set(8) {
			h.RevertedFrom = &n
		}
		if set(16) {
			h.Hash = &other
		}
		if set(32) {
			// Values as the store decodes them (json.Number, string, nil), and the odd typed
			// ones a caller might build.
			h.Changes = dbtypes.Changes{name: {Old: nil, New: text}, "replicas": {Old: json.Number("4"), New: json.Number(strings.Repeat("9", 30))},
				other: {Old: true, New: int64(n)}, "ratio": {Old: 0.1, New: float64(nanos) / 7}, "count": {Old: int(n), New: []string{text}}}
		} else if set(64) {
			h.Changes = dbtypes.Changes{}
		}
		want, err := json.Marshal(ToHistoryRecord(h))
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendHistoryRecordJSON(nil, h); string(got) != string(want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
		wantChanges, err := json.Marshal(h.Changes)
		if err != nil {
			t.Fatal(err)
		}
		if h.Changes != nil {
			if got := AppendChangesJSON(nil, h.Changes); string(got) != string(wantChanges) {
				t.Fatalf("changes\n got %s\nwant %s", got, wantChanges)
			}
		}
	})
}
