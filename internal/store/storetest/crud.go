package storetest

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/store"
)

func init() {
	register("CreateAppliesDefaultsAndRecordsEveryField", func(e *env) {
		inst := e.create("llama-7b-chat")
		if inst.ID == 0 || inst.ModelVersion != "latest" || inst.Replicas != 1 || inst.Pp != 1 || inst.Cp != 8 ||
			inst.Tp != 1 || inst.Status != "active" || inst.Priority != "medium" || inst.Description != nil || inst.Version != 1 {
			e.t.Fatalf("defaults not applied: %+v", inst)
		}
		if !inst.CreatedAt.Equal(inst.UpdatedAt) || time.Since(inst.CreatedAt) > time.Minute {
			e.t.Fatalf("timestamps: created %v updated %v", inst.CreatedAt, inst.UpdatedAt)
		}
		got, err := e.svc.Get(e.ctx, inst.ID)
		if err != nil || !got.CreatedAt.Equal(inst.CreatedAt) || got.Name != inst.Name {
			e.t.Fatalf("read back %+v, %v; want %+v", got, err, inst)
		}
		hist := e.history(inst.ID)
		if len(hist) != 1 || hist[0].OperationType != "create" || hist[0].Version != 1 || hist[0].Name != "llama-7b-chat" {
			e.t.Fatalf("create record: %+v", hist)
		}
		ch := hist[0].Changes
		if len(ch) != 14 {
			e.t.Fatalf("create changes have %d fields, want 12 data fields + created_at + updated_at: %v", len(ch), jsonOf(ch))
		}
		for f, c := range ch {
			if c.Old != nil {
				e.t.Errorf("create change %s has old %v, want null", f, c.Old)
			}
		}
		if jsonOf(ch["replicas"].New) != "1" || jsonOf(ch["description"].New) != "null" || ch["name"].New != "llama-7b-chat" {
			e.t.Fatalf("create changes: %s", jsonOf(ch))
		}
	})

	register("CreateStoresEveryGivenField", func(e *env) {
		inst := e.create("gpt-3.5-turbo", func(in *instances.CreateInput) {
			in.ModelVersion, in.Replicas, in.PP, in.CP, in.TP = ptr("v2"), ptr[int64](3), ptr[int64](2), ptr[int64](16), ptr[int64](4)
			in.Status, in.Priority, in.Description = ptr("pending"), ptr("critical"), ptr("GPT-3.5 — ünïcode ✓")
		})
		got, _ := e.svc.Get(e.ctx, inst.ID)
		if got.ModelVersion != "v2" || got.Replicas != 3 || got.Pp != 2 || got.Cp != 16 || got.Tp != 4 ||
			got.Status != "pending" || got.Priority != "critical" || *got.Description != "GPT-3.5 — ünïcode ✓" {
			e.t.Fatalf("stored %+v", got)
		}
	})

	register("CreateRejectsInvalidStateAndWritesNothing", func(e *env) {
		_, err := e.svc.Create(e.ctx, instances.CreateInput{Name: " padded", ModelName: "", ClusterName: "c", ImageTag: "i",
			Replicas: ptr[int64](101), Status: ptr("running"), Description: ptr("nul\x00byte")})
		ve := as[*instances.ValidationError](e.t, err)
		fields := map[string]bool{}
		for _, fe := range ve.Errors {
			fields[fe.Field] = true
		}
		for _, f := range []string{"name", "model_name", "replicas", "status", "description"} {
			if !fields[f] {
				e.t.Errorf("no error for %s in %v", f, ve.Errors)
			}
		}
		if n := e.historyCount(); n != 0 {
			e.t.Fatalf("%d history records after a rejected create", n)
		}
	})

	register("DuplicateNameIsAConflictAndWritesNothing", func(e *env) {
		first := e.create("dup")
		_, err := e.svc.Create(e.ctx, instances.CreateInput{Name: "dup", ModelName: "m", ClusterName: "c", ImageTag: "i"})
		ce := as[*instances.ConflictError](e.t, err)
		if ce.ExistingID != first.ID || ce.Name != "dup" {
			e.t.Fatalf("conflict %+v, want existing id %d", ce, first.ID)
		}
		if n := e.historyCount(); n != 1 {
			e.t.Fatalf("%d history records, want 1", n)
		}
		// Names are case-sensitive identifiers: "Dup" is another instance.
		e.create("Dup")
	})

	register("GetUnknownIsNotFound", func(e *env) {
		_, err := e.svc.Get(e.ctx, 424242)
		as[*instances.NotFoundError](e.t, err)
	})

	register("UpdateChangesOnlyGivenFieldsAndRecordsExactChanges", func(e *env) {
		inst := e.create("u1", func(in *instances.CreateInput) { in.Description = ptr("before") })
		updated, changed, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](4), Status: ptr("inactive")}, nil)
		if err != nil || !changed {
			e.t.Fatalf("update: %v changed=%v", err, changed)
		}
		if updated.Replicas != 4 || updated.Status != "inactive" || updated.Name != "u1" || *updated.Description != "before" ||
			updated.Version != 2 || !updated.UpdatedAt.After(inst.UpdatedAt) || !updated.CreatedAt.Equal(inst.CreatedAt) {
			e.t.Fatalf("updated %+v from %+v", updated, inst)
		}
		hist := e.history(inst.ID)
		if len(hist) != 2 {
			e.t.Fatalf("%d records, want 2", len(hist))
		}
		rec := hist[1]
		if rec.OperationType != "update" || rec.Version != 2 || rec.Replicas != 4 || rec.Status != "inactive" {
			e.t.Fatalf("update record %+v", rec)
		}
		want := `{"replicas":{"new":4,"old":1},"status":{"new":"inactive","old":"active"},"updated_at":{"new":"` +
			updated.UpdatedAt.UTC().Format(time.RFC3339Nano) + `","old":"` + inst.UpdatedAt.UTC().Format(time.RFC3339Nano) + `"}}`
		if got := canonical(rec.Changes); got != want {
			e.t.Fatalf("changes\n got %s\nwant %s", got, want)
		}
	})

	register("NoOpUpdateWritesNoHistoryAndKeepsUpdatedAt", func(e *env) {
		inst := e.create("noop", func(in *instances.CreateInput) { in.Replicas = ptr[int64](2) })
		got, changed, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](2), Name: ptr("noop")}, nil)
		if err != nil || changed || got.Version != 1 || !got.UpdatedAt.Equal(inst.UpdatedAt) {
			e.t.Fatalf("no-op update: %v changed=%v %+v", err, changed, got)
		}
		if _, changed, _ = e.svc.Update(e.ctx, inst.ID, instances.Patch{}, nil); changed {
			e.t.Fatal("empty patch reported a change")
		}
		if n := len(e.history(inst.ID)); n != 1 {
			e.t.Fatalf("%d records, want only the create", n)
		}
	})

	register("UpdateSetsAndClearsDescription", func(e *env) {
		inst := e.create("desc")
		u, _, _ := e.svc.Update(e.ctx, inst.ID, instances.Patch{SetDescription: true, Description: ptr("now set")}, nil)
		if u.Description == nil || *u.Description != "now set" {
			e.t.Fatalf("description not set: %+v", u)
		}
		u, _, _ = e.svc.Update(e.ctx, inst.ID, instances.Patch{SetDescription: true}, nil)
		if u.Description != nil {
			e.t.Fatalf("description not cleared: %q", *u.Description)
		}
		last := e.history(inst.ID)[2]
		if jsonOf(last.Changes["description"]) != `{"old":"now set","new":null}` {
			e.t.Fatalf("clear recorded as %s", jsonOf(last.Changes["description"]))
		}
	})

	register("UpdateToATakenNameIsAConflictAndChangesNothing", func(e *env) {
		a := e.create("a")
		b := e.create("b")
		_, _, err := e.svc.Update(e.ctx, b.ID, instances.Patch{Name: ptr("a"), Replicas: ptr[int64](5)}, nil)
		ce := as[*instances.ConflictError](e.t, err)
		if ce.ExistingID != a.ID {
			e.t.Fatalf("conflict names %d, want %d", ce.ExistingID, a.ID)
		}
		got, _ := e.svc.Get(e.ctx, b.ID)
		if got.Name != "b" || got.Replicas != 1 || got.Version != 1 || len(e.history(b.ID)) != 1 {
			e.t.Fatalf("failed update left traces: %+v", got)
		}
	})

	register("InvalidUpdateChangesNothing", func(e *env) {
		inst := e.create("inv")
		_, _, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](0), TP: ptr[int64](17)}, nil)
		ve := as[*instances.ValidationError](e.t, err)
		if len(ve.Errors) != 2 {
			e.t.Fatalf("errors %v, want replicas and tp", ve.Errors)
		}
		if got, _ := e.svc.Get(e.ctx, inst.ID); got.Version != 1 {
			e.t.Fatalf("version %d after a rejected update", got.Version)
		}
	})

	register("UpdateUnknownIsNotFound", func(e *env) {
		_, _, err := e.svc.Update(e.ctx, 99, instances.Patch{Replicas: ptr[int64](2)}, nil)
		as[*instances.NotFoundError](e.t, err)
	})

	register("StalePreconditionFailsAndChangesNothing", func(e *env) {
		inst := e.create("occ")
		if _, _, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](2)}, &instances.Precondition{Versions: []int64{1}}); err != nil {
			e.t.Fatalf("matching precondition: %v", err)
		}
		_, _, err := e.svc.Update(e.ctx, inst.ID, instances.Patch{Replicas: ptr[int64](3)}, &instances.Precondition{Versions: []int64{1}})
		pe := as[*instances.PreconditionError](e.t, err)
		if pe.Current.Version != 2 || pe.Current.Replicas != 2 {
			e.t.Fatalf("precondition error carries %+v", pe.Current)
		}
		err = e.svc.Delete(e.ctx, inst.ID, &instances.Precondition{Versions: []int64{1}})
		as[*instances.PreconditionError](e.t, err)
		if got, _ := e.svc.Get(e.ctx, inst.ID); got.Replicas != 2 || got.Version != 2 || len(e.history(inst.ID)) != 2 {
			e.t.Fatalf("stale writes left traces: %+v", got)
		}
		if err := e.svc.Delete(e.ctx, inst.ID, &instances.Precondition{Versions: []int64{7, 2}}); err != nil {
			e.t.Fatalf("delete with a matching version in the list: %v", err)
		}
	})

	register("DeleteRecordsLastStateAndHistorySurvives", func(e *env) {
		inst := e.create("gone", func(in *instances.CreateInput) { in.Replicas = ptr[int64](3) })
		if err := e.svc.Delete(e.ctx, inst.ID, nil); err != nil {
			e.t.Fatal(err)
		}
		_, err := e.svc.Get(e.ctx, inst.ID)
		as[*instances.NotFoundError](e.t, err)
		err = e.svc.Delete(e.ctx, inst.ID, nil)
		as[*instances.NotFoundError](e.t, err)
		hist := e.history(inst.ID)
		if len(hist) != 2 || hist[1].OperationType != "delete" || hist[1].Changes != nil || hist[1].Replicas != 3 ||
			hist[1].Version != 1 || hist[1].Name != "gone" {
			e.t.Fatalf("history after delete: %+v", hist)
		}
		if rec, err := e.svc.GetHistory(e.ctx, hist[0].HistoryID); err != nil || rec.OriginalID != inst.ID {
			e.t.Fatalf("history record after delete: %+v %v", rec, err)
		}
		// The name is free again; the new instance gets a new id and its own history.
		again := e.create("gone")
		if again.ID == inst.ID || len(e.history(again.ID)) != 1 {
			e.t.Fatalf("re-created instance reused id %d", again.ID)
		}
	})

	register("IdsAreNeverReused", func(e *env) {
		a := e.create("a")
		b := e.create("b")
		_ = e.svc.Delete(e.ctx, b.ID, nil)
		c := e.create("c")
		if c.ID <= b.ID || a.ID >= b.ID {
			e.t.Fatalf("ids a=%d b=%d c=%d: the deleted id was reused", a.ID, b.ID, c.ID)
		}
	})

	register("FailedTransactionLeavesNothing", func(e *env) {
		err := e.st.Write(e.ctx, false, func(tx store.WriteTx) error {
			if err := e.rawInsert(tx, "half", 1); err != nil {
				return err
			}
			return errSentinel
		})
		if err != errSentinel {
			e.t.Fatalf("Write returned %v", err)
		}
		if _, err := e.st.Q().InstanceGetByName(e.ctx, "half"); !store.IsNotFound(err) {
			e.t.Fatalf("rolled-back instance is visible: %v", err)
		}
	})

	register("DryRunLeavesNothing", func(e *env) {
		before := e.historyCount()
		if err := e.st.Write(e.ctx, true, func(tx store.WriteTx) error { return e.rawInsert(tx, "dry", 1) }); err != nil {
			e.t.Fatalf("dry run: %v", err)
		}
		if _, err := e.st.Q().InstanceGetByName(e.ctx, "dry"); !store.IsNotFound(err) || e.historyCount() != before {
			e.t.Fatalf("a dry run wrote: %v", err)
		}
	})

	register("DatabaseRefusesOutOfBoundsValues", func(e *env) {
		err := e.st.Write(e.ctx, false, func(tx store.WriteTx) error { return e.rawInsert(tx, "raw", 500) })
		if err == nil || !strings.Contains(strings.ToLower(err.Error()), "replicas") {
			e.t.Fatalf("a 500-replica row bypassing the domain was stored (err %v)", err)
		}
	})
}

// rawInsert writes an instance and its record straight through the store, around the domain's
// rules (as a buggy writer would).
func (e *env) rawInsert(tx store.WriteTx, name string, replicas int64) error {
	id, err := tx.NextInstanceID(e.ctx)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	return tx.Insert(e.ctx, store.InstanceInsertParams{ID: id, Name: name, ModelName: "m", ModelVersion: "v",
		ClusterName: "c", ImageTag: "i", Replicas: replicas, Pp: 1, Cp: 1, Tp: 1, Status: "active", Priority: "low",
		Version: 1, CreatedAt: now, UpdatedAt: now},
		store.HistoryInsertParams{OriginalID: id, OperationType: "create", OperationTimestamp: now, Name: name,
			ModelName: "m", ModelVersion: "v", ClusterName: "c", ImageTag: "i", Replicas: replicas, Pp: 1, Cp: 1, Tp: 1,
			Status: "active", Priority: "low", Version: 1, CreatedAt: now, UpdatedAt: now})
}

type sentinel struct{}

func (sentinel) Error() string { return "sentinel" }

var errSentinel error = sentinel{}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// canonical renders changes with sorted keys (encoding/json sorts map keys).
func canonical(c instances.Changes) string {
	var m map[string]map[string]any
	_ = json.Unmarshal([]byte(jsonOf(c)), &m)
	return jsonOf(m)
}
