package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The fleet as it was at an instant T, answered from the history without replaying it: an
// instance that has no history record after T is today as it was then, so its live row stands
// for it; only the instances changed since T (found through the timestamp index) are looked up
// in the history — each one's newest record at or before T (one probe of the
// (original_id, operation_timestamp, history_id) index), absent when that is a delete or when
// there is none. The cost grows with the changes since T, not with the size of the fleet or of
// its history, and needs no index or table beyond the history's own.

// asOfCTEs writes the two common table expressions every as-of query starts with: changed (the
// ids of the instances with a record after at) and then_state (their state at at, as instance
// columns, for those that existed then).
func asOfCTEs(b *queryBuilder, at time.Time) string {
	at = at.UTC()
	// MATERIALIZED: each is computed once however often the statement reads it (the page, the
	// total). +original_id: SQLite otherwise answers the DISTINCT by walking the whole
	// (original_id, …) index in order rather than the few records after at through the
	// timestamp index.
	changed := "WITH changed AS" + b.d.materialized() + " (SELECT DISTINCT +original_id AS original_id FROM instance_history WHERE operation_timestamp > " + b.arg(at) + "), "
	// Each changed instance's newest record at or before at, one index probe apiece. PostgreSQL
	// gets it as a LATERAL subquery: given "history_id = (subquery)" it hashed the whole history
	// to join on, a scan that grows with the history; SQLite and MariaDB (which has no LATERAL)
	// probe and then read the record by its key.
	newestThen := " FROM instance_history x WHERE x.original_id = c.original_id AND x.operation_timestamp <= " + b.arg(at) +
		" ORDER BY x.operation_timestamp DESC, x.history_id DESC LIMIT 1"
	then := "changed c CROSS JOIN LATERAL (SELECT x.*" + newestThen + ") h"
	if b.d.engine != EnginePostgres {
		then = "changed c JOIN instance_history h ON h.history_id = (SELECT x.history_id" + newestThen + ")"
	}
	return changed + "then_state AS" + b.d.materialized() + " (SELECT h.original_id AS id, h.name, h.model_name, h.model_version, h.cluster_name, h.image_tag, " +
		"h.replicas, h.pp, h.cp, h.tp, h.status, h.priority, h.description, h.version, h.created_at, h.updated_at, " +
		"h.hash AS chain_hash FROM " + then + " WHERE h.operation_type <> 'delete') "
}

// conditionsSQL renders f's filters as " AND …" (or ""), for the live rows or (scan) for rows
// of then_state, which the search indexes do not cover.
func (s *Store) conditionsSQL(b *queryBuilder, f InstanceFilter, scan bool) string {
	saved := b.conds
	b.conds = nil
	if scan {
		s.snapshotConditions(b, f)
	} else {
		s.instanceConditions(b, f)
	}
	conds := b.conds
	b.conds = saved
	if len(conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(conds, " AND ")
}

// snapshotConditions is instanceConditions for rows that are not the instances table: the same
// matches, by scanning instead of through SQLite's FTS table.
func (s *Store) snapshotConditions(b *queryBuilder, f InstanceFilter) {
	scan := func(text, column, pgExpr string) {
		if s.dialect.engine == EngineMySQL {
			s.mysqlSubstring(b, text, column, false)
			return
		}
		if s.dialect.engine == EnginePostgres {
			s.substring(b, text, column, pgExpr) // a LIKE on the expression: no index needed
			return
		}
		expr, lowered := sqliteScanText(column, text)
		b.where("instr(" + expr + ", " + b.arg(lowered) + ") > 0")
	}
	if f.Name != "" {
		scan(f.Name, "name", `lower(name COLLATE "default")`)
	}
	b.in("model_name", f.ModelNames)
	b.in("cluster_name", f.ClusterNames)
	b.in("status", f.Statuses)
	b.in("priority", f.Priorities)
	if f.Q != "" {
		scan(f.Q, "", "")
	}
}

// asOfFleet is the fleet at at, filtered by f, as a subquery: the live rows of the unchanged
// instances and the then_state rows of the changed ones. With top > 0 each half is cut to its
// first top rows in the page's order (no more can reach a page that ends at row top), the live
// half in the live list's order, so that its index gives them without sorting every match.
func (s *Store) asOfFleet(b *queryBuilder, f InstanceFilter, top int64) (string, error) {
	// Each half is written whole before the next: MySQL's placeholders are bound in text order.
	half := func(from string, scan bool, priority, alias string) (string, error) {
		q := "SELECT " + instanceColumns + " FROM " + from + s.conditionsSQL(b, f, scan)
		if top <= 0 {
			return q, nil
		}
		order, err := orderBy(f.Sort, priority)
		return "SELECT * FROM (" + q + order + " LIMIT " + b.arg(top) + ") " + alias, err
	}
	live, err := half("instances WHERE id NOT IN (SELECT original_id FROM changed)", false, s.dialect.priorityOrder(), "live")
	if err != nil {
		return "", err
	}
	then, err := half("then_state WHERE 1 = 1", true, priorityRank, "then_top")
	return "(" + live + " UNION ALL " + then + ") fleet", err
}

// ListInstancesAsOf is ListInstances as the fleet was at at: the same filters, order, paging and
// total, in one statement.
func (s *Store) ListInstancesAsOf(ctx context.Context, f InstanceFilter, at time.Time) ([]Instance, int64, error) {
	order, err := orderBy(f.Sort, priorityRank) // the union's priority is text on every engine
	if err != nil {
		return nil, 0, err
	}
	b := &queryBuilder{d: s.dialect}
	var q strings.Builder
	q.WriteString(asOfCTEs(b, at))
	// The total: today's count (the running counts, when they answer the filter), less the
	// changed instances that match today, plus those that matched then.
	q.WriteString("SELECT " + s.instanceTotal(b, f) +
		" - (SELECT COUNT(*) FROM instances WHERE id IN (SELECT original_id FROM changed)" + s.conditionsSQL(b, f, false) + ")" +
		" + (SELECT COUNT(*) FROM then_state WHERE 1 = 1" + s.conditionsSQL(b, f, true) + "), " + s.dialect.instanceColumns + " FROM ")
	fleet, err := s.asOfFleet(b, f, f.Offset+f.Limit)
	if err != nil {
		return nil, 0, err
	}
	q.WriteString(fleet)
	q.WriteString(order + " LIMIT " + b.arg(f.Limit) + " OFFSET " + b.arg(f.Offset))
	query, args := q.String(), s.dialect.customPlan(b.args)
	// One statement answers the page and its total; only past the last page (no row to carry
	// the total) is there a second one, then both in one snapshot — as ListInstances does.
	items, total, err := s.instancePage(ctx, s.eachRow, query, args, f.Limit)
	if err != nil || len(items) > 0 || f.Offset == 0 {
		return items, total, err
	}
	err = s.inReadSnapshot(ctx, func(db sqlDB) error {
		if items, total, err = s.instancePage(ctx, snapshotRows(db), query, args, f.Limit); err != nil || len(items) > 0 {
			return err
		}
		cb := &queryBuilder{d: s.dialect}
		ctes := asOfCTEs(cb, at)
		fleet, err := s.asOfFleet(cb, f, 0)
		if err != nil {
			return err
		}
		return db.QueryRowContext(ctx, ctes+"SELECT COUNT(*) FROM "+fleet, s.dialect.customPlan(cb.args)...).Scan(&total)
	})
	return items, total, err
}

// EachInstanceAsOf is EachInstance as the fleet was at at (exports), streamed.
func (s *Store) EachInstanceAsOf(ctx context.Context, f InstanceFilter, at time.Time, fn func(Instance) error) error {
	order, err := orderBy(f.Sort, priorityRank) // the union's priority is text on every engine
	if err != nil {
		return err
	}
	b := &queryBuilder{d: s.dialect}
	ctes := asOfCTEs(b, at)
	fleet, err := s.asOfFleet(b, f, 0)
	if err != nil {
		return err
	}
	query := ctes + "SELECT " + s.dialect.instanceColumns + " FROM " + fleet + order
	return s.eachRow(ctx, query, s.dialect.customPlan(b.args), func(rows rowScanner) error {
		i, err := scanInstance(rows)
		if err != nil {
			return err
		}
		return fn(i)
	})
}

// FleetStatsAsOf is FleetStats as the fleet was at at: today's running counts, corrected for
// each instance changed since (its state then counted in, its state now counted out), read in
// one snapshot.
func (s *Store) FleetStatsAsOf(ctx context.Context, at time.Time) (FleetStats, error) {
	var st FleetStats
	err := s.inReadSnapshot(ctx, func(db sqlDB) error {
		var err error
		if st, err = s.fleetStats(ctx, db); err != nil {
			return err
		}
		b := &queryBuilder{d: s.dialect}
		query := asOfCTEs(b, at) +
			"SELECT 1, status, priority, cluster_name, model_name, replicas, replicas * pp * cp * tp FROM then_state " +
			"UNION ALL SELECT -1, status, priority, cluster_name, model_name, replicas, replicas * pp * cp * tp " +
			"FROM instances WHERE id IN (SELECT original_id FROM changed)"
		return eachRowOf(ctx, db, query, s.dialect.customPlan(b.args), func(rows rowScanner) error {
			var sign, replicas, gpus int64
			var status, priority, cluster, model string
			if err := rows.Scan(&sign, &status, &priority, &cluster, &model, &replicas, &gpus); err != nil {
				return err
			}
			st.add(sign, status, priority, cluster, model, replicas, gpus)
			return nil
		})
	})
	if err != nil {
		return st, fmt.Errorf("fleet stats as of %s: %w", at.UTC().Format(time.RFC3339), err)
	}
	st.ByCluster, st.ByModel = nonZero(st.ByCluster), nonZero(st.ByModel)
	sortCounts(st.ByCluster)
	sortCounts(st.ByModel)
	return st, nil
}

// add counts one instance in (sign 1) or out (sign -1).
func (st *FleetStats) add(sign int64, status, priority, cluster, model string, replicas, gpus int64) {
	st.Total += sign
	st.Replicas += sign * replicas
	st.GPUs += sign * gpus
	st.ByStatus[status] += sign
	st.ByPriority[priority] += sign
	st.ByCluster = addCount(st.ByCluster, cluster, sign)
	st.ByModel = addCount(st.ByModel, model, sign)
}

func addCount(counts []NameCount, name string, n int64) []NameCount {
	for i := range counts {
		if counts[i].Name == name {
			counts[i].Count += n
			return counts
		}
	}
	return append(counts, NameCount{Name: name, Count: n})
}

func nonZero(counts []NameCount) []NameCount {
	out := counts[:0]
	for _, c := range counts {
		if c.Count != 0 {
			out = append(out, c)
		}
	}
	return out
}
