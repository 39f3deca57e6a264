package apiconv

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/iims/iims/internal/instances"
)

// FuzzInstanceJSON: the hand-written encoder gives exactly the bytes encoding/json gives for the
// generated api.Instance, for any field values (the API's answers must not depend on which one
// encoded them).
func FuzzInstanceJSON(f *testing.F) {
	f.Add("llama-7b-chat", "<b>&</b> \"q\" \\ \n\t\r\b\f \x00\x1f", "ü🦙\u2028\u2029\xff\xfe", int64(7), int64(123456789), true)
	f.Add("", "", "", int64(0), int64(0), false)
	f.Fuzz(func(t *testing.T, name, desc, other string, replicas, nanos int64, hasDesc bool) {
		at := time.Unix(1700000000, nanos%1e9).UTC()
		inst := instances.Instance{ID: 42, Name: name, ModelName: other, ModelVersion: "latest", ClusterName: desc,
			ImageTag: other + name, Replicas: replicas, Pp: 1, Cp: 8, Tp: -3, Status: "active", Priority: "high",
			Version: 3, CreatedAt: at, UpdatedAt: at.Add(time.Duration(nanos % 1e6))}
		if hasDesc {
			inst.Description = &desc
		}
		want, err := json.Marshal(ToInstance(inst))
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendInstanceJSON(nil, inst); string(got) != string(want) {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}
