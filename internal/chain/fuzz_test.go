package chain

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/iims/iims/internal/dbtypes"
)

// FuzzHashSurvivesStorage: a record's hash is the same when recomputed from what storage gives
// back — its changes through JSON, as both engines store them (numbers come back as json.Number)
// — else `iims verify` would cry tampering over an honest record. Values are what the rules let
// through to storage: valid UTF-8 without NUL.
func FuzzHashSurvivesStorage(f *testing.F) {
	f.Add("llama-7b-chat", "LLaMA — prod", "<&>\u2028", int64(2), int64(4), "3f1c", true)
	f.Add("ü", "", "\ufeff", int64(-1), int64(1<<60), "", false)
	f.Add("x", "a\"b\\c", "🦙", int64(9007199254740993), int64(0), "r", true)
	f.Fuzz(func(t *testing.T, name, desc, other string, oldN, newN int64, reqID string, v2 bool) {
		for _, s := range []string{name, desc, other, reqID} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return
			}
		}
		at := time.Date(2024, 1, 15, 10, 30, 0, 123456000, time.UTC)
		r := Record{Version: V1, OriginalID: 7, Operation: "update", At: at, Name: name, ModelName: other, ModelVersion: "latest",
			ClusterName: "c", ImageTag: "i", Replicas: 1, PP: 1, CP: 8, TP: 1, Status: "active", Priority: "high", Description: &desc,
			InstanceVersion: 2, CreatedAt: at, UpdatedAt: at, RequestID: &reqID,
			Changes: dbtypes.Changes{"replicas": {Old: oldN, New: newN}, "name": {Old: other, New: name}, "description": {Old: nil, New: desc}}}
		if v2 {
			r.Version, r.Actor, r.Reason = V2, &other, &desc
		}
		hash, err := Hash("prev", r)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := r.Changes.Value()
		if err != nil {
			t.Fatal(err)
		}
		var back dbtypes.Changes
		if err := back.Scan(stored); err != nil {
			t.Fatal(err)
		}
		r.Changes = back
		if again, err := Hash("prev", r); err != nil || again != hash {
			t.Fatalf("the hash of %q differs after storage: %s vs %s (%v)", stored, hash, again, err)
		}
	})
}
