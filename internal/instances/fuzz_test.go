package instances

import (
	"strings"
	"testing"
)

// FuzzDiff: for any two states, the diff names exactly the fields that differ: applying its new
// values to the first state gives the second, and a state never differs from itself.
func FuzzDiff(f *testing.F) {
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
