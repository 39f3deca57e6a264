package instances

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"

	"github.com/iims/iims/internal/chain"
	"github.com/iims/iims/internal/store"
)

// The history is tamper-evident in two ways (internal/chain has the byte formats):
//   - each record's hash covers its content and the hash of the same instance's previous record
//     (records of the first format: of the whole history's previous record), so altering or
//     removing a record breaks its instance's chain from there on;
//   - the whole history, in history id order, is sealed into a Merkle log after commit (Seal), whose
//     tree heads fix every record up to their size: removing a record, or the newest records of
//     an instance, changes the root.
// VerifyHistory recomputes both; `iims verify` reports what it found.

// chainRecordOf is the hashed content of a record about to be written.
func chainRecordOf(p store.HistoryInsertParams) chain.Record {
	version := chain.V1
	if p.ChainVersion != nil {
		version = int(*p.ChainVersion)
	}
	return chain.Record{Version: version, OriginalID: p.OriginalID, Operation: p.OperationType, At: p.OperationTimestamp,
		Name: p.Name, ModelName: p.ModelName, ModelVersion: p.ModelVersion, ClusterName: p.ClusterName, ImageTag: p.ImageTag,
		Replicas: p.Replicas, PP: p.Pp, CP: p.Cp, TP: p.Tp, Status: p.Status, Priority: p.Priority,
		Description: p.Description, InstanceVersion: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		Changes: p.Changes, RequestID: p.RequestID, Actor: p.Actor, Via: p.Via, Reason: p.Reason, RevertedFrom: p.RevertedFrom}
}

// storedChainRecord is the hashed content of a stored record, as it was when it was hashed.
func storedChainRecord(h HistoryRecord) chain.Record {
	return chainRecordOf(store.HistoryInsertParams{OriginalID: h.OriginalID, OperationType: h.OperationType,
		OperationTimestamp: h.OperationTimestamp, Name: h.Name, ModelName: h.ModelName, ModelVersion: h.ModelVersion,
		ClusterName: h.ClusterName, ImageTag: h.ImageTag, Replicas: h.Replicas, Pp: h.Pp, Cp: h.Cp, Tp: h.Tp,
		Status: h.Status, Priority: h.Priority, Description: h.Description, Version: h.Version,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt, Changes: h.Changes, RequestID: h.RequestID,
		ChainVersion: h.ChainVersion, Actor: h.Actor, Via: h.Via, Reason: h.Reason, RevertedFrom: h.RevertedFrom})
}

// ChainReport is the outcome of VerifyHistory.
type ChainReport struct {
	Checked    int64  // records whose hash was recomputed
	Unhashed   int64  // records written around IIMS (no hash), skipped
	BrokenAtID int64  // the first record whose hash does not match (0: every chain is intact)
	HeadID     int64  // the newest record's history id
	LogSize    uint64 // records in the Merkle log (the whole history, in id order)
	LogRoot    string // and its root hash: keep it elsewhere to detect a later removal
	TreeHeads  int    // stored tree heads that matched the log
	// BadTreeHead is the size of the first stored tree head the log does not match (0: none).
	BadTreeHead uint64
	// External is the outcome of checking a tree head kept outside IIMS (VerifyOptions).
	External string
}

// Intact reports whether nothing was found altered or removed.
func (r ChainReport) Intact() bool {
	return r.BrokenAtID == 0 && r.BadTreeHead == 0 && (r.External == "" || r.External == externalOK)
}

const externalOK = "consistent"

// TreeHeadRef is a tree head kept outside IIMS (printed by an earlier `iims verify`).
type TreeHeadRef struct {
	Size uint64
	Root []byte
}

// VerifyHistory recomputes every record's hash, every instance's chain and the Merkle log of the
// whole history, and checks every stored tree head against the log — and, given one, a tree head
// kept outside IIMS, with a consistency proof: the history as it is now extends the history as
// it was when that head was taken. Memory stays constant: two passes over the history.
func (s *Service) VerifyHistory(ctx context.Context, external *TreeHeadRef) (ChainReport, error) {
	var r ChainReport
	if err := s.verifyChains(ctx, &r); err != nil {
		return r, err
	}
	return r, s.verifyLog(ctx, &r, external)
}

// verifyChains walks each instance's records in order: a format-2 record chains to the instance's
// previous record.
func (s *Service) verifyChains(ctx context.Context, r *ChainReport) error {
	var prevID int64 = -1
	prev := ""
	return s.store.EachHistoryByInstance(ctx, func(h HistoryRecord) error {
		if h.OriginalID != prevID {
			prevID, prev = h.OriginalID, ""
		}
		defer func() { prev = deref(h.Hash) }()
		if h.Hash == nil || h.ChainVersion == nil {
			return nil // unhashed, or format 1 (chained across the whole history: verifyLog)
		}
		want, err := chain.Hash(prev, storedChainRecord(h))
		if err != nil {
			return err
		}
		r.Checked++
		if want != *h.Hash {
			r.noteBroken(h.HistoryID)
		}
		return nil
	})
}

// verifyLog walks the whole history in id order: format-1 records chain to the previous record;
// every record is a leaf of the Merkle log, whose root must match every stored tree head when the
// log reaches its size (a head beyond the end of the history means records were removed).
func (s *Service) verifyLog(ctx context.Context, r *ChainReport, external *TreeHeadRef) error {
	heads, err := s.store.Q().TreeHeads(ctx)
	if err != nil {
		return err
	}
	// The log covers the settled history only (see store.HistoryWatermark): a record that may
	// still appear below the last one would make the root printed here a false alarm later.
	upTo, err := s.store.HistoryWatermark(ctx)
	if err != nil {
		return err
	}
	var extRoot []byte
	log := chain.NewLog()
	prevHash, next := "", 0
	err = s.store.EachHistoryInOrder(ctx, 0, upTo, func(h HistoryRecord) error {
		r.HeadID = h.HistoryID
		if h.Hash == nil {
			r.Unhashed++
		} else if h.ChainVersion == nil {
			want, err := chain.Hash(prevHash, storedChainRecord(h))
			if err != nil {
				return err
			}
			r.Checked++
			if want != *h.Hash {
				r.noteBroken(h.HistoryID)
			}
		}
		prevHash = deref(h.Hash)
		if err := log.Append(h.HistoryID, prevHash, nil); err != nil {
			return err
		}
		for ; next < len(heads) && uint64(heads[next].TreeSize) == log.Size(); next++ {
			if heads[next].RootHash != hex.EncodeToString(log.Root()) || heads[next].LastHistoryID != h.HistoryID {
				r.noteBadHead(log.Size())
			} else {
				r.TreeHeads++
			}
		}
		if external != nil && log.Size() == external.Size {
			extRoot = log.Root()
		}
		return nil
	})
	if err != nil {
		return err
	}
	for ; next < len(heads); next++ {
		r.noteBadHead(uint64(heads[next].TreeSize))
	}
	r.LogSize, r.LogRoot = log.Size(), hex.EncodeToString(log.Root())
	if external != nil {
		r.External, err = s.checkExternal(ctx, *external, extRoot, upTo, log.Size(), log.Root())
	}
	return err
}

// checkExternal checks a tree head kept outside IIMS: the log at its size has its root, and a
// consistency proof (RFC 9162) shows that the log as it is now extends it.
func (s *Service) checkExternal(ctx context.Context, ext TreeHeadRef, rootThen []byte, upTo int64, size uint64, root []byte) (string, error) {
	if ext.Size > size {
		return fmt.Sprintf("the history has %d records, fewer than the %d of the tree head: records were removed", size, ext.Size), nil
	}
	if !bytes.Equal(rootThen, ext.Root) {
		return fmt.Sprintf("the first %d records no longer have the tree head's root: some were altered or removed", ext.Size), nil
	}
	nodes, err := chain.NewConsistencyNodes(ext.Size, size)
	if err != nil {
		return "", err
	}
	log := chain.NewLog()
	err = s.store.EachHistoryInOrder(ctx, 0, upTo, func(h HistoryRecord) error {
		if log.Size() == size {
			return nil
		}
		return log.Append(h.HistoryID, deref(h.Hash), nodes.Visit)
	})
	if err != nil {
		return "", err
	}
	if err := nodes.Verify(ext.Root, root); err != nil {
		return "the consistency proof from the tree head to the log fails: " + err.Error(), nil
	}
	return externalOK, nil
}

func (r *ChainReport) noteBroken(id int64) {
	if r.BrokenAtID == 0 || id < r.BrokenAtID {
		r.BrokenAtID = id
	}
}

func (r *ChainReport) noteBadHead(size uint64) {
	if r.BadTreeHead == 0 {
		r.BadTreeHead = size
	}
}
