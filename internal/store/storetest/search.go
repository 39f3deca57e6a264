package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func init() {
	// Writes that share a commit (SQLite groups them; its search index is brought up to date once
	// per commit) — creates, renames, description changes, deletes, and duplicate names that fail
	// after writing and make the group run again — leave a search that finds exactly the
	// instances whose text matches, as a scan of the fleet would.
	register("SearchFindsWhatConcurrentWritesLeft", func(e *env) {
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				inst, err := e.svc.Create(e.ctx, instances.CreateInput{Name: fmt.Sprintf("srch-%02d-alpha", i),
					ModelName: "llama-7b", ClusterName: "gpu-cluster-1", ImageTag: "llama:7b", Description: ptr(fmt.Sprintf("desc %02d", i))})
				if err != nil {
					errs <- err
					return
				}
				if i%5 == 0 { // one of these succeeds, the others fail on the name after writing
					_, _ = e.svc.Create(e.ctx, instances.CreateInput{Name: "srch-dup", ModelName: "m", ClusterName: "c", ImageTag: "i"})
				}
				switch i % 4 {
				case 0:
					_, _, err = e.svc.Update(e.ctx, inst.ID, instances.Patch{Name: ptr(fmt.Sprintf("srch-%02d-beta", i))}, nil)
				case 1:
					err = e.svc.Delete(e.ctx, inst.ID, nil)
				case 2:
					_, _, err = e.svc.Update(e.ctx, inst.ID, instances.Patch{Description: ptr(fmt.Sprintf("gamma %02d", i)), SetDescription: true}, nil)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			e.t.Fatalf("write: %v", err)
		}
		all, _, err := e.svc.List(e.ctx, store.InstanceFilter{Limit: 1000})
		if err != nil {
			e.t.Fatal(err)
		}
		if len(all) != 31 { // 40 created, 10 deleted, one srch-dup
			e.t.Fatalf("%d instances, want 31", len(all))
		}
		for _, term := range []string{"alpha", "BETA", "gamma", "srch-dup", "desc 1", "desc 05", "srch-0", "llama:7b"} {
			var want []string
			for _, inst := range all {
				text := strings.ToLower(strings.Join([]string{inst.Name, inst.ModelName, inst.ClusterName, inst.ImageTag, deref(inst.Description)}, "\n"))
				if strings.Contains(text, strings.ToLower(term)) {
					want = append(want, inst.Name)
				}
			}
			if got := e.names(store.InstanceFilter{Q: term, Limit: 1000}); !slices.Equal(got, want) {
				e.t.Errorf("q=%q:\n got %v\nwant %v", term, got, want)
			}
		}
		if e.st.Engine() == store.EngineSQLite {
			// FTS5's own check: the index holds exactly the rows of its content table.
			if err := e.rawExec(`INSERT INTO instances_search (instances_search, rank) VALUES ('integrity-check', 1)`); err != nil {
				e.t.Fatalf("the search index differs from the instances: %v", err)
			}
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
