package store

import (
	"strings"
	"unicode/utf8"
)

// The few places where MySQL's SQL differs from the other engines' (see dialect.go).

var mysqlDialect = dialect{engine: EngineMySQL, versionQuery: "SELECT VERSION()",
	instanceColumns: instanceColumns, historyColumns: historyColumns}

// mysqlSearchText is the searchable text of an instance or a record, lower-cased, one field per
// line, as instances_search_index (migration 00002) indexes it.
const mysqlSearchText = "LOWER(CONCAT_WS(CHAR(10), name, model_name, cluster_name, image_tag, COALESCE(description, '')))"

// mysqlHistorySearchText adds a record's reason.
const mysqlHistorySearchText = "LOWER(CONCAT_WS(CHAR(10), name, model_name, cluster_name, image_tag, COALESCE(description, ''), COALESCE(reason, '')))"

// mysqlLike is expr containing text, case-insensitively: LIKE with % and _ in text literal.
func mysqlLike(b *queryBuilder, expr, text string) string {
	return expr + " LIKE CONCAT('%', LOWER(" + b.arg(escapeLike(text)) + "), '%') ESCAPE '\\'"
}

// mysqlSubstring matches instances whose column (all searchable text when column is "") contains
// text: through the trigram table when text is long enough (every trigram of it must be indexed
// for the instance), then checked with LIKE, which also decides alone for shorter text.
func (s *Store) mysqlSubstring(b *queryBuilder, text, column string, indexed bool) {
	expr := mysqlSearchText
	if column != "" {
		expr = "LOWER(" + column + ")"
	}
	if indexed {
		if grams := trigramsOf(strings.ToLower(text)); len(grams) > 0 {
			ph := make([]string, len(grams))
			for i, g := range grams {
				ph[i] = b.arg(g)
			}
			b.where("id IN (SELECT instance_id FROM instances_search_grams WHERE gram IN (" + strings.Join(ph, ", ") +
				") GROUP BY instance_id HAVING COUNT(*) = " + b.arg(len(grams)) + ")")
		}
	}
	b.where(mysqlLike(b, expr, text))
}

// trigramsOf lists the distinct three-character runs of s (none when s is shorter).
func trigramsOf(s string) []string {
	runes := []rune(s)
	if utf8.RuneCountInString(s) < trigramMin {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for i := 0; i+3 <= len(runes); i++ {
		g := string(runes[i : i+3])
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// quoteKey is the counts' key column: a reserved word on MySQL.
func (d dialect) quoteKey() string {
	if d.engine == EngineMySQL {
		return "`key`"
	}
	return "key"
}

// bigint casts an integer expression to a 64-bit integer.
func (d dialect) bigint(expr string) string {
	if d.engine == EngineMySQL {
		return "CAST(" + expr + " AS SIGNED)"
	}
	return "CAST(" + expr + " AS BIGINT)"
}

// materialized is the hint that a common table expression is computed once (MySQL and MariaDB
// decide that themselves and take no hint).
func (d dialect) materialized() string {
	if d.engine == EngineMySQL {
		return ""
	}
	return " MATERIALIZED"
}

// priorityOrder is the ORDER BY expression of priority on the instances table: MySQL's priority
// is an ENUM in severity order, indexed as it is; the other engines index priorityRank.
func (d dialect) priorityOrder() string {
	if d.engine == EngineMySQL {
		return "priority"
	}
	return priorityRank
}

// MySQLFlavor names the server behind a mysql:// URL from its VERSION(): MariaDB says so in its
// version string ("10.11.19-MariaDB-0+deb12u1"); MySQL, Percona Server and the managed MySQL
// services do not. The two differ in what operators tune and which versions IIMS is tested on.
func MySQLFlavor(version string) string {
	if strings.Contains(strings.ToLower(version), "mariadb") {
		return "MariaDB"
	}
	return "MySQL"
}
