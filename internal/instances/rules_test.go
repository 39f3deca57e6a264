package instances_test

import (
	"slices"
	"testing"

	apispec "github.com/iims/iims/api"
	"github.com/iims/iims/internal/instances"
)

// TestRulesMatchTheSpec keeps the domain's bounds and defaults identical to api/openapi.yaml,
// so that every writer (API, import, CLI) enforces the same rules.
func TestRulesMatchTheSpec(t *testing.T) {
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	create := doc.Components.Schemas["InstanceCreate"].Value
	update := doc.Components.Schemas["InstanceUpdate"].Value
	prop := func(name string) (min, max float64, maxLen uint64, def any) {
		p := create.Properties[name].Value
		if p.Min != nil {
			min = *p.Min
		}
		if p.Max != nil {
			max = *p.Max
		}
		if p.MaxLength != nil {
			maxLen = *p.MaxLength
		}
		return min, max, maxLen, p.Default
	}
	for name, r := range map[string]struct {
		rng instancesRange
		def int64
	}{
		"replicas": {instances.ReplicasRange, instances.DefaultReplicas},
		"pp":       {instances.PPRange, instances.DefaultPP},
		"cp":       {instances.CPRange, instances.DefaultCP},
		"tp":       {instances.TPRange, instances.DefaultTP},
	} {
		min, max, _, def := prop(name)
		if int64(min) != r.rng.Min || int64(max) != r.rng.Max || def != float64(r.def) {
			t.Errorf("%s: spec %v..%v default %v, domain %v default %d", name, min, max, def, r.rng, r.def)
		}
		u := update.Properties[name].Value
		if int64(*u.Min) != r.rng.Min || int64(*u.Max) != r.rng.Max {
			t.Errorf("%s: update bounds differ from create", name)
		}
	}
	for name, want := range map[string]int{"name": instances.NameMaxLen, "model_name": instances.NameMaxLen,
		"cluster_name": instances.NameMaxLen, "image_tag": instances.NameMaxLen,
		"model_version": instances.ModelVersionMaxLen, "description": instances.DescriptionMaxLen} {
		if _, _, maxLen, _ := prop(name); int(maxLen) != want {
			t.Errorf("%s: spec maxLength %d, domain %d", name, maxLen, want)
		}
	}
	if _, _, _, def := prop("model_version"); def != instances.DefaultModelVersion {
		t.Errorf("model_version default %v", def)
	}
	enum := func(schema string) []string {
		var out []string
		for _, v := range doc.Components.Schemas[schema].Value.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	if got := enum("Status"); !slices.Equal(got, instances.Statuses) {
		t.Errorf("statuses: spec %v, domain %v", got, instances.Statuses)
	}
	if got := enum("Priority"); !slices.Equal(got, instances.Priorities) {
		t.Errorf("priorities: spec %v, domain %v", got, instances.Priorities)
	}
	if d := create.Properties["status"].Value.Default; d != instances.DefaultStatus {
		t.Errorf("status default %v", d)
	}
	if d := create.Properties["priority"].Value.Default; d != instances.DefaultPriority {
		t.Errorf("priority default %v", d)
	}
}

type instancesRange = struct{ Min, Max int64 }
