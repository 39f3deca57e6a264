// Package chain is the byte format of the history's tamper evidence: which content of a history
// record its hash covers, in which encoding, for each format version. A record keeps the version
// it was written with, and verification recomputes each record under its own version, so a new
// field never turns old records into "tampered". Golden tests pin the exact bytes and hash of a
// fixed record for every version: changing an existing version's encoding fails them.
//
//   - Version 1 (the first release) chained every record to the previous record of the whole
//     history, in history id order, which forced writers through one lock.
//   - Version 2 chains each record to the previous record of the same instance (under the row
//     lock every writer of that instance holds anyway) and adds the provenance (actor, via,
//     reason) and reverted_from. The order of the whole history is sealed separately, after
//     commit, into a Merkle log (see merkle.go).
package chain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/iims/iims/internal/dbtypes"
)

// Format versions.
const (
	V1      = 1
	V2      = 2
	Current = V2
)

// Record is the content of one history record that its hash covers (all versions' fields; a
// version encodes only its own).
type Record struct {
	Version      int // the format it was (or is to be) hashed with
	OriginalID   int64
	Operation    string
	At           time.Time
	Name         string
	ModelName    string
	ModelVersion string
	ClusterName  string
	ImageTag     string
	Replicas     int64
	PP, CP, TP   int64
	Status       string
	Priority     string
	Description  *string
	// InstanceVersion is the version of the instance the record describes.
	InstanceVersion int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Changes         dbtypes.Changes
	RequestID       *string
	// Since version 2.
	Actor, Via, Reason *string
	RevertedFrom       *int64
}

// Hash returns the hex SHA-256 of the record chained to its predecessor's hash prev ("" for the
// first record of a chain): the whole history's previous record in version 1, the same
// instance's in version 2.
func Hash(prev string, r Record) (string, error) {
	content, err := Encode(r)
	if err != nil {
		return "", err
	}
	sum := sha256.New()
	switch r.Version {
	case V1:
		sum.Write([]byte(prev))
		sum.Write([]byte{'\n'})
	case V2:
		sum.Write([]byte("iims-history-v2\n"))
		sum.Write([]byte(prev))
		sum.Write([]byte{'\n'})
	}
	sum.Write(content)
	return hex.EncodeToString(sum.Sum(nil)), nil
}

// Encode returns the record's content in its version's canonical encoding: JSON of a struct with
// a fixed field order (maps, the changes, are encoded with sorted keys; times as RFC 3339 in UTC
// with nanoseconds, trailing zeros trimmed).
func Encode(r Record) ([]byte, error) {
	var v any
	switch r.Version {
	case V1:
		v = v1Of(r)
	case V2:
		v = v2Of(r)
	default:
		return nil, fmt.Errorf("history chain format %d is unknown", r.Version)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode history record: %w", err)
	}
	return b, nil
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// v1 is format 1's content, field for field as the first release hashed it.
type v1 struct {
	OriginalID   int64           `json:"original_id"`
	Operation    string          `json:"operation_type"`
	At           string          `json:"operation_timestamp"`
	Name         string          `json:"name"`
	ModelName    string          `json:"model_name"`
	ModelVersion string          `json:"model_version"`
	ClusterName  string          `json:"cluster_name"`
	ImageTag     string          `json:"image_tag"`
	Replicas     int64           `json:"replicas"`
	PP           int64           `json:"pp"`
	CP           int64           `json:"cp"`
	TP           int64           `json:"tp"`
	Status       string          `json:"status"`
	Priority     string          `json:"priority"`
	Description  *string         `json:"description"`
	Version      int64           `json:"version"`
	CreatedAt    string          `json:"created_at"`
	UpdatedAt    string          `json:"updated_at"`
	Changes      dbtypes.Changes `json:"changes"`
	RequestID    *string         `json:"request_id"`
}

func v1Of(r Record) v1 {
	return v1{OriginalID: r.OriginalID, Operation: r.Operation, At: timestamp(r.At), Name: r.Name, ModelName: r.ModelName,
		ModelVersion: r.ModelVersion, ClusterName: r.ClusterName, ImageTag: r.ImageTag, Replicas: r.Replicas,
		PP: r.PP, CP: r.CP, TP: r.TP, Status: r.Status, Priority: r.Priority, Description: r.Description,
		Version: r.InstanceVersion, CreatedAt: timestamp(r.CreatedAt), UpdatedAt: timestamp(r.UpdatedAt),
		Changes: r.Changes, RequestID: r.RequestID}
}

// v2 is format 2's content: format 1's fields, then the provenance and the reverted record.
type v2 struct {
	v1
	Actor        *string `json:"actor"`
	Via          *string `json:"via"`
	Reason       *string `json:"reason"`
	RevertedFrom *int64  `json:"reverted_from"`
}

func v2Of(r Record) v2 {
	return v2{v1: v1Of(r), Actor: r.Actor, Via: r.Via, Reason: r.Reason, RevertedFrom: r.RevertedFrom}
}
