package store

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// dialect holds the few places where the hand-written queries differ between engines.
type dialect struct {
	engine       Engine
	versionQuery string
	// instanceColumns and historyColumns are the select lists of scanInstance and historyFields.
	instanceColumns, historyColumns string
}

var (
	postgresDialect = dialect{engine: EnginePostgres, versionQuery: "SHOW server_version",
		instanceColumns: instanceColumns, historyColumns: historyColumns}
	sqliteDialect = dialect{engine: EngineSQLite, versionQuery: "SELECT sqlite_version()",
		instanceColumns: sqliteTimesAsText(instanceColumns), historyColumns: sqliteTimesAsText(historyColumns)}
)

// priorityRank orders priorities by severity. The text must stay identical to the expression of
// the instances_priority_rank_idx index (both engines) so that the planner uses that index.
const priorityRank = "(CASE priority WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 END)"

// pgSearchText is the expression of instances_search_trgm_idx: the searchable columns, lower-cased,
// joined by newlines so that a match never spans two fields. COLLATE "default": the columns sort
// in byte order ("C"), under which lower() would fold ASCII only.
const pgSearchText = `lower((name || E'\n' || model_name || E'\n' || cluster_name || E'\n' || image_tag || E'\n' || coalesce(description, '')) COLLATE "default")`

// pgHistorySearchText is pgSearchText of a history record, which also holds the change's reason.
const pgHistorySearchText = `lower((name || E'\n' || model_name || E'\n' || cluster_name || E'\n' || image_tag || E'\n' || coalesce(description, '') || E'\n' || coalesce(reason, '')) COLLATE "default")`

// sqliteSearchColumns is the same text for SQLite's scans (queries too short for trigrams, and
// history), lower-cased by sqliteScanText.
const sqliteSearchColumns = `name || char(10) || model_name || char(10) || cluster_name || char(10) || image_tag || char(10) || coalesce(description, '')`

// sqliteHistorySearchColumns adds a history record's reason.
const sqliteHistorySearchColumns = sqliteSearchColumns + ` || char(10) || coalesce(reason, '')`

// queryBuilder collects WHERE conditions and their arguments with the engine's placeholders.
type queryBuilder struct {
	d     dialect
	conds []string
	args  []any
	// with is the statement's WITH clause, and sharedSearches names its full-text lookups by
	// their MATCH text (SQLite): a list's total and its page then read the lookup's answer once.
	with           []string
	sharedSearches map[string]string
	// unindexed puts SQLite's unary + before the columns in() filters: the planner then uses no
	// index of theirs (the sort walk's scan follows the sort's index instead).
	unindexed bool
}

// placeholder is the engine's n-th (1-based) placeholder.
func (d dialect) placeholder(n int) string {
	if d.engine == EnginePostgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// customPlan makes PostgreSQL plan a statement for its arguments every time it runs (an unnamed
// statement), for the queries whose best plan depends on them — the changes since an instant
// (a cached generic plan guesses that a third of the history qualifies and scans all of it), and
// lists with a substring filter (searchArgs).
func (d dialect) customPlan(args []any) []any {
	if d.engine == EnginePostgres {
		return append([]any{pgx.QueryExecModeExec}, args...)
	}
	return args
}

// arg appends a value and returns its placeholder.
func (b *queryBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return b.d.placeholder(len(b.args))
}

func (b *queryBuilder) where(cond string) { b.conds = append(b.conds, cond) }

// in adds "column IN (…)" for a non-empty list of values.
func (b *queryBuilder) in(column string, values []string) {
	if len(values) == 0 {
		return
	}
	ph := make([]string, len(values))
	for i, v := range values {
		ph[i] = b.arg(v)
	}
	if b.unindexed {
		column = "+" + column
	}
	b.where(column + " IN (" + strings.Join(ph, ", ") + ")")
}

// shareSearch evaluates one full-text lookup once, in the WITH clause; call it before any other
// argument is added, since the WITH clause comes first in the statement.
func (b *queryBuilder) shareSearch(sh sharedSearch) {
	if _, ok := b.sharedSearches[sh.match]; ok {
		return
	}
	if b.sharedSearches == nil {
		b.sharedSearches = map[string]string{}
	}
	name := "search_hits" + strconv.Itoa(len(b.with)+1)
	b.with = append(b.with, name+" AS MATERIALIZED ("+sh.lookupSQL(b)+")")
	b.sharedSearches[sh.match] = name
}

// ftsLookup is the full-text lookup of SQLite's trigram table, less its MATCH argument.
const ftsLookup = "SELECT rowid FROM instances_search WHERE instances_search MATCH "

func (b *queryBuilder) withSQL() string {
	if len(b.with) == 0 {
		return ""
	}
	return "WITH " + strings.Join(b.with, ", ") + " "
}

func (b *queryBuilder) whereSQL() string {
	if len(b.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(b.conds, " AND ")
}

// escapeLike makes % _ and \ match literally in a LIKE pattern with ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ftsPhrase quotes s as one FTS5 phrase: with the trigram tokenizer a phrase matches any text
// containing s as a substring, case-insensitively.
func ftsPhrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// trigramMin is the shortest text the trigram index can look up; shorter text is scanned.
const trigramMin = 3

func joinOr(conds []string) string { return strings.Join(conds, " OR ") }
