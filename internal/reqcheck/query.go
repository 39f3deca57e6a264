package reqcheck

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// Problem is one query parameter the request gets wrong.
type Problem struct{ Field, Message string }

// queryParams are the query parameters an operation declares, by name.
func queryParams(route *routers.Route) map[string]*openapi3.Parameter {
	declared := map[string]*openapi3.Parameter{}
	for _, params := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range params {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = p.Value
			}
		}
	}
	return declared
}

// Query parses the query string strictly and reports what the spec cannot describe: a pair
// that does not parse (a bad %-escape or a ";" separator, which net/http would silently drop —
// a typo'd export limit would become a full export), text no database can compare (invalid
// UTF-8, NUL), and a single-value parameter given twice (the generated binder would answer 400).
// A repeated comma-separated list (sort=a&sort=b, as many SDK generators send explode: false
// arrays) is read as one list, sort=a,b; the request's query is rewritten to that form.
func Query(route *routers.Route, req *http.Request) (url.Values, []Problem) {
	var fields []Problem
	query := url.Values{}
	for pair := range strings.SplitSeq(req.URL.RawQuery, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, kerr := url.QueryUnescape(rawKey)
		value, verr := url.QueryUnescape(rawValue)
		switch {
		case strings.Contains(pair, ";"):
			fields = append(fields, problem(printable(pair), `contains ";": separate parameters with "&" (and encode a literal ";" as %3B)`))
		case kerr != nil || verr != nil:
			fields = append(fields, problem(printable(pair), "is not a valid URL-encoded name=value pair"))
		default:
			query[key] = append(query[key], value)
		}
	}
	declared := queryParams(route)
	rewrite := false
	for _, name := range slices.Sorted(maps.Keys(query)) {
		values := query[name]
		if slices.ContainsFunc(values, func(v string) bool { return !utf8.ValidString(v) || strings.ContainsRune(v, 0) }) ||
			!utf8.ValidString(name) {
			fields = append(fields, problem(printable(name), "must be UTF-8 text without NUL bytes"))
			continue
		}
		p := declared[name]
		if len(values) < 2 || p == nil {
			continue // unknown parameters are reported by UnknownParams
		}
		isArray := p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is(openapi3.TypeArray)
		exploded := p.Explode == nil || *p.Explode // form style explodes by default
		switch {
		case isArray && exploded:
		case isArray:
			query[name] = []string{strings.Join(values, ",")}
			rewrite = true
		default:
			fields = append(fields, problem(name, "must be given at most once"))
		}
	}
	if rewrite && len(fields) == 0 {
		req.URL.RawQuery = query.Encode()
	}
	return query, fields
}

func problem(field, msg string) Problem { return Problem{Field: field, Message: msg} }

// printable makes a raw query fragment safe to echo back in a JSON error.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\ufffd")
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return s
}

// UnknownParams reports query parameters the operation does not declare.
func UnknownParams(route *routers.Route, query url.Values) []Problem {
	declared := queryParams(route)
	var fields []Problem
	for _, name := range slices.Sorted(maps.Keys(query)) {
		if declared[name] == nil {
			fields = append(fields, problem(name, "is not a parameter of this operation"))
		}
	}
	return fields
}
