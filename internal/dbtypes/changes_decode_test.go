package dbtypes

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzDecodeChangesFast: whatever the fast decoder accepts, it decodes exactly as encoding/json
// with UseNumber does (which must accept it too); and the stored forms of both engines take
// the fast way.
func FuzzDecodeChangesFast(f *testing.F) {
	for _, s := range []string{
		`{"replicas":{"old":1,"new":2}}`,
		`{"replicas": {"new": 2, "old": 1}, "updated_at": {"new": "2024-01-15T14:30:00.5Z", "old": "2024-01-15T10:30:00Z"}}`,
		`{"description":{"old":null,"new":"ünïcode ✓ <b>&"}}`,
		`{}`, ` { } `, `null`, `{"a":{"old":"x\"y","new":1}}`, `{"a":{"OLD":1}}`, `{"a":{"old":01}}`,
		`{"a":{"old":-0.5e+3,"new":true},"a":{"new":false}}`, `{"a":{}} x`, `{"a":{"old":[1]}}`, "{\"\xff\":{}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fast, ok := decodeChangesFast(raw)
		if !ok {
			return
		}
		var want Changes
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("fast decoder accepted %q, encoding/json refuses it: %v", raw, err)
		}
		if !reflect.DeepEqual(fast, want) {
			t.Fatalf("%q:\n fast %#v\n want %#v", raw, fast, want)
		}
	})
}

func TestStoredChangesTakeTheFastWay(t *testing.T) {
	for _, raw := range append([]string{
		`{"replicas": {"new": 2, "old": 1}}`, // PostgreSQL's jsonb
		`{"description": {"new": "ünïcode", "old": null}}`,
	}, benchChangesList()...) {
		if _, ok := decodeChangesFast([]byte(raw)); !ok {
			t.Errorf("%s goes the slow way", raw)
		}
	}
	c := Changes{"replicas": {Old: json.Number("1"), New: json.Number("2")}, "status": {Old: nil, New: "active"}}
	stored, err := c.Value()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := decodeChangesFast([]byte(stored.(string))); !ok {
		t.Errorf("what Value stores (%s) goes the slow way", stored)
	}
}

func benchChangesList() []string {
	out := make([]string, 0, len(benchChanges))
	for _, raw := range benchChanges {
		out = append(out, raw)
	}
	return out
}
