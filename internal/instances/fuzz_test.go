package instances

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/iims/iims/internal/requestid"
)

// FuzzDiffAndChain: for any two states, the diff names exactly the fields that differ (applying
// its new values to the first state gives the second; a state never differs from itself), and a
// record's chain hash is the same when recomputed from what storage gives back (its changes
// through JSON, as both engines store them) — else `iims verify` would cry tampering.
func FuzzDiffAndChain(f *testing.F) {
	f.Add("llama-7b-chat", "gpu-1", "llama:7b", "desc", int64(2), int64(8), "active", "high", "other", int64(3), "error", true)
	f.Add("ü", "c", "i", "", int64(1), int64(1), "pending", "low", "ü", int64(100), "inactive", false)
	f.Add("<&>", "\u2028", "\ufeff", "a\x00b", int64(-1), int64(1<<60), "", "x", "\xff", int64(0), "", true)
	f.Fuzz(func(t *testing.T, name, cluster, image, desc string, replicas, cp int64, status, priority, name2 string, replicas2 int64, status2 string, clearDesc bool) {
		a := Spec{Name: name, ModelName: "m", ModelVersion: "latest", ClusterName: cluster, ImageTag: image,
			Replicas: replicas, PP: 1, CP: cp, TP: 1, Status: status, Priority: priority, Description: &desc}
		b := a
		b.Name, b.Replicas, b.Status = name2, replicas2, status2
		if clearDesc {
			b.Description = nil
		}
		if changes, _ := diffSpecs(a, a); len(changes) != 0 {
			t.Fatalf("a state differs from itself: %v", changes)
		}
		changes, unchanged := diffSpecs(a, b)
		if len(changes)+len(unchanged) != len(DataFields) {
			t.Fatalf("%d changed + %d unchanged fields, want %d", len(changes), len(unchanged), len(DataFields))
		}
		patch := Patch{}
		for field, ch := range changes {
			patch.set(t, field, ch.New)
		}
		if got := patch.apply(a); !got.Equal(b) {
			t.Fatalf("applying the diff %v to %+v gives %+v, want %+v", changes, a, got, b)
		}

		for _, s := range []string{name, cluster, image, desc, name2, status, status2, priority} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				return // not storable (the rules refuse it before any hash is taken)
			}
		}
		now := time.Date(2024, 1, 15, 10, 30, 0, 123456000, time.UTC)
		inst := Instance{ID: 7, Version: 2, CreatedAt: now, UpdatedAt: now}
		applySpec(&inst, b)
		p := historyParams(requestid.With(context.Background(), "req-1"), inst, OpUpdate, now, changes)
		hash, err := chainHash("prev", p)
		if err != nil {
			t.Skip() // a value JSON cannot encode is refused at write time
		}
		stored, err := changes.Value()
		if err != nil {
			t.Fatal(err)
		}
		var back Changes
		if err := back.Scan(stored); err != nil {
			t.Fatal(err)
		}
		p.Changes = back
		again, err := chainHash("prev", p)
		if err != nil || again != hash {
			t.Fatalf("the hash of %q differs after storage: %s vs %s (%v)", stored, hash, again, err)
		}
	})
}

// set puts one changed field's new value into a patch (the values diffSpecs reports).
func (p *Patch) set(t *testing.T, field string, v any) {
	str := func() *string {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("%s: %T", field, v)
		}
		return &s
	}
	num := func() *int64 {
		n, ok := v.(int64)
		if !ok {
			t.Fatalf("%s: %T", field, v)
		}
		return &n
	}
	switch field {
	case "name":
		p.Name = str()
	case "cluster_name":
		p.ClusterName = str()
	case "image_tag":
		p.ImageTag = str()
	case "status":
		p.Status = str()
	case "replicas":
		p.Replicas = num()
	case "description":
		p.SetDescription = true
		if v != nil {
			p.Description = str()
		}
	default:
		if !strings.Contains("model_name model_version pp cp tp priority", field) {
			t.Fatalf("unexpected field %s", field)
		}
	}
}
