package storetest

import (
	"errors"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/provenance"
	"github.com/iims/iims/internal/requestid"
)

func init() {
	register("RevertPutsBackARecordedVersion", func(e *env) {
		a := e.create("a", func(in *instances.CreateInput) { in.Replicas = ptr[int64](2) })
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](5), ImageTag: ptr("llama:new")}, nil)
		v1 := e.history(a.ID)[0]
		before := e.historyCount()
		plan, err := e.svc.Revert(e.ctx, a.ID, v1.HistoryID, nil, true)
		if err != nil || !plan.DryRun || plan.Changes["replicas"].New != int64(2) || plan.Changes["image_tag"].New != "llama:7b-latest" || plan.Instance.Replicas != 2 {
			e.t.Fatalf("dry run: %+v %v", plan, err)
		}
		if e.historyCount() != before || e.mustGet(a.ID).Replicas != 5 {
			e.t.Fatal("a dry-run revert wrote")
		}
		if _, err := e.svc.Revert(e.ctx, a.ID, v1.HistoryID, &instances.Precondition{Versions: []int64{1}}, false); !isPrecondition(err) {
			e.t.Fatalf("a stale If-Match: %v", err)
		}
		ctx := provenance.With(e.ctx, provenance.Provenance{Actor: "alice", Via: provenance.ViaWeb, Reason: "p99 doubled"})
		res, err := e.svc.Revert(ctx, a.ID, v1.HistoryID, &instances.Precondition{Versions: []int64{2}}, false)
		if err != nil || res.Instance.Replicas != 2 || res.Instance.Version != 3 {
			e.t.Fatalf("revert: %+v %v", res, err)
		}
		hist := e.history(a.ID)
		last := hist[len(hist)-1]
		if len(hist) != 3 || last.OperationType != instances.OpUpdate || last.RevertedFrom == nil || *last.RevertedFrom != v1.HistoryID ||
			*last.Actor != "alice" || *last.Reason != "p99 doubled" {
			e.t.Fatalf("revert record %+v", last)
		}
		// Reverting the revert puts version 2 back.
		if res, err = e.svc.Revert(e.ctx, a.ID, hist[1].HistoryID, nil, false); err != nil || res.Instance.Replicas != 5 {
			e.t.Fatalf("revert the revert: %+v %v", res, err)
		}
		var ve *instances.ValidationError
		if _, err := e.svc.Revert(e.ctx, a.ID, hist[1].HistoryID, nil, false); !errors.As(err, &ve) {
			e.t.Fatalf("a revert that changes nothing: %v", err)
		}
		b := e.create("b")
		if _, err := e.svc.Revert(e.ctx, a.ID, e.history(b.ID)[0].HistoryID, nil, false); !errors.As(err, &ve) {
			e.t.Fatalf("another instance's record: %v", err)
		}
		// A name now taken by another instance.
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Name: ptr("a2")}, nil)
		_, _, _ = e.svc.Update(e.ctx, b.ID, instances.Patch{Name: ptr("a")}, nil)
		var ce *instances.ConflictError
		if _, err := e.svc.Revert(e.ctx, a.ID, v1.HistoryID, nil, false); !errors.As(err, &ce) || ce.ExistingID != b.ID {
			e.t.Fatalf("a revert to a taken name: %v", err)
		}
		if r := e.verify(nil); !r.Intact() {
			e.t.Fatalf("chains after reverts: %+v", r)
		}
	})

	register("RestoreBringsADeletedInstanceBackUnderItsID", func(e *env) {
		a := e.create("a", func(in *instances.CreateInput) { in.Description = ptr("keep me") })
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Replicas: ptr[int64](3)}, nil)
		if err := e.svc.Delete(e.ctx, a.ID, nil); err != nil {
			e.t.Fatal(err)
		}
		var de *instances.DeletedError
		if _, err := e.svc.Revert(e.ctx, a.ID, e.history(a.ID)[0].HistoryID, nil, false); !errors.As(err, &de) {
			e.t.Fatalf("reverting a deleted instance: %v", err)
		}
		before := e.historyCount()
		plan, err := e.svc.Restore(e.ctx, a.ID, true)
		if err != nil || plan.Instance.Replicas != 3 || e.historyCount() != before {
			e.t.Fatalf("dry run: %+v %v (records %d → %d)", plan, err, before, e.historyCount())
		}
		if _, err := e.svc.Get(e.ctx, a.ID); err == nil {
			e.t.Fatal("a dry-run restore brought the instance back")
		}
		res, err := e.svc.Restore(e.ctx, a.ID, false)
		got := e.mustGet(a.ID)
		if err != nil || got.Replicas != 3 || *got.Description != "keep me" || got.Version != 3 || !got.CreatedAt.Equal(a.CreatedAt) {
			e.t.Fatalf("restore: %+v %v → %+v", res, err, got)
		}
		hist := e.history(a.ID)
		last := hist[len(hist)-1]
		if len(hist) != 4 || last.OperationType != instances.OpCreate || last.RevertedFrom == nil || *last.RevertedFrom != hist[2].HistoryID {
			e.t.Fatalf("restore record %+v", last)
		}
		var ee *instances.ExistsError
		if _, err := e.svc.Restore(e.ctx, a.ID, false); !errors.As(err, &ee) {
			e.t.Fatalf("restoring a live instance: %v", err)
		}
		var nf *instances.NotFoundError
		if _, err := e.svc.Restore(e.ctx, 9999, false); !errors.As(err, &nf) {
			e.t.Fatalf("restoring what never was: %v", err)
		}
		// Its name, taken meanwhile.
		_ = e.svc.Delete(e.ctx, a.ID, nil)
		taker := e.create("a")
		var ce *instances.ConflictError
		if _, err := e.svc.Restore(e.ctx, a.ID, false); !errors.As(err, &ce) || ce.ExistingID != taker.ID {
			e.t.Fatalf("restoring a taken name: %v", err)
		}
		if r := e.verify(nil); !r.Intact() {
			e.t.Fatalf("chains after restores: %+v", r)
		}
	})

	register("UndoABatchAllOrNothing", func(e *env) {
		a, b := e.create("a"), e.create("b")
		doomed := e.create("doomed")
		bulk := requestid.With(e.ctx, "req-bulk")
		if _, err := e.svc.Bulk(bulk, instances.BulkInput{Action: instances.BulkUpdate, IDs: []int64{a.ID, b.ID},
			Patch: instances.Patch{Status: ptr("inactive")}}); err != nil {
			e.t.Fatal(err)
		}
		// A batch that creates, updates and deletes: an import plus a delete under one request id.
		batch := requestid.With(e.ctx, "req-mixed")
		fresh, _ := e.svc.Create(batch, instances.CreateInput{Name: "fresh", ModelName: "m", ClusterName: "c", ImageTag: "i"})
		_, _, _ = e.svc.Update(batch, a.ID, instances.Patch{Replicas: ptr[int64](7)}, nil)
		_ = e.svc.Delete(batch, doomed.ID, nil)

		before := e.historyCount()
		plan, err := e.svc.Undo(e.ctx, instances.UndoInput{RequestID: "req-mixed", DryRun: true})
		if err != nil || len(plan.Items) != 3 || plan.Changed != 3 || e.historyCount() != before {
			e.t.Fatalf("dry run: %+v %v", plan, err)
		}
		actions := map[int64]string{}
		for _, it := range plan.Items {
			actions[it.ID] = it.Action
		}
		if actions[a.ID] != instances.UndoRevert || actions[fresh.ID] != instances.UndoDelete || actions[doomed.ID] != instances.UndoRestore {
			e.t.Fatalf("plan %v", actions)
		}
		// Someone changes a meanwhile: nothing is undone, and the conflict names it.
		_, _, _ = e.svc.Update(e.ctx, a.ID, instances.Patch{Priority: ptr("high")}, nil)
		var conflict *instances.UndoConflictError
		if _, err := e.svc.Undo(e.ctx, instances.UndoInput{RequestID: "req-mixed"}); !errors.As(err, &conflict) ||
			len(conflict.Conflicts) != 1 || conflict.Conflicts[0].ID != a.ID || *conflict.Conflicts[0].Found != 4 || *conflict.Conflicts[0].Expected != 3 {
			e.t.Fatalf("undo after a later change: %v %+v", err, conflict)
		}
		if e.historyCount() != before+1 {
			e.t.Fatal("a refused undo wrote")
		}
		res, err := e.svc.Undo(requestid.With(e.ctx, "req-undo"), instances.UndoInput{RequestID: "req-mixed", Force: true})
		if err != nil || res.Changed != 3 {
			e.t.Fatalf("forced undo: %+v %v", res, err)
		}
		if got := e.mustGet(a.ID); got.Replicas != 1 || got.Status != "inactive" || got.Priority != "medium" {
			e.t.Fatalf("a after undo: %+v (its state before the batch)", got)
		}
		if _, err := e.svc.Get(e.ctx, fresh.ID); err == nil {
			e.t.Fatal("the created instance survived the undo")
		}
		if got := e.mustGet(doomed.ID); got.Name != "doomed" {
			e.t.Fatalf("the deleted instance was not restored: %+v", got)
		}
		// Undo the undo: the batch's changes come back.
		if res, err = e.svc.Undo(e.ctx, instances.UndoInput{RequestID: "req-undo"}); err != nil || res.Changed != 3 {
			e.t.Fatalf("undo the undo: %+v %v", res, err)
		}
		if _, err := e.svc.Get(e.ctx, doomed.ID); err == nil {
			e.t.Fatal("undoing the undo did not delete doomed again")
		}
		// The bulk change, by its history ids.
		var ids []int64
		for _, id := range []int64{a.ID, b.ID} {
			for _, h := range e.history(id) {
				if h.RequestID != nil && *h.RequestID == "req-bulk" {
					ids = append(ids, h.HistoryID)
				}
			}
		}
		if res, err = e.svc.Undo(e.ctx, instances.UndoInput{HistoryIDs: ids, Force: true}); err != nil || e.mustGet(b.ID).Status != "active" {
			e.t.Fatalf("undo by history ids: %+v %v", res, err)
		}
		var missing *instances.UndoMissingError
		if _, err := e.svc.Undo(e.ctx, instances.UndoInput{HistoryIDs: []int64{ids[0], 99999}}); !errors.As(err, &missing) || missing.IDs[0] != 99999 {
			e.t.Fatalf("unknown history ids: %v", err)
		}
		var unknown *instances.UnknownRequestError
		if _, err := e.svc.Undo(e.ctx, instances.UndoInput{RequestID: "never"}); !errors.As(err, &unknown) {
			e.t.Fatalf("an unknown request id: %v", err)
		}
		if r := e.verify(nil); !r.Intact() {
			e.t.Fatalf("chains after undos: %+v", r)
		}
		e.checkCountsAgainstRows()
	})

	register("UndoByHistoryIDsRefusesToSkipARecord", func(e *env) {
		c := e.create("c")
		var ids []int64
		for _, n := range []int64{2, 3, 4} {
			if _, _, err := e.svc.Update(e.ctx, c.ID, instances.Patch{Replicas: ptr(n)}, nil); err != nil {
				e.t.Fatal(err)
			}
			h := e.history(c.ID) // oldest first
			ids = append(ids, h[len(h)-1].HistoryID)
		}
		before := e.historyCount()
		// The changes to 2 and to 4, not the one to 3 between them: undoing would undo that too.
		var ve *instances.ValidationError
		if _, err := e.svc.Undo(e.ctx, instances.UndoInput{HistoryIDs: []int64{ids[0], ids[2]}}); !errors.As(err, &ve) || ve.Errors[0].Field != "history_ids" {
			e.t.Fatalf("chosen records skipping one: %v", err)
		}
		if e.historyCount() != before || e.mustGet(c.ID).Replicas != 4 {
			e.t.Fatal("a refused undo wrote")
		}
		// Consecutive ones are fine: back to before the change to 3.
		if _, err := e.svc.Undo(e.ctx, instances.UndoInput{HistoryIDs: []int64{ids[1], ids[2]}}); err != nil || e.mustGet(c.ID).Replicas != 2 {
			e.t.Fatalf("undo of the last two changes: %v, replicas %d", err, e.mustGet(c.ID).Replicas)
		}
	})

	register("UndoNamesTheInstanceWhoseNameIsTaken", func(e *env) {
		x, y := e.create("x"), e.create("y")
		batch := requestid.With(e.ctx, "req-del")
		for _, inst := range []instances.Instance{x, y} {
			if err := e.svc.Delete(batch, inst.ID, nil); err != nil {
				e.t.Fatal(err)
			}
		}
		taker := e.create("x") // x's name, taken since
		var ce *instances.ConflictError
		if _, err := e.svc.Undo(e.ctx, instances.UndoInput{RequestID: "req-del", Force: true}); !errors.As(err, &ce) || ce.Name != "x" || ce.ExistingID != taker.ID {
			e.t.Fatalf("undo onto a taken name: %v %+v", err, ce)
		}
		if _, err := e.svc.Get(e.ctx, y.ID); err == nil {
			e.t.Fatal("a failed undo restored y anyway")
		}
	})
}

func (e *env) mustGet(id int64) instances.Instance {
	e.t.Helper()
	inst, err := e.svc.Get(e.ctx, id)
	if err != nil {
		e.t.Fatalf("get %d: %v", id, err)
	}
	return inst
}

func isPrecondition(err error) bool {
	var pe *instances.PreconditionError
	return errors.As(err, &pe)
}
