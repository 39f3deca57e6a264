package chain

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/iims/iims/internal/dbtypes"
)

// golden is the fixed record every format version is pinned with.
func golden(version int) Record {
	at := time.Date(2024, 1, 15, 14, 30, 0, 123456000, time.UTC)
	desc, req := "LLaMA 7B chat — production", "3f1c9a2e7b4d4e0a"
	r := Record{Version: version, OriginalID: 42, Operation: "update", At: at, Name: "llama-7b-chat", ModelName: "llama-7b",
		ModelVersion: "latest", ClusterName: "gpu-cluster-1", ImageTag: "llama:7b-latest", Replicas: 4, PP: 1, CP: 8, TP: 2,
		Status: "active", Priority: "high", Description: &desc, InstanceVersion: 3,
		CreatedAt: time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC), UpdatedAt: at, RequestID: &req,
		Changes: dbtypes.Changes{"replicas": {Old: int64(2), New: int64(4)},
			"updated_at": {Old: "2024-01-15T10:30:00Z", New: "2024-01-15T14:30:00.123456Z"}}}
	if version >= V2 {
		actor, via, reason, from := "deploy-bot", "api", "scale up for the launch", int64(17)
		r.Actor, r.Via, r.Reason, r.RevertedFrom = &actor, &via, &reason, &from
	}
	return r
}

const goldenPrev = "9f2c6d0a3b1e4f5a8c7d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"

// TestGoldenFormats pins the exact bytes and hash of one record in every format version. If this
// fails, an existing version's encoding changed, and every stored record of that version would
// fail verification as tampered: add a new version instead. (Version 1's hash is the one the
// first release computed for this record.)
func TestGoldenFormats(t *testing.T) {
	v1content := `{"original_id":42,"operation_type":"update","operation_timestamp":"2024-01-15T14:30:00.123456Z",` +
		`"name":"llama-7b-chat","model_name":"llama-7b","model_version":"latest","cluster_name":"gpu-cluster-1",` +
		`"image_tag":"llama:7b-latest","replicas":4,"pp":1,"cp":8,"tp":2,"status":"active","priority":"high",` +
		`"description":"LLaMA 7B chat — production","version":3,"created_at":"2024-01-15T10:30:00Z",` +
		`"updated_at":"2024-01-15T14:30:00.123456Z","changes":{"replicas":{"old":2,"new":4},` +
		`"updated_at":{"old":"2024-01-15T10:30:00Z","new":"2024-01-15T14:30:00.123456Z"}},"request_id":"3f1c9a2e7b4d4e0a"}`
	v2content := strings.TrimSuffix(v1content, "}") +
		`,"actor":"deploy-bot","via":"api","reason":"scale up for the launch","reverted_from":17}`
	for _, c := range []struct {
		version       int
		content, hash string
	}{
		{V1, v1content, "433915d29fed74ec632b40bec789ccc6ddd5369d72b8c4a2cabe579d7670ffa7"},
		{V2, v2content, "ed2670c1e2e7ef17400a73f2228701b58e5df6542b1bbe2d0a942ad91a779f2e"},
	} {
		r := golden(c.version)
		got, err := Encode(r)
		if err != nil || string(got) != c.content {
			t.Errorf("version %d encodes as\n%s\nwant\n%s (%v)", c.version, got, c.content, err)
		}
		if h, err := Hash(goldenPrev, r); err != nil || h != c.hash {
			t.Errorf("version %d hashes to %s, want %s (%v)", c.version, h, c.hash, err)
		}
	}
}

// TestHashCoversEveryField: changing any field of a version-2 record, or its predecessor,
// changes its hash.
func TestHashCoversEveryField(t *testing.T) {
	base, err := Hash(goldenPrev, golden(V2))
	if err != nil {
		t.Fatal(err)
	}
	other := "x"
	n := int64(99)
	edits := map[string]func(r *Record){
		"original_id": func(r *Record) { r.OriginalID++ }, "operation": func(r *Record) { r.Operation = "delete" },
		"at": func(r *Record) { r.At = r.At.Add(time.Microsecond) }, "name": func(r *Record) { r.Name += "x" },
		"model_name": func(r *Record) { r.ModelName += "x" }, "model_version": func(r *Record) { r.ModelVersion += "x" },
		"cluster_name": func(r *Record) { r.ClusterName += "x" }, "image_tag": func(r *Record) { r.ImageTag += "x" },
		"replicas": func(r *Record) { r.Replicas++ }, "pp": func(r *Record) { r.PP++ }, "cp": func(r *Record) { r.CP++ },
		"tp": func(r *Record) { r.TP++ }, "status": func(r *Record) { r.Status = "error" }, "priority": func(r *Record) { r.Priority = "low" },
		"description": func(r *Record) { r.Description = nil }, "version": func(r *Record) { r.InstanceVersion++ },
		"created_at": func(r *Record) { r.CreatedAt = r.CreatedAt.Add(time.Second) }, "updated_at": func(r *Record) { r.UpdatedAt = r.At.Add(time.Second) },
		"changes": func(r *Record) { r.Changes = nil }, "request_id": func(r *Record) { r.RequestID = &other },
		"actor": func(r *Record) { r.Actor = &other }, "via": func(r *Record) { r.Via = nil }, "reason": func(r *Record) { r.Reason = &other },
		"reverted_from": func(r *Record) { r.RevertedFrom = &n },
	}
	for name, edit := range edits {
		r := golden(V2)
		edit(&r)
		if h, _ := Hash(goldenPrev, r); h == base {
			t.Errorf("the hash does not cover %s", name)
		}
	}
	if h, _ := Hash("", golden(V2)); h == base {
		t.Error("the hash does not cover the predecessor")
	}
	if _, err := Hash("", Record{Version: 3}); err == nil {
		t.Error("an unknown format version must be refused")
	}
}

// TestLogDetectsChanges: the root covers every leaf in order, and a consistency proof between two
// sizes verifies only when the earlier tree is a prefix of the later one.
func TestLogDetectsChanges(t *testing.T) {
	hash := func(i int) string { return strings.Repeat(hex.EncodeToString([]byte{byte(i)}), 32) }
	build := func(n int, edit func(i int) (int64, string)) *Log {
		l := NewLog()
		for i := range n {
			id, h := int64(i+1), hash(i)
			if edit != nil {
				id, h = edit(i)
			}
			if err := l.Append(id, h, nil); err != nil {
				t.Fatal(err)
			}
		}
		return l
	}
	full := build(13, nil)
	for name, edit := range map[string]func(i int) (int64, string){
		"an altered hash": func(i int) (int64, string) {
			if i == 5 {
				return 6, hash(99)
			}
			return int64(i + 1), hash(i)
		},
		"a renumbered record": func(i int) (int64, string) {
			if i == 5 {
				return 60, hash(i)
			}
			return int64(i + 1), hash(i)
		},
	} {
		if bytes.Equal(build(13, edit).Root(), full.Root()) {
			t.Errorf("%s leaves the root unchanged", name)
		}
	}
	// Resume from a stored head and append the rest: the same root as building in one go.
	seven := build(7, nil)
	resumed, err := ResumeLog(seven.Size(), seven.Hashes())
	if err != nil {
		t.Fatal(err)
	}
	for i := 7; i < 13; i++ {
		if err := resumed.Append(int64(i+1), hash(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(resumed.Root(), full.Root()) {
		t.Fatal("a resumed log differs from one built in one go")
	}
	for _, size1 := range []uint64{0, 1, 4, 7, 12, 13} {
		for _, tamper := range []bool{false, true} {
			c, err := NewConsistencyNodes(size1, 13)
			if err != nil {
				t.Fatal(err)
			}
			l := NewLog()
			for i := range 13 {
				h := hash(i)
				if tamper && i == 2 {
					h = hash(77)
				}
				if err := l.Append(int64(i+1), h, c.Visit); err != nil {
					t.Fatal(err)
				}
			}
			root1 := build(int(size1), nil).Root()
			err = c.Verify(root1, l.Root())
			// A tampered leaf inside the earlier tree must fail; beyond it, the proof still holds.
			if wantFail := tamper && size1 > 2; (err != nil) != wantFail {
				t.Errorf("consistency %d→13 (tampered %v): %v", size1, tamper, err)
			}
		}
	}
}
