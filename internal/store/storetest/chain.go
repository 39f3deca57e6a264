package storetest

import (
	"fmt"
	"strings"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func init() {
	register("HistoryHashChainDetectsTampering", func(e *env) {
		a := e.create("a", func(in *instances.CreateInput) { in.Description = ptr("d") })
		b := e.create("b")
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](3)}, nil)
		_, _ = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID, b.ID}, Patch: instances.Patch{Priority: ptr("high")}})
		_ = e.svc.Delete(e.ctx, b.ID, nil)
		r, err := e.svc.VerifyHistory(e.ctx)
		if err != nil || r.Checked != 6 || r.BrokenAtID != 0 || r.Unhashed != 0 || len(r.HeadHash) != 64 {
			e.t.Fatalf("intact chain reported as %+v (%v)", r, err)
		}
		hist := e.history(a.ID)
		if hist[0].Hash == nil || hist[1].Hash == nil || *hist[0].Hash == *hist[1].Hash {
			e.t.Fatalf("records lack distinct hashes: %+v", hist)
		}
		// Someone with database access bypasses the append-only trigger and edits one record.
		target := hist[1].HistoryID
		e.disableAppendOnly()
		if err := e.rawExec(fmt.Sprintf("UPDATE instance_history SET replicas = 99 WHERE history_id = %d", target)); err != nil {
			e.t.Fatal(err)
		}
		r, _ = e.svc.VerifyHistory(e.ctx)
		if r.BrokenAtID != target {
			e.t.Fatalf("an altered record went unnoticed: %+v (altered %d)", r, target)
		}
		// Putting the value back restores the chain; removing a record breaks it at its successor.
		_ = e.rawExec(fmt.Sprintf("UPDATE instance_history SET replicas = %d WHERE history_id = %d", hist[1].Replicas, target))
		if r, _ = e.svc.VerifyHistory(e.ctx); r.BrokenAtID != 0 {
			e.t.Fatalf("restored record still reported: %+v", r)
		}
		if err := e.rawExec(fmt.Sprintf("DELETE FROM instance_history WHERE history_id = %d", target)); err != nil {
			e.t.Fatal(err)
		}
		if r, _ = e.svc.VerifyHistory(e.ctx); r.BrokenAtID != target+1 {
			e.t.Fatalf("a removed record went unnoticed: %+v", r)
		}
	})
}

// disableAppendOnly removes the append-only protection, as an operator with full access could.
func (e *env) disableAppendOnly() {
	e.t.Helper()
	t, _ := store.ParseURL(e.url)
	stmts := []string{"DROP TRIGGER instance_history_no_update", "DROP TRIGGER instance_history_no_delete"}
	if t.Engine == store.EnginePostgres {
		stmts = []string{"ALTER TABLE instance_history DISABLE TRIGGER instance_history_no_update"}
	}
	for _, s := range stmts {
		if err := e.rawExec(s); err != nil && !strings.Contains(err.Error(), "no such trigger") {
			e.t.Fatal(err)
		}
	}
}
