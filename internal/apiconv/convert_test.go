package apiconv

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

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
