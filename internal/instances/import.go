package instances

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/iims/iims/internal/provenance"
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
// Every change writes its history record. With dryRun it does the same and rolls it back,
// reporting what it would do. Its records are marked as made via import, by the caller's actor.
func (s *Service) Import(ctx context.Context, rows []ImportRow, dryRun bool, progress func(done int)) ([]ImportItem, error) {
	nameErrs := checkNames(rows)
	unnamed := make(map[int]bool, len(nameErrs)) // rows without a usable name: checked no further
	for _, e := range nameErrs {
		unnamed[e.Line] = true
	}
	prov := provenance.From(ctx)
	prov.Via = provenance.ViaImport
	ctx = provenance.With(ctx, prov)
	var items []ImportItem
	err := s.write(ctx, dryRun, func(w *writeTx) error {
		items = make([]ImportItem, 0, len(rows))
		errs := nameErrs
		for _, row := range rows {
			if unnamed[row.Line] {
				continue
			}
			item, err := importOne(w, row)
			if ve, ok := err.(*ValidationError); ok {
				for _, fe := range ve.Errors {
					errs = append(errs, RowError{Line: row.Line, Field: fe.Field, Message: fe.Message})
				}
				continue
			}
			if err != nil {
				return fmt.Errorf("line %d: %w", row.Line, err)
			}
			if dryRun && item.Action == ImportCreate {
				item.ID = 0 // the instance a dry run created is rolled back
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
	if err != nil {
		return nil, s.nameConflict(ctx, "", err)
	}
	return items, nil
}

// ImportParsed is Import for rows read from a file, with the problems found reading them
// (fields of the wrong type, already left out of their rows): with any, nothing is written, but
// the other rows are still checked, so that every problem of the file is reported at once.
func (s *Service) ImportParsed(ctx context.Context, rows []ImportRow, readErrs []RowError, dryRun bool, progress func(done int)) ([]ImportItem, error) {
	items, err := s.Import(ctx, rows, dryRun || len(readErrs) > 0, progress)
	var ie *ImportError
	switch {
	case err != nil && !errors.As(err, &ie):
		return nil, err
	case err == nil && len(readErrs) == 0:
		return items, nil
	case ie == nil:
		ie = &ImportError{}
	}
	ie.Rows = append(ie.Rows, readErrs...)
	slices.SortStableFunc(ie.Rows, func(a, b RowError) int { return a.Line - b.Line }) // in file order
	return nil, ie
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

func importOne(w *writeTx, row ImportRow) (ImportItem, error) {
	item := ImportItem{Line: row.Line, Name: *row.Fields.Name}
	cur, err := w.tx.LockByName(w.ctx, item.Name)
	if store.IsNotFound(err) {
		inst, changes, err := w.create(row.Fields.apply(CreateInput{Name: item.Name}.withDefaults()),
			createOptions{createdAt: row.CreatedAt, updatedAt: row.UpdatedAt})
		item.ID, item.Action, item.Changes = inst.ID, ImportCreate, changes
		return item, err
	}
	if err != nil {
		return item, err
	}
	item.ID = cur.ID
	next := row.Fields.apply(SpecOf(cur))
	if row.BlankDescription && cur.Description != nil && *cur.Description == "" {
		next.Description = cur.Description
	}
	_, changes, changed, err := w.update(cur, next)
	item.Action, item.Changes = ImportUnchanged, changes
	if changed {
		item.Action = ImportUpdate
	}
	return item, err
}
