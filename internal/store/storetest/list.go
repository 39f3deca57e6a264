package storetest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

// fleet creates a small fleet that exercises every filter, returning the instances by name.
func (e *env) fleet() map[string]instances.Instance {
	e.t.Helper()
	type row struct {
		name, model, cluster, image, status, priority string
		replicas                                      int64
		desc                                          *string
	}
	rows := []row{
		{"llama-7b-chat", "llama-7b", "gpu-cluster-1", "llama:7b", "active", "medium", 2, ptr("LLaMA 7B chat for production")},
		{"llama-70b", "llama-70b", "gpu-cluster-2", "llama:70b", "pending", "critical", 8, nil},
		{"GPT_Turbo%", "gpt-3.5-turbo", "gpu-cluster-2", "openai:gpt-3.5", "active", "high", 3, ptr("100% of traffic")},
		{"gptXturbo", "gpt-3.5-turbo", "cpu-cluster", "openai:gpt-3.5", "error", "low", 1, nil},
		{"mistral", "mistral-7b", "gpu-cluster-1", "mistral:v0.2", "inactive", "critical", 4, ptr("needs a GPU upgrade")},
	}
	out := map[string]instances.Instance{}
	for _, r := range rows {
		out[r.name] = e.create(r.name, func(in *instances.CreateInput) {
			in.ModelName, in.ClusterName, in.ImageTag = r.model, r.cluster, r.image
			in.Status, in.Priority, in.Replicas, in.Description = ptr(r.status), ptr(r.priority), ptr(r.replicas), r.desc
		})
	}
	return out
}

// names lists the instances matching f, in order, and checks the total.
func (e *env) names(f store.InstanceFilter) []string {
	e.t.Helper()
	if f.Limit == 0 {
		f.Limit = 100
	}
	items, total, err := e.svc.List(e.ctx, f)
	if err != nil {
		e.t.Fatalf("list %+v: %v", f, err)
	}
	if f.Offset == 0 && int64(len(items)) < f.Limit && total != int64(len(items)) {
		e.t.Fatalf("total %d but %d items for %+v", total, len(items), f)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return out
}

func (e *env) expectNames(f store.InstanceFilter, want ...string) {
	e.t.Helper()
	got := e.names(f)
	if !slices.Equal(got, want) {
		e.t.Errorf("filter %+v:\n got %v\nwant %v", f, got, want)
	}
}

func init() {
	register("ListFiltersMatchExactlyAndCombine", func(e *env) {
		e.fleet()
		e.expectNames(store.InstanceFilter{}, "llama-7b-chat", "llama-70b", "GPT_Turbo%", "gptXturbo", "mistral")
		e.expectNames(store.InstanceFilter{ModelNames: []string{"gpt-3.5-turbo"}}, "GPT_Turbo%", "gptXturbo")
		e.expectNames(store.InstanceFilter{ModelNames: []string{"gpt-3.5"}}) // exact, not substring
		e.expectNames(store.InstanceFilter{ClusterNames: []string{"gpu-cluster-1", "cpu-cluster"}}, "llama-7b-chat", "gptXturbo", "mistral")
		e.expectNames(store.InstanceFilter{Statuses: []string{"active"}}, "llama-7b-chat", "GPT_Turbo%")
		e.expectNames(store.InstanceFilter{Priorities: []string{"critical", "low"}}, "llama-70b", "gptXturbo", "mistral")
		e.expectNames(store.InstanceFilter{Statuses: []string{"active", "inactive"}, ClusterNames: []string{"gpu-cluster-1"}}, "llama-7b-chat", "mistral")
		e.expectNames(store.InstanceFilter{Statuses: []string{"error"}, Priorities: []string{"high"}})
		e.expectNames(store.InstanceFilter{Statuses: []string{"active", "active"}}, "llama-7b-chat", "GPT_Turbo%") // total counts once
	})

	register("NameFilterIsCaseInsensitiveSubstringWithLiteralWildcards", func(e *env) {
		e.fleet()
		e.expectNames(store.InstanceFilter{Name: "LLAMA"}, "llama-7b-chat", "llama-70b")
		e.expectNames(store.InstanceFilter{Name: "7b-c"}, "llama-7b-chat")
		e.expectNames(store.InstanceFilter{Name: "_"}, "GPT_Turbo%")         // not "any character"
		e.expectNames(store.InstanceFilter{Name: "%"}, "GPT_Turbo%")         // not "anything"
		e.expectNames(store.InstanceFilter{Name: "gpt_turbo"}, "GPT_Turbo%") // long pattern: indexed path
		e.expectNames(store.InstanceFilter{Name: "o%"}, "GPT_Turbo%")        // short pattern: scan path
		e.expectNames(store.InstanceFilter{Name: "70"}, "llama-70b")
		e.expectNames(store.InstanceFilter{Name: "chat-x"})
		e.expectNames(store.InstanceFilter{Name: `"quoted"`})
	})

	register("SearchFoldsCaseBeyondASCII", func(e *env) {
		e.create("ééé-inference", func(in *instances.CreateInput) { in.Description = ptr("Überblick über das Modell") })
		e.create("plain-ascii")
		for _, text := range []string{"ÉÉ", "ÉÉÉ", "é-I"} { // short texts scan, longer ones use the index
			e.expectNames(store.InstanceFilter{Name: text}, "ééé-inference")
		}
		e.expectNames(store.InstanceFilter{Q: "üb"}, "ééé-inference")
		e.expectNames(store.InstanceFilter{Q: "ÜBERBLICK"}, "ééé-inference")
		// Letters that differ only by an accent are different trigrams: an index that took them
		// for one would miss whichever it kept second.
		e.create("cafe-and-café", func(in *instances.CreateInput) { in.Description = ptr("cafe first, then café") })
		e.expectNames(store.InstanceFilter{Q: "afé"}, "cafe-and-café")
		e.expectNames(store.InstanceFilter{Q: "café"}, "cafe-and-café")
		e.expectNames(store.InstanceFilter{Q: "cafe f"}, "cafe-and-café")
		e.expectNames(store.InstanceFilter{Q: "cafè"})
	})

	register("FreeTextSearchesEverySearchableField", func(e *env) {
		e.fleet()
		e.expectNames(store.InstanceFilter{Q: "production"}, "llama-7b-chat")        // description
		e.expectNames(store.InstanceFilter{Q: "CPU-CLUSTER"}, "gptXturbo")           // cluster, case-insensitive
		e.expectNames(store.InstanceFilter{Q: "mistral:v0"}, "mistral")              // image tag
		e.expectNames(store.InstanceFilter{Q: "gpt-3.5"}, "GPT_Turbo%", "gptXturbo") // model
		e.expectNames(store.InstanceFilter{Q: "gpu"}, "llama-7b-chat", "llama-70b", "GPT_Turbo%", "mistral")
		e.expectNames(store.InstanceFilter{Q: "0%"}, "GPT_Turbo%") // short: literal %, in name and description
		e.expectNames(store.InstanceFilter{Q: "chat\ngpu"})        // never matches across two fields
		e.expectNames(store.InstanceFilter{Q: "gpu", Statuses: []string{"inactive"}}, "mistral")
		// Sorted by severity (an expression of priority, which the search's hits carry).
		e.expectNames(store.InstanceFilter{Q: "gpu", Sort: []store.SortKey{{Field: "priority", Desc: true}}},
			"mistral", "llama-70b", "GPT_Turbo%", "llama-7b-chat")
		// Both substrings beside equality filters (their values come before the searches' in
		// the filter, after them in SQLite's statement) and a page smaller than the matches.
		both := store.InstanceFilter{Name: "llama", Q: "gpu", ClusterNames: []string{"gpu-cluster-1", "gpu-cluster-2"},
			Statuses: []string{"active", "pending"}, Sort: []store.SortKey{{Field: "name"}}}
		e.expectNames(both, "llama-70b", "llama-7b-chat")
		both.Offset, both.Limit = 1, 1
		if items, total, err := e.svc.List(e.ctx, both); err != nil || total != 2 || len(items) != 1 || items[0].Name != "llama-7b-chat" {
			e.t.Fatalf("second page of both searches: %v, total %d, %v", items, total, err)
		}
	})

	register("SortKeysDirectionsAndStableTieBreak", func(e *env) {
		e.fleet()
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "name"}}}, "GPT_Turbo%", "gptXturbo", "llama-70b", "llama-7b-chat", "mistral")
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "replicas", Desc: true}}}, "llama-70b", "mistral", "GPT_Turbo%", "llama-7b-chat", "gptXturbo")
		// Priority sorts by severity; ties (two critical) fall back to id in the key's direction.
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "priority"}}}, "gptXturbo", "llama-7b-chat", "GPT_Turbo%", "llama-70b", "mistral")
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "priority", Desc: true}}}, "mistral", "llama-70b", "GPT_Turbo%", "llama-7b-chat", "gptXturbo")
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "cluster_name"}, {Field: "name", Desc: true}}},
			"gptXturbo", "mistral", "llama-7b-chat", "llama-70b", "GPT_Turbo%")
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "status"}}}, "llama-7b-chat", "GPT_Turbo%", "gptXturbo", "mistral", "llama-70b")
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "id", Desc: true}}}, "mistral", "gptXturbo", "GPT_Turbo%", "llama-70b", "llama-7b-chat")
		e.expectNames(store.InstanceFilter{Sort: []store.SortKey{{Field: "created_at", Desc: true}}, Limit: 2}, "mistral", "gptXturbo")
	})

	register("PaginationIsStableAndTotalCountsAllMatches", func(e *env) {
		for i := 0; i < 25; i++ {
			e.create(fmt.Sprintf("page-%02d", i), func(in *instances.CreateInput) { in.Replicas = ptr(int64(i%3 + 1)) })
		}
		var seen []string
		for off := int64(0); off < 25; off += 7 {
			items, total, err := e.svc.List(e.ctx, store.InstanceFilter{Offset: off, Limit: 7, Sort: []store.SortKey{{Field: "replicas"}}})
			if err != nil || total != 25 {
				e.t.Fatalf("page at %d: total %d, %v", off, total, err)
			}
			for _, it := range items {
				seen = append(seen, it.Name)
			}
		}
		if len(seen) != 25 || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 25 {
			e.t.Fatalf("pages overlap or miss rows: %v", seen)
		}
		items, total, _ := e.svc.List(e.ctx, store.InstanceFilter{Offset: 100, Limit: 10})
		if len(items) != 0 || total != 25 {
			e.t.Fatalf("past the end: %d items, total %d", len(items), total)
		}
		_, total, _ = e.svc.List(e.ctx, store.InstanceFilter{Name: "page-1", Limit: 1})
		if total != 10 {
			e.t.Fatalf("filtered total %d, want 10", total)
		}
	})

	register("FilterValuesAreParametersNotSQL", func(e *env) {
		e.fleet()
		for _, evil := range []string{"'; DROP TABLE instances; --", `\`, `\%`, "' OR '1'='1", `") OR ("1"="1`, "*", "NEAR(a b)"} {
			if got := e.names(store.InstanceFilter{Name: evil, Q: evil, ModelNames: []string{evil}}); len(got) != 0 {
				e.t.Errorf("%q matched %v", evil, got)
			}
		}
		if got := e.names(store.InstanceFilter{}); len(got) != 5 {
			e.t.Fatalf("fleet damaged: %v", got)
		}
		backslash := e.create(`back\slash`)
		e.expectNames(store.InstanceFilter{Name: `k\s`}, backslash.Name)
		e.expectNames(store.InstanceFilter{Q: `\`}, backslash.Name)
		if !strings.Contains(backslash.Name, `\`) {
			e.t.Fatal("unreachable")
		}
	})
}
