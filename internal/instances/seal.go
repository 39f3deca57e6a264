package instances

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/iims/iims/internal/chain"
	"github.com/iims/iims/internal/store"
)

// TreeHead is a tree head of the Merkle log of the whole history: its size (records, in history
// id order, up to LastHistoryID) and root fix every one of those records.
type TreeHead = store.TreeHead

// Seal appends the records committed since the last tree head — up to the settled point, so
// that no record can still appear below it — to the Merkle log and stores the new tree head. It
// returns the newest head, and whether this call stored it. Any replica may seal at any time: two
// that seal at once store the same head, and the second one's is dropped.
func (s *Service) Seal(ctx context.Context) (TreeHead, bool, error) {
	upTo, err := s.store.HistoryWatermark(ctx)
	if err != nil {
		return TreeHead{}, false, err
	}
	latest, err := s.store.Q().TreeHeadLatest(ctx)
	if err != nil && !store.IsNotFound(err) {
		return TreeHead{}, false, err
	}
	if upTo <= latest.LastHistoryID {
		return latest, false, nil
	}
	log := chain.NewLog()
	if latest.TreeSize > 0 {
		hashes, err := decodeHashes(latest.RangeHashes)
		if err != nil {
			return TreeHead{}, false, fmt.Errorf("tree head %d: %w", latest.TreeSize, err)
		}
		if log, err = chain.ResumeLog(uint64(latest.TreeSize), hashes); err != nil {
			return TreeHead{}, false, err
		}
	}
	last := latest.LastHistoryID
	err = s.store.EachHistoryHashInOrder(ctx, latest.LastHistoryID, upTo, func(id int64, hash string) error {
		last = id
		return log.Append(id, hash, nil)
	})
	if err != nil || int64(log.Size()) == latest.TreeSize {
		return latest, false, err
	}
	head := store.TreeHeadInsertParams{TreeSize: int64(log.Size()), LastHistoryID: last,
		RootHash: hex.EncodeToString(log.Root()), RangeHashes: encodeHashes(log.Hashes()), SealedAt: s.clock()}
	err = s.store.Write(ctx, false, func(tx store.WriteTx) error { return tx.AppendTreeHead(ctx, head) })
	if store.IsUniqueViolation(err) {
		return TreeHead(head), false, nil // another replica sealed the same records a moment ago
	}
	if err != nil {
		return TreeHead{}, false, err
	}
	return TreeHead(head), true, nil
}

// SealEvery seals the history every interval until ctx ends (each replica runs it; see Seal).
func (s *Service) SealEvery(ctx context.Context, interval time.Duration, failed func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, _, err := s.Seal(ctx); err != nil && ctx.Err() == nil && failed != nil {
			failed(err)
		}
	}
}

func encodeHashes(hashes [][]byte) string {
	parts := make([]string, len(hashes))
	for i, h := range hashes {
		parts[i] = hex.EncodeToString(h)
	}
	return strings.Join(parts, ",")
}

func decodeHashes(s string) ([][]byte, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	out := make([][]byte, len(parts))
	for i, p := range parts {
		h, err := hex.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("its compact range is not hex: %w", err)
		}
		out[i] = h
	}
	return out, nil
}
