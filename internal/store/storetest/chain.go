package storetest

import (
	"fmt"
	"strings"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/provenance"
	"github.com/iims/iims/internal/store"
)

func init() {
	register("HistoryChainsDetectAlteredAndRemovedRecords", func(e *env) {
		a := e.create("a", func(in *instances.CreateInput) { in.Description = ptr("d") })
		b := e.create("b")
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](3)}, nil)
		_, _ = e.svc.Bulk(e.ctx, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID, b.ID}, Patch: instances.Patch{Priority: ptr("high")}})
		_ = e.svc.Delete(e.ctx, b.ID, nil)
		r := e.verify(nil)
		if !r.Intact() || r.Checked != 6 || r.Unhashed != 0 || r.LogSize != 6 || len(r.LogRoot) != 64 {
			e.t.Fatalf("intact history reported as %+v", r)
		}
		hist := e.history(a.ID)
		if hist[0].Hash == nil || hist[1].Hash == nil || *hist[0].Hash == *hist[1].Hash || hist[0].ChainVersion == nil {
			e.t.Fatalf("records lack distinct format-2 hashes: %+v", hist)
		}
		// Someone with database access bypasses the append-only trigger and edits one record.
		target := hist[1].HistoryID
		e.disableAppendOnly()
		e.mustExec(fmt.Sprintf("UPDATE instance_history SET replicas = 99 WHERE history_id = %d", target))
		if r = e.verify(nil); r.BrokenAtID != target || r.Intact() {
			e.t.Fatalf("an altered record went unnoticed: %+v (altered %d)", r, target)
		}
		// Putting the value back restores the chain; removing a record breaks its instance's next.
		e.mustExec(fmt.Sprintf("UPDATE instance_history SET replicas = %d WHERE history_id = %d", hist[1].Replicas, target))
		if r = e.verify(nil); !r.Intact() {
			e.t.Fatalf("restored record still reported: %+v", r)
		}
		e.mustExec(fmt.Sprintf("DELETE FROM instance_history WHERE history_id = %d", target))
		if r = e.verify(nil); r.BrokenAtID != hist[2].HistoryID {
			e.t.Fatalf("a removed record went unnoticed: %+v (removed %d)", r, target)
		}
	})

	register("SealedTreeHeadsDetectRemovedNewestRecords", func(e *env) {
		a := e.create("a")
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](2)}, nil)
		e.create("b")
		head, stored, err := e.svc.Seal(e.ctx)
		if err != nil || !stored || head.TreeSize != 3 {
			e.t.Fatalf("seal: %+v %v %v", head, stored, err)
		}
		if again, stored, err := e.svc.Seal(e.ctx); err != nil || stored || again.TreeSize != 3 {
			e.t.Fatalf("sealing nothing new stored a head: %+v %v %v", again, stored, err)
		}
		e.create("c")
		if head, _, _ = e.svc.Seal(e.ctx); head.TreeSize != 4 {
			e.t.Fatalf("second seal: %+v", head)
		}
		if r := e.verify(nil); !r.Intact() || r.TreeHeads != 2 {
			e.t.Fatalf("intact sealed history reported as %+v", r)
		}
		// Removing an instance's newest record leaves every chain intact: only the log shows it.
		newest := e.history(a.ID)[1].HistoryID
		e.disableAppendOnly()
		e.mustExec(fmt.Sprintf("DELETE FROM instance_history WHERE history_id = %d", newest))
		if r := e.verify(nil); r.BrokenAtID != 0 || r.BadTreeHead != 3 || r.Intact() {
			e.t.Fatalf("a removed newest record went unnoticed: %+v", r)
		}
	})

	register("AnExternalTreeHeadCatchesARewrittenHistory", func(e *env) {
		a := e.create("a")
		e.create("b")
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](2)}, nil)
		then := e.verify(nil)
		kept := &instances.TreeHeadRef{Size: then.LogSize, Root: mustHex(e, then.LogRoot)}
		e.create("c")
		if r := e.verify(kept); !r.Intact() || r.External != "consistent" {
			e.t.Fatalf("a history that only grew fails its earlier head: %+v", r)
		}
		// Someone rewrites a record, rechains every later record of its instance and removes the
		// sealed tree heads: only a head kept outside the database still shows it.
		e.disableAppendOnly()
		first := e.history(a.ID)[0]
		e.mustExec(fmt.Sprintf("UPDATE instance_history SET replicas = 42 WHERE history_id = %d", first.HistoryID))
		e.rechain(a.ID)
		if r := e.verify(nil); !r.Intact() {
			e.t.Fatalf("the rewrite should pass without a kept head: %+v", r)
		}
		if r := e.verify(kept); r.Intact() || !strings.Contains(r.External, "no longer") {
			e.t.Fatalf("a rewritten history passed the kept head: %+v", r)
		}
	})

	register("AlteredProvenanceIsDetected", func(e *env) {
		ctx := provenance.With(e.ctx, provenance.Provenance{Actor: "alice", Via: provenance.ViaWeb, Reason: "INC-9: scale up"})
		a, err := e.svc.Create(ctx, instances.CreateInput{Name: "a", ModelName: "m", ClusterName: "c", ImageTag: "i"})
		if err != nil {
			e.t.Fatal(err)
		}
		_, _, _ = e.svc.Update(ctx, a.ID, instances.Patch{Replicas: ptr[int64](4)}, nil)
		first := e.history(a.ID)[0]
		if first.Actor == nil || *first.Actor != "alice" || first.Reason == nil || *first.Reason != "INC-9: scale up" || *first.Via != "web" {
			e.t.Fatalf("provenance not recorded: %+v", first)
		}
		e.disableAppendOnly()
		for _, forge := range []struct{ set, restore string }{
			{"actor = 'mallory'", "actor = 'alice'"},
			{"reason = 'routine'", "reason = 'INC-9: scale up'"},
			{"reason = NULL", "reason = 'INC-9: scale up'"},
			{"via = 'cli'", "via = 'web'"},
			// A forged "this was a revert of record 1" (and a plain change passed off as none).
			{fmt.Sprintf("reverted_from = %d", first.HistoryID-1), "reverted_from = NULL"},
		} {
			e.mustExec(fmt.Sprintf("UPDATE instance_history SET %s WHERE history_id = %d", forge.set, first.HistoryID))
			if r := e.verify(nil); r.BrokenAtID != first.HistoryID {
				e.t.Errorf("SET %s went unnoticed: %+v", forge.set, r)
			}
			e.mustExec(fmt.Sprintf("UPDATE instance_history SET %s WHERE history_id = %d", forge.restore, first.HistoryID))
		}
		if r := e.verify(nil); !r.Intact() {
			e.t.Fatalf("restored provenance still reported: %+v", r)
		}
	})

	register("FormatOneRecordsKeepVerifying", func(e *env) {
		// Records of the first release: chained across the whole history, without a format.
		ids := e.writeFormatOne("old-a", "old-b")
		old := e.history(ids[0])
		a := e.create("new")
		_, _, _ = e.svc.Update(e.ctx, ids[0], instances.Patch{Replicas: ptr[int64](5)}, nil) // continues an old chain
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](2)}, nil)
		if r := e.verify(nil); !r.Intact() || r.Checked != 5 {
			e.t.Fatalf("a history of both formats reported as %+v", r)
		}
		e.disableAppendOnly()
		e.mustExec(fmt.Sprintf("UPDATE instance_history SET name = 'x' WHERE history_id = %d", old[0].HistoryID))
		if r := e.verify(nil); r.BrokenAtID != old[0].HistoryID {
			e.t.Fatalf("an altered format-1 record went unnoticed: %+v", r)
		}
	})
}

func (e *env) verify(ext *instances.TreeHeadRef) instances.ChainReport {
	e.t.Helper()
	r, err := e.svc.VerifyHistory(e.ctx, ext)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) mustExec(stmt string) {
	e.t.Helper()
	if err := e.rawExec(stmt); err != nil {
		e.t.Fatal(err)
	}
}

// disableAppendOnly removes the append-only protection, as an operator with full access could.
func (e *env) disableAppendOnly() {
	e.t.Helper()
	t, _ := store.ParseURL(e.url)
	stmts := []string{"DROP TRIGGER instance_history_no_update", "DROP TRIGGER instance_history_no_delete",
		"DROP TRIGGER history_tree_heads_no_update", "DROP TRIGGER history_tree_heads_no_delete"}
	if t.Engine == store.EnginePostgres {
		stmts = []string{"ALTER TABLE instance_history DISABLE TRIGGER instance_history_no_update",
			"ALTER TABLE history_tree_heads DISABLE TRIGGER history_tree_heads_append_only"}
	}
	for _, s := range stmts {
		if err := e.rawExec(s); err != nil && !strings.Contains(err.Error(), "no such trigger") {
			e.t.Fatal(err)
		}
	}
}
