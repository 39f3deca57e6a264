package store

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
)

// A phrase lookup in SQLite's trigram index reads the whole doclist of every trigram of the
// text, and the trigrams of everyday words are in nearly every row: at 1M instances
// `q=team 123 in` (3,333 matches) has nine trigrams, four of them ("tea", "eam", "am ", " in")
// in every row, and FTS5 stepping through their doclists was 60 ms of the list's 73. A list
// therefore first probes how common each trigram is, looks up only the two rarest, and checks
// the text itself against those candidate rows: 4,013 for the query above, and the list took
// 24 ms, most of it now reading those rows.

const (
	// probeDepth is how far into each end of a trigram's doclist a probe reads: how far apart
	// the ids of probeDepth rows are estimates how common it is (ids are handed out in order).
	// Both ends, the oldest rows and the newest: a trigram may have become common.
	probeDepth = 64
	// maxProbes bounds the probes of a long text: its trigrams are sampled evenly.
	maxProbes = 12
	// commonSpan: when even the rarest trigram's probeDepth rows span fewer ids than this
	// (a trigram in more than about one row in twenty), narrowing would recheck most of the
	// fleet; the phrase lookup stays.
	commonSpan = probeDepth * 20
	// narrowTrigrams is how many of the rarest trigrams the lookup intersects.
	narrowTrigrams = 2
)

// sharedSearch is one full-text lookup of a list, evaluated once in its WITH clause
// (queryBuilder.shareSearch) and referred to by its phrase, match.
type sharedSearch struct {
	match        string // ftsMatch of text and column
	narrow       string // when set: the FTS5 query of text's rarest trigrams, whose rows are rechecked against text
	column, text string
}

// sqliteSearches are the full-text lookups of a list's substring filters (SQLite), each narrowed
// to its rarest trigrams where that is cheaper.
func (s *Store) sqliteSearches(ctx context.Context, f InstanceFilter) ([]sharedSearch, error) {
	var out []sharedSearch
	for _, search := range [...]struct{ text, column string }{{f.Name, "name"}, {f.Q, ""}} {
		match, ok := ftsMatch(search.text, search.column)
		if !ok {
			continue
		}
		narrow, err := s.rareTrigrams(ctx, search.text, search.column)
		if err != nil {
			return nil, err
		}
		out = append(out, sharedSearch{match: match, narrow: narrow, column: search.column, text: search.text})
	}
	return out, nil
}

// rareTrigrams is the FTS5 query of the narrowTrigrams rarest trigrams of text (in column, or in
// any searchable column), or "" when the phrase lookup is as cheap: text of few trigrams, text
// whose every trigram is common, and text the recheck could read otherwise than the index (a
// newline, which the recheck's joined columns hold between fields; non-ASCII, which the index
// folds by Unicode's rules).
func (s *Store) rareTrigrams(ctx context.Context, text, column string) (string, error) {
	if !isASCII(text) || strings.ContainsRune(text, '\n') {
		return "", nil
	}
	trigrams := distinctTrigrams(strings.ToLower(text))
	if len(trigrams) <= narrowTrigrams {
		return "", nil
	}
	type probed struct {
		trigram string
		span    int64 // the narrower of its two probes' spans
	}
	probes := make([]probed, 0, maxProbes)
	for _, t := range sampleEvenly(trigrams, maxProbes) {
		match := ftsColumnMatch(t, column)
		oldest, err := s.probeSpan(ctx, match, "ASC")
		if err != nil {
			return "", err
		}
		newest, err := s.probeSpan(ctx, match, "DESC")
		if err != nil {
			return "", err
		}
		probes = append(probes, probed{t, min(oldest, newest)})
	}
	sort.SliceStable(probes, func(i, j int) bool { return probes[i].span > probes[j].span })
	if probes[0].span < commonSpan {
		return "", nil
	}
	terms := make([]string, narrowTrigrams)
	for i := range terms {
		terms[i] = ftsColumnMatch(probes[i].trigram, column)
	}
	return strings.Join(terms, " AND "), nil
}

// probeSpan is how far apart the ids of the first probeDepth rows matching an FTS5 query are, in
// the order given (ASC: the oldest rows, DESC: the newest); MaxInt64 when fewer rows match.
func (s *Store) probeSpan(ctx context.Context, match, order string) (int64, error) {
	var rows, first, last int64
	err := s.readDB.QueryRowContext(ctx, "SELECT COUNT(*), coalesce(min(rowid), 0), coalesce(max(rowid), 0) FROM ("+
		ftsLookup+"? ORDER BY rowid "+order+" LIMIT ?)", match, probeDepth).Scan(&rows, &first, &last)
	if err != nil {
		return 0, fmt.Errorf("probe the search index: %w", err)
	}
	if rows < probeDepth {
		return math.MaxInt64, nil
	}
	return last - first, nil
}

// ftsColumnMatch is the FTS5 query of text as a phrase, in column (any column when empty).
func ftsColumnMatch(text, column string) string {
	if column == "" {
		return ftsPhrase(text)
	}
	return column + " : " + ftsPhrase(text)
}

// distinctTrigrams are text's trigrams (of runes), each once, in order.
func distinctTrigrams(text string) []string {
	runes := []rune(text)
	seen := map[string]bool{}
	var out []string
	for i := 0; i+trigramMin <= len(runes); i++ {
		if t := string(runes[i : i+trigramMin]); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// sampleEvenly is at most n of items, spread evenly over them.
func sampleEvenly(items []string, n int) []string {
	if len(items) <= n {
		return items
	}
	out := make([]string, n)
	for i := range out {
		out[i] = items[i*(len(items)-1)/(n-1)]
	}
	return out
}

// lookupSQL is the statement selecting the ids of the search's hits: the phrase lookup, or the
// rarest trigrams' rows that hold the text, folded as the index folds (sqliteScanText).
func (sh sharedSearch) lookupSQL(b *queryBuilder) string {
	if sh.narrow == "" {
		return ftsLookup + b.arg(sh.match)
	}
	lookup := ftsLookup + b.arg(sh.narrow)
	expr, lowered := sqliteScanText(sh.column, sh.text)
	return "SELECT id FROM instances WHERE id IN (" + lookup + ") AND instr(" + expr + ", " + b.arg(lowered) + ") > 0"
}
