package instances

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/iims/iims/internal/store"
)

// Import actions.
const (
	ImportCreate    = "create"
	ImportUpdate    = "update"
	ImportUnchanged = "unchanged"
)

// ImportRow is one record of an import file: the fields it gives (Name is required), where it
// came from, and, for instances brought over from another system, their original timestamps.
type ImportRow struct {
	Line      int
	Fields    Patch
	CreatedAt *time.Time // kept on create (legacy import); ignored on update
	UpdatedAt *time.Time
	// BlankDescription marks an empty CSV cell for description, which cannot tell "" from null:
	// Fields clears the description, but an instance whose description is "" keeps it (so a CSV
	// export imported back changes nothing).
	BlankDescription bool
}

// ImportItem is what an import does (or, in a dry run, would do) with one row.
type ImportItem struct {
	Line    int
	Name    string
	ID      int64 // the instance's id (0 for a create in a dry run)
	Action  string
	Changes Changes
}

// RowError is one invalid field of one row.
type RowError struct {
	Line    int
	Field   string
	Message string
}

// ImportError lists every invalid row; nothing was written.
type ImportError struct{ Rows []RowError }

func (e *ImportError) Error() string {
	parts := make([]string, 0, len(e.Rows))
	for _, r := range e.Rows {
		parts = append(parts, fmt.Sprintf("line %d: %s %s", r.Line, r.Field, r.Message))
	}
	return fmt.Sprintf("%d invalid row(s), nothing imported:\n  %s", len(e.Rows), strings.Join(parts, "\n  "))
}

// Import upserts the rows by name, all or nothing, in one transaction: a new name creates an
// instance (omitted fields take their defaults), a known name updates the fields the row gives.
// Every change writes its history record. With dryRun it only reports what it would do.
func (s *Service) Import(ctx context.Context, rows []ImportRow, dryRun bool, progress func(done int)) ([]ImportItem, error) {
	if errs := checkNames(rows); len(errs) > 0 {
		return nil, &ImportError{Rows: errs}
	}
	var items []ImportItem
	err := s.write(ctx, func(w *writeTx) error {
		items = make([]ImportItem, 0, len(rows))
		var errs []RowError
		for _, row := range rows {
			item, err := importOne(w, row, dryRun)
			if ve, ok := err.(*ValidationError); ok {
				for _, fe := range ve.Errors {
					errs = append(errs, RowError{Line: row.Line, Field: fe.Field, Message: fe.Message})
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			items = append(items, item)
			if progress != nil {
				progress(len(items))
			}
		}
		if len(errs) > 0 {
			return &ImportError{Rows: errs}
		}
		return nil
	})
	return items, err
}

// checkNames requires a name on every row and each name at most once.
func checkNames(rows []ImportRow) []RowError {
	var errs []RowError
	first := map[string]int{}
	for _, r := range rows {
		if r.Fields.Name == nil {
			errs = append(errs, RowError{Line: r.Line, Field: "name", Message: "is required (rows are matched by name)"})
			continue
		}
		if line, dup := first[*r.Fields.Name]; dup {
			errs = append(errs, RowError{Line: r.Line, Field: "name", Message: fmt.Sprintf("%q is already on line %d", *r.Fields.Name, line)})
			continue
		}
		first[*r.Fields.Name] = r.Line
	}
	return errs
}

func importOne(w *writeTx, row ImportRow, dryRun bool) (ImportItem, error) {
	ctx := w.ctx
	item := ImportItem{Line: row.Line, Name: *row.Fields.Name}
	cur, err := w.q.InstanceGetByName(ctx, item.Name)
	if store.IsNotFound(err) {
		spec := row.Fields.apply(CreateInput{Name: item.Name}.withDefaults())
		if err := spec.Validate(); err != nil {
			return item, err
		}
		item.Action = ImportCreate
		if dryRun {
			item.Changes = createChanges(instanceOf(spec, w.now, w.now))
			return item, nil
		}
		params := insertParams(spec, w.now)
		if row.CreatedAt != nil {
			params.CreatedAt = row.CreatedAt.UTC().Truncate(time.Microsecond)
		}
		if row.UpdatedAt != nil && !row.UpdatedAt.After(w.now) {
			params.UpdatedAt = row.UpdatedAt.UTC().Truncate(time.Microsecond)
		}
		inst, err := w.q.InstanceInsert(ctx, params)
		if err != nil {
			return item, err
		}
		item.ID, item.Changes = inst.ID, createChanges(inst)
		_, err = w.record(historyParams(ctx, inst, OpCreate, w.now, item.Changes))
		return item, err
	}
	if err != nil {
		return item, err
	}
	item.ID = cur.ID
	before := SpecOf(cur)
	after := row.Fields.apply(before)
	if row.BlankDescription && before.Description != nil && *before.Description == "" {
		after.Description = before.Description
	}
	if err := after.Validate(); err != nil {
		return item, err
	}
	item.Changes, _ = diffSpecs(before, after)
	if len(item.Changes) == 0 {
		item.Action = ImportUnchanged
		return item, nil
	}
	item.Action = ImportUpdate
	if dryRun {
		return item, nil
	}
	at := notBefore(w.now, cur.UpdatedAt)
	updated, err := w.q.InstanceUpdate(ctx, updateParams(cur.ID, cur.Version, after, at))
	if err != nil {
		return item, err
	}
	item.Changes["updated_at"] = FieldChange{Old: timestamp(cur.UpdatedAt), New: timestamp(updated.UpdatedAt)}
	_, err = w.record(historyParams(ctx, updated, OpUpdate, at, item.Changes))
	return item, err
}

// instanceOf is the instance a spec would become (dry-run previews).
func instanceOf(sp Spec, created, updated time.Time) Instance {
	var i Instance
	applySpec(&i, sp)
	i.Version, i.CreatedAt, i.UpdatedAt = 1, created, updated
	return i
}
