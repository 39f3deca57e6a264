package instances

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/iims/iims/internal/store"
)

// The history is a hash chain: each record stores SHA-256 of the previous record's hash and its
// own content. Writers hold the history lock, so records are chained in history id (= commit)
// order. Editing or removing a record — even by someone who bypasses IIMS and its append-only
// triggers — breaks the chain from that record on; VerifyHistory finds the first break, and the
// newest hash (shown by `iims verify`, kept elsewhere) anchors the end against truncation.

// chainRecord is a record's hashed content, in a fixed order and format.
type chainRecord struct {
	OriginalID   int64   `json:"original_id"`
	Operation    string  `json:"operation_type"`
	At           string  `json:"operation_timestamp"`
	Name         string  `json:"name"`
	ModelName    string  `json:"model_name"`
	ModelVersion string  `json:"model_version"`
	ClusterName  string  `json:"cluster_name"`
	ImageTag     string  `json:"image_tag"`
	Replicas     int64   `json:"replicas"`
	PP           int64   `json:"pp"`
	CP           int64   `json:"cp"`
	TP           int64   `json:"tp"`
	Status       string  `json:"status"`
	Priority     string  `json:"priority"`
	Description  *string `json:"description"`
	Version      int64   `json:"version"`
	CreatedAt    string  `json:"created_at"`
	UpdatedAt    string  `json:"updated_at"`
	Changes      Changes `json:"changes"`
	RequestID    *string `json:"request_id"`
}

// chainHash is the hash of a record whose predecessor's hash is prev ("" for the first).
func chainHash(prev string, p store.HistoryInsertParams) (string, error) {
	content, err := json.Marshal(chainRecord{
		OriginalID: p.OriginalID, Operation: p.OperationType, At: timestamp(p.OperationTimestamp),
		Name: p.Name, ModelName: p.ModelName, ModelVersion: p.ModelVersion, ClusterName: p.ClusterName,
		ImageTag: p.ImageTag, Replicas: p.Replicas, PP: p.Pp, CP: p.Cp, TP: p.Tp, Status: p.Status,
		Priority: p.Priority, Description: p.Description, Version: p.Version,
		CreatedAt: timestamp(p.CreatedAt), UpdatedAt: timestamp(p.UpdatedAt), Changes: p.Changes, RequestID: p.RequestID,
	})
	if err != nil {
		return "", fmt.Errorf("hash history record: %w", err)
	}
	sum := sha256.New()
	sum.Write([]byte(prev))
	sum.Write([]byte{'\n'})
	sum.Write(content)
	return hex.EncodeToString(sum.Sum(nil)), nil
}

// ChainReport is the outcome of VerifyHistory.
type ChainReport struct {
	Checked    int64  // records whose hash was recomputed
	Unhashed   int64  // records written around IIMS (no hash), skipped
	HeadID     int64  // the newest record's history id
	HeadHash   string // and its hash: keep it to detect a later truncation
	BrokenAtID int64  // the first record whose hash does not match (0: the chain is intact)
}

// VerifyHistory recomputes the whole chain, oldest record first, and reports the first record
// whose stored hash differs from what its content and predecessor give.
func (s *Service) VerifyHistory(ctx context.Context) (ChainReport, error) {
	var r ChainReport
	prev := ""
	err := s.store.EachHistoryInOrder(ctx, func(h HistoryRecord) error {
		r.HeadID = h.HistoryID
		if h.Hash == nil {
			r.Unhashed++
			return nil
		}
		want, err := chainHash(prev, paramsOf(h))
		if err != nil {
			return err
		}
		if want != *h.Hash && r.BrokenAtID == 0 {
			r.BrokenAtID = h.HistoryID
		}
		r.Checked++
		prev, r.HeadHash = *h.Hash, *h.Hash
		return nil
	})
	return r, err
}

// paramsOf is the content of a stored record, as it was when it was hashed.
func paramsOf(h HistoryRecord) store.HistoryInsertParams {
	return store.HistoryInsertParams{OriginalID: h.OriginalID, OperationType: h.OperationType,
		OperationTimestamp: h.OperationTimestamp, Name: h.Name, ModelName: h.ModelName, ModelVersion: h.ModelVersion,
		ClusterName: h.ClusterName, ImageTag: h.ImageTag, Replicas: h.Replicas, Pp: h.Pp, Cp: h.Cp, Tp: h.Tp,
		Status: h.Status, Priority: h.Priority, Description: h.Description, Version: h.Version,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt, Changes: h.Changes, RequestID: h.RequestID}
}
