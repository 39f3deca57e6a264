package storetest

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/iims/iims/internal/chain"
	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/store"
)

// What an attacker, or the first release, would write: records hashed by hand.

// writeFormatOne writes instances the way the first release did: each create record in chain
// format 1, chained to the previous record of the whole history, with no format version.
func (e *env) writeFormatOne(names ...string) []int64 {
	e.t.Helper()
	var ids []int64
	prev := ""
	err := e.st.Write(e.ctx, false, func(tx store.WriteTx) error {
		for _, name := range names {
			id, err := tx.NextInstanceID(e.ctx)
			if err != nil {
				return err
			}
			now := time.Now().UTC().Truncate(time.Microsecond)
			inst := store.InstanceInsertParams{ID: id, Name: name, ModelName: "m", ModelVersion: "latest", ClusterName: "c",
				ImageTag: "i", Replicas: 1, Pp: 1, Cp: 8, Tp: 1, Status: "active", Priority: "medium", Version: 1, CreatedAt: now, UpdatedAt: now}
			rec := store.HistoryInsertParams{OriginalID: id, OperationType: "create", OperationTimestamp: now, Name: name,
				ModelName: "m", ModelVersion: "latest", ClusterName: "c", ImageTag: "i", Replicas: 1, Pp: 1, Cp: 8, Tp: 1,
				Status: "active", Priority: "medium", Version: 1, CreatedAt: now, UpdatedAt: now,
				Changes: dbtypes.Changes{"name": {Old: nil, New: name}}}
			hash, err := chain.Hash(prev, formatOne(rec))
			if err != nil {
				return err
			}
			rec.Hash, inst.ChainHash, prev = &hash, &hash, hash
			if err := tx.Insert(e.ctx, inst, rec); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return ids
}

func formatOne(p store.HistoryInsertParams) chain.Record {
	return chain.Record{Version: chain.V1, OriginalID: p.OriginalID, Operation: p.OperationType, At: p.OperationTimestamp,
		Name: p.Name, ModelName: p.ModelName, ModelVersion: p.ModelVersion, ClusterName: p.ClusterName, ImageTag: p.ImageTag,
		Replicas: p.Replicas, PP: p.Pp, CP: p.Cp, TP: p.Tp, Status: p.Status, Priority: p.Priority,
		Description: p.Description, InstanceVersion: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		Changes: p.Changes, RequestID: p.RequestID}
}

// rechain recomputes the hashes of an instance's (format-2) records as an attacker who rewrote
// one would, and deletes the sealed tree heads.
func (e *env) rechain(instanceID int64) {
	e.t.Helper()
	prev := ""
	for _, h := range e.history(instanceID) {
		r := chain.Record{Version: chain.V2, OriginalID: h.OriginalID, Operation: h.OperationType, At: h.OperationTimestamp,
			Name: h.Name, ModelName: h.ModelName, ModelVersion: h.ModelVersion, ClusterName: h.ClusterName, ImageTag: h.ImageTag,
			Replicas: h.Replicas, PP: h.Pp, CP: h.Cp, TP: h.Tp, Status: h.Status, Priority: h.Priority,
			Description: h.Description, InstanceVersion: h.Version, CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt,
			Changes: h.Changes, RequestID: h.RequestID, Actor: h.Actor, Via: h.Via, Reason: h.Reason, RevertedFrom: h.RevertedFrom}
		hash, err := chain.Hash(prev, r)
		if err != nil {
			e.t.Fatal(err)
		}
		e.mustExec(fmt.Sprintf("UPDATE instance_history SET hash = '%s' WHERE history_id = %d", hash, h.HistoryID))
		prev = hash
	}
	e.mustExec("DELETE FROM history_tree_heads")
}

func mustHex(e *env, s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}
