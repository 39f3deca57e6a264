package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iims/iims/internal/store"
)

// historyColumns maps IIMS's history columns to this schema's names for the same thing.
var historyColumns = strings.NewReplacer("history_id", "id", "original_id", "instance_id")

// productIndexes are the secondary indexes IIMS keeps on SQLite, read from a database its own
// migrations built (so they never drift from db/migrations/sqlite): with -product-indexes the
// ceiling's writes maintain what IIMS's writes must maintain (an index per list filter and sort
// key), still without its search index, running counts or hash chain. A history index on a column
// this schema lacks (actor, request_id) is left out.
func productIndexes(ctx context.Context, ceiling *sql.DB) ([]string, error) {
	dir, err := os.MkdirTemp("", "w1-product-schema-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "iims.db")
	st, err := store.Open(ctx, "sqlite:///"+path, store.PoolConfig{})
	if err != nil {
		return nil, err
	}
	_, err = st.Migrate(ctx)
	st.Close()
	if err != nil {
		return nil, fmt.Errorf("migrate the product schema: %w", err)
	}
	product, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return nil, err
	}
	defer product.Close()
	rows, err := product.QueryContext(ctx, `SELECT name, tbl_name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('instances', 'instance_history') ORDER BY tbl_name, name`)
	if err != nil {
		return nil, err
	}
	type index struct{ name, table, sql string }
	var all []index
	for rows.Next() {
		var i index
		if err := rows.Scan(&i.name, &i.table, &i.sql); err != nil {
			return nil, err
		}
		all = append(all, i)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []string
	for _, i := range all {
		ok, err := columnsExist(ctx, product, ceiling, i.name, i.table)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, historyColumns.Replace(i.sql))
		}
	}
	return out, nil
}

// columnsExist tells whether every column the product's index names exists in this schema's table.
func columnsExist(ctx context.Context, product, ceiling *sql.DB, indexName, table string) (bool, error) {
	have := map[string]bool{}
	cols, err := ceiling.QueryContext(ctx, "SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		return false, err
	}
	for cols.Next() {
		var c string
		if err := cols.Scan(&c); err != nil {
			cols.Close()
			return false, err
		}
		have[c] = true
	}
	cols.Close()
	named, err := product.QueryContext(ctx, "SELECT name FROM pragma_index_info(?) WHERE name IS NOT NULL", indexName)
	if err != nil {
		return false, err
	}
	defer named.Close()
	for named.Next() {
		var c string
		if err := named.Scan(&c); err != nil {
			return false, err
		}
		if !have[historyColumns.Replace(c)] {
			return false, nil
		}
	}
	return true, named.Err()
}
