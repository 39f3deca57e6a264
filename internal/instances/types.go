// Package instances is the IIMS domain: the rules of an instance, the history semantics (one
// history record per change, in the same transaction, with exact old/new values) and the
// operations the API, the CLI and the importer share. It never imports HTTP or driver packages.
package instances

import (
	"fmt"
	"strings"

	"github.com/iims/iims/internal/dbtypes"
	"github.com/iims/iims/internal/store"
)

// Instance and HistoryRecord are the stored rows.
type (
	Instance      = store.Instance
	HistoryRecord = store.HistoryRecord
	Changes       = dbtypes.Changes
	FieldChange   = dbtypes.FieldChange
)

// Operation types of history records.
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
)

// Spec is the user-settable state of an instance.
type Spec struct {
	Name         string
	ModelName    string
	ModelVersion string
	ClusterName  string
	ImageTag     string
	Replicas     int64
	PP           int64
	CP           int64
	TP           int64
	Status       string
	Priority     string
	Description  *string
}

// CreateInput is a new instance; nil optional fields take their defaults.
type CreateInput struct {
	Name, ModelName, ClusterName, ImageTag string
	ModelVersion                           *string
	Replicas, PP, CP, TP                   *int64
	Status, Priority                       *string
	Description                            *string
}

// Patch is a partial update: nil fields keep their value. Description is cleared when
// SetDescription is true and Description is nil.
type Patch struct {
	Name, ModelName, ModelVersion, ClusterName, ImageTag *string
	Replicas, PP, CP, TP                                 *int64
	Status, Priority                                     *string
	SetDescription                                       bool
	Description                                          *string
}

// Precondition is an If-Match: the write happens only if the instance's current version is one
// of Versions. A nil *Precondition means "unconditional".
type Precondition struct{ Versions []int64 }

func (p *Precondition) allows(version int64) bool {
	if p == nil {
		return true
	}
	for _, v := range p.Versions {
		if v == version {
			return true
		}
	}
	return false
}

// Comparison is the difference between two recorded versions of one instance.
type Comparison struct {
	InstanceID int64
	From, To   HistoryRecord
	Changes    Changes
	Unchanged  []string
}

// FieldError names one invalid field.
type FieldError struct {
	Field   string
	Message string
}

// ValidationError lists every invalid field of a request (HTTP 422).
type ValidationError struct{ Errors []FieldError }

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		parts[i] = fe.Field + " " + fe.Message
	}
	return "invalid instance: " + strings.Join(parts, "; ")
}

// NotFoundError says an instance or history record does not exist (HTTP 404).
type NotFoundError struct {
	Kind string // "instance" or "history record"
	ID   int64
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %d not found", e.Kind, e.ID) }

// ConflictError says another instance already has the name (HTTP 409).
type ConflictError struct {
	Name       string
	ExistingID int64 // 0 if it could not be looked up
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("an instance named %q already exists", e.Name)
}

// PreconditionError says the instance changed since the version the caller edited (HTTP 412).
type PreconditionError struct{ Current Instance }

func (e *PreconditionError) Error() string {
	return fmt.Sprintf("instance %d has changed (it is now at version %d)", e.Current.ID, e.Current.Version)
}

// Event describes one committed change, for real-time subscribers.
type Event struct {
	Type   string // instance.created | instance.updated | instance.deleted
	Record HistoryRecord
}

// EventFor makes the Event of a history record.
func EventFor(rec HistoryRecord) Event { return Event{Type: eventType(rec.OperationType), Record: rec} }
