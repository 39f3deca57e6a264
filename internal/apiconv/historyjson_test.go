package apiconv

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
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

// A generated nullable field left unset encodes as its type's zero value (0, ""), not null: the
// converters must set every one. (ToHistoryRecord once left reverted_from unset, so every record
// in the API said 0.)
func TestConvertersSetEveryNullableField(t *testing.T) {
	h, inst := instances.HistoryRecord{}, instances.Instance{}
	for name, v := range map[string]any{
		"ToHistoryRecord": ToHistoryRecord(h),
		"ToHistoryPage":   ToHistoryPage(store.HistoryPage{Items: []store.HistoryRecord{h}}, store.HistoryFilter{}),
		"ToComparison":    ToComparison(instances.Comparison{From: h, To: h}),
		"ToInstance":      ToInstance(inst),
		"ToInstanceDiff":  ToInstanceDiff(instances.InstanceDiff{}),
		"ToEvent":         ToEvent(instances.Event{Record: h}),
		"ToBulkResult":    ToBulkResult(instances.BulkResult{Items: []instances.BulkItem{{After: &inst}}}),
		"ToImportResult":  ToImportResult([]instances.ImportItem{{ID: 1}}, false, "r"),
	} {
		checkNullablesSet(t, name, reflect.ValueOf(v))
	}
}

func checkNullablesSet(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			checkNullablesSet(t, path+"."+v.Type().Field(i).Name, v.Field(i))
		}
	case reflect.Slice:
		for i := range v.Len() {
			checkNullablesSet(t, fmt.Sprintf("%s[%d]", path, i), v.Index(i))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			checkNullablesSet(t, path, v.Elem())
		}
	case reflect.Map:
		// nullable.Nullable[T] is map[bool]T: unset is the nil map.
		if v.Type().Key().Kind() == reflect.Bool && strings.Contains(v.Type().String(), "nullable.Nullable") && v.IsNil() {
			t.Errorf("%s is left unset: it encodes as %s, not null", path, zeroJSON(v))
		}
	}
}

func zeroJSON(v reflect.Value) string {
	b, _ := json.Marshal(v.Interface())
	return string(b)
}
