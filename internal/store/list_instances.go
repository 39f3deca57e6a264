package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// InstanceFilter selects, orders and pages instances. Empty fields do not filter.
type InstanceFilter struct {
	Name         string // case-insensitive substring, % and _ literal
	ModelNames   []string
	ClusterNames []string
	Statuses     []string
	Priorities   []string
	Q            string // case-insensitive substring of any searchable field
	Sort         []SortKey
	Offset       int64
	Limit        int64
}

// hasSubstring tells whether f filters by a substring (name or q), whose matches no running
// count or sorted index answers.
func (f InstanceFilter) hasSubstring() bool { return f.Name != "" || f.Q != "" }

// SortKey is one ORDER BY key. Field must be one of SortableFields.
type SortKey struct {
	Field string
	Desc  bool
}

// sortColumns maps the API's sort fields to SQL; each is backed by an index ending in id.
var sortColumns = map[string]string{
	"id":           "id",
	"name":         "name",
	"model_name":   "model_name",
	"cluster_name": "cluster_name",
	"status":       "status",
	"priority":     priorityRank,
	"replicas":     "replicas",
	"created_at":   "created_at",
	"updated_at":   "updated_at",
}

// SortableFields reports whether field can be sorted by.
func SortableFields(field string) bool { _, ok := sortColumns[field]; return ok }

// instanceColumns are an instance's columns in scanInstance's order (as the dialect selects them:
// dialect.instanceColumns).
const instanceColumns = "id, name, model_name, model_version, cluster_name, image_tag, replicas, pp, cp, tp, " +
	"status, priority, description, version, created_at, updated_at, chain_hash"

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanInstance(row rowScanner) (Instance, error) {
	var i Instance
	err := row.Scan(&i.ID, &i.Name, &i.ModelName, &i.ModelVersion, &i.ClusterName, &i.ImageTag,
		&i.Replicas, &i.Pp, &i.Cp, &i.Tp, &i.Status, &i.Priority, &i.Description, &i.Version,
		timeDest{&i.CreatedAt}, timeDest{&i.UpdatedAt}, &i.ChainHash)
	return i, err
}

// ListInstances returns one page of instances matching f and the total number that match. The
// page and the total come from one statement, so from one snapshot: under concurrent writes they
// still agree (and it costs one round trip).
func (s *Store) ListInstances(ctx context.Context, f InstanceFilter) ([]Instance, int64, error) {
	searches, err := s.planSearches(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	query, args, err := s.instancePageQuery(f, searches, false)
	if err != nil {
		return nil, 0, err
	}
	if sorts, err := s.sqlitePlanSorts(ctx, f, query, args); err != nil {
		return nil, 0, err
	} else if sorts { // SQLite would sort every match: walk the sort's index, or sort ids only
		if items, total, ok, err := s.sqliteSortWalk(ctx, f); ok || err != nil {
			return items, total, err
		}
		if query, args, err = s.instancePageQuery(f, searches, true); err != nil {
			return nil, 0, err
		}
	}
	items, total, err := s.instancePage(ctx, s.eachRow, query, args, f.Limit)
	if err != nil || len(items) > 0 || f.Offset == 0 {
		return items, total, err // an empty first page: nothing matches, total 0
	}
	// Past the last page the statement returns no row to carry the total: count in the same
	// snapshot as the (empty) page.
	err = s.inReadSnapshot(ctx, func(db sqlDB) error {
		if items, total, err = s.instancePage(ctx, snapshotRows(db), query, args, f.Limit); err != nil || len(items) > 0 {
			return err
		}
		b := s.listBuilder(searches)
		return db.QueryRowContext(ctx, b.withSQL()+"SELECT "+s.instanceTotal(b, f), searchArgs(b, f)...).Scan(&total)
	})
	return items, total, err
}

// instancePage runs a page query whose first column is the total, through run: Store.eachRow
// (pgx itself on PostgreSQL, as exports) or a read snapshot's transaction (snapshotRows).
func (s *Store) instancePage(ctx context.Context, run rowRunner, query string, args []any, limit int64) ([]Instance, int64, error) {
	var total int64
	items := make([]Instance, 0, min(limit, 100))
	err := run(ctx, query, args, func(row rowScanner) error {
		var i Instance
		if err := row.Scan(&total, &i.ID, &i.Name, &i.ModelName, &i.ModelVersion, &i.ClusterName, &i.ImageTag,
			&i.Replicas, &i.Pp, &i.Cp, &i.Tp, &i.Status, &i.Priority, &i.Description, &i.Version,
			timeDest{&i.CreatedAt}, timeDest{&i.UpdatedAt}, &i.ChainHash); err != nil {
			return fmt.Errorf("scan instance: %w", err)
		}
		items = append(items, i)
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list instances: %w", err)
	}
	return items, total, nil
}

// instanceTotal is the number of instances matching f, as a scalar subquery: the running counts
// when they answer the filter, else a COUNT over the filter's index.
func (s *Store) instanceTotal(b *queryBuilder, f InstanceFilter) string {
	if dim, keys, ok := countedFilter(f); ok {
		return "(" + s.sumQuery(b, dim, countedKeys(keys)) + ")"
	}
	s.instanceConditions(b, f)
	where := b.whereSQL()
	b.conds = nil
	return "(SELECT COUNT(*) FROM instances" + where + ")"
}

// countedFilter tells whether the running counts answer a filter's COUNT(*): no filter, or one
// of status, priority, cluster, model alone, or status with priority or with cluster.
func countedFilter(f InstanceFilter) (dimension string, keys []string, ok bool) {
	if f.hasSubstring() {
		return "", nil, false
	}
	s, p, c, m := len(f.Statuses) > 0, len(f.Priorities) > 0, len(f.ClusterNames) > 0, len(f.ModelNames) > 0
	switch {
	case !s && !p && !c && !m:
		return "total", []string{""}, true
	case s && p && !c && !m:
		return "status_priority", statusPairs(f.Statuses, f.Priorities), true
	case s && c && !p && !m:
		return "status_cluster", statusPairs(f.Statuses, f.ClusterNames), true
	case s && !p && !c && !m:
		return "status", f.Statuses, true
	case p && !s && !c && !m:
		return "priority", f.Priorities, true
	case c && !s && !p && !m:
		return "cluster", f.ClusterNames, true
	case m && !s && !p && !c:
		return "model", f.ModelNames, true
	}
	return "", nil, false
}

// statusPairs are the keys of a paired dimension: every status with every value of the other
// (a status never contains ':', so a key reads one way only).
func statusPairs(statuses, others []string) []string {
	keys := make([]string, 0, len(statuses)*len(others))
	for _, st := range statuses {
		for _, o := range others {
			keys = append(keys, st+":"+o)
		}
	}
	return keys
}

// instancePageQuery is the SQL of one list call: the total, then the page's rows. With lateRows
// the page's ids are found and ordered first and only then are their rows read: a plan that sorts
// the matching rows itself then sorts their sort keys and ids, not whole rows (SQLite: 134 → 17 ms
// for the 50,000 instances of a cluster by priority, whose index holds both). SQLite only:
// MySQL refuses a LIMIT inside IN.
func (s *Store) instancePageQuery(f InstanceFilter, searches searchPlan, lateRows bool) (string, []any, error) {
	order, err := orderBy(f.Sort, s.dialect.priorityOrder())
	if err != nil {
		return "", nil, err
	}
	if searches.onePass {
		query, args := s.pgSearchPageQuery(f, order)
		return query, args, nil
	}
	b := s.listBuilder(searches)
	total := s.instanceTotal(b, f)
	s.instanceConditions(b, f)
	page := b.whereSQL() + order + pageClause(b, f)
	if lateRows {
		page = " WHERE id IN (SELECT id FROM instances" + page + ")" + order
	}
	return b.withSQL() + "SELECT " + total + ", " + s.dialect.instanceColumns + " FROM instances" + page, searchArgs(b, f), nil
}

// searchArgs are a list statement's arguments; on PostgreSQL a substring filter's statement is
// planned for them on every call (customPlan). The best plan depends on the text — how many rows
// its trigrams select — and after five calls PostgreSQL would settle on a generic plan, which for
// a search guesses 0.5% of the rows whatever the text: a common substring at 1M instances went
// from 360 ms to 1.3 s on the sixth call.
func searchArgs(b *queryBuilder, f InstanceFilter) []any {
	if !f.hasSubstring() {
		return b.args
	}
	return b.d.customPlan(b.args)
}

// pageClause is a list's LIMIT and OFFSET. On PostgreSQL they are written into the statement,
// not passed as arguments: PostgreSQL plans a prepared statement whose LIMIT is an argument as if
// it fetched a tenth of the rows, so it never settled on one cached plan and planned every W1 list
// again, two thirds of the list's time in the database (0.43 ms planning, 0.22 ms running; +45%
// W1 list req/s). Each page size and offset is then a statement of its own, which pgx's
// per-connection cache keeps or evicts, least recently used first. A substring filter keeps them
// as arguments and is planned for its arguments on every call (searchArgs). SQLite plans a
// statement once whatever its arguments, and its statement cache is kept for the queries that
// recur (stmtCache).
func pageClause(b *queryBuilder, f InstanceFilter) string {
	if b.d.engine != EnginePostgres || f.hasSubstring() {
		return " LIMIT " + b.arg(f.Limit) + " OFFSET " + b.arg(f.Offset)
	}
	return " LIMIT " + strconv.FormatInt(f.Limit, 10) + " OFFSET " + strconv.FormatInt(f.Offset, 10)
}

func (s *Store) instanceConditions(b *queryBuilder, f InstanceFilter) {
	if f.Name != "" {
		s.substring(b, f.Name, "name", `lower(name COLLATE "default")`)
	}
	b.in("model_name", f.ModelNames)
	b.in("cluster_name", f.ClusterNames)
	b.in("status", f.Statuses)
	b.in("priority", f.Priorities)
	if f.Q != "" {
		s.substring(b, f.Q, "", "")
	}
}

// substring adds a case-insensitive substring match of text against one column (ftsColumn and
// pgExpr set) or against all searchable columns (both empty). PostgreSQL uses the trigram GIN
// indexes through LIKE; SQLite uses its FTS5 trigram table, or scans when text is too short for
// trigrams.
func (s *Store) substring(b *queryBuilder, text, ftsColumn, pgExpr string) {
	if s.dialect.engine == EngineMySQL {
		s.mysqlSubstring(b, text, ftsColumn, true)
		return
	}
	if s.dialect.engine == EnginePostgres {
		if pgExpr == "" {
			pgExpr = pgSearchText
		}
		b.where(pgExpr + " LIKE '%' || lower(" + b.arg(escapeLike(text)) + ") || '%' ESCAPE '\\'")
		return
	}
	if match, ok := ftsMatch(text, ftsColumn); ok {
		if name, shared := b.sharedSearches[match]; shared {
			b.where("id IN " + name)
			return
		}
		b.where("id IN (" + ftsLookup + b.arg(match) + ")")
		return
	}
	expr, lowered := sqliteScanText(ftsColumn, text)
	b.where("instr(" + expr + ", " + b.arg(lowered) + ") > 0")
}

// ftsMatch is the FTS5 query for a substring of one column (or of all, column empty); ok is
// false for text too short for trigrams.
func ftsMatch(text, column string) (match string, ok bool) {
	if utf8.RuneCountInString(text) < trigramMin {
		return "", false
	}
	return ftsColumnMatch(text, column), true
}

// orderBy renders the sort keys, then id in the direction of the last key so that one index
// serves the whole ORDER BY; priority sorts by the expression given (severity order).
func orderBy(keys []SortKey, priority string) (string, error) {
	parts := make([]string, 0, len(keys)+1)
	lastDesc := false
	seen := map[string]bool{}
	for _, k := range keys {
		col, ok := sortColumns[k.Field]
		if k.Field == "priority" {
			col = priority
		}
		if !ok {
			return "", fmt.Errorf("unsupported sort field %q", k.Field)
		}
		if seen[k.Field] {
			continue
		}
		seen[k.Field] = true
		lastDesc = k.Desc
		if k.Field == "id" {
			break // id is unique: later keys cannot change the order
		}
		parts = append(parts, col+direction(k.Desc))
		if k.Field == "name" {
			return " ORDER BY " + strings.Join(parts, ", "), nil // unique too: no tie to break
		}
	}
	parts = append(parts, "id"+direction(lastDesc))
	return " ORDER BY " + strings.Join(parts, ", "), nil
}

func direction(desc bool) string {
	if desc {
		return " DESC"
	}
	return " ASC"
}

// EachInstance calls fn for every instance matching f (paging fields ignored), in f's order,
// streaming rows from the database: memory stays constant whatever the fleet's size.
func (s *Store) EachInstance(ctx context.Context, f InstanceFilter, fn func(Instance) error) error {
	order, err := orderBy(f.Sort, s.dialect.priorityOrder())
	if err != nil {
		return err
	}
	b := &queryBuilder{d: s.dialect}
	s.instanceConditions(b, f)
	query := "SELECT " + s.dialect.instanceColumns + " FROM instances" + b.whereSQL() + order
	return s.eachRow(ctx, query, b.args, func(rows rowScanner) error {
		i, err := scanInstance(rows)
		if err != nil {
			return err
		}
		return fn(i)
	})
}
