// Package specfuzz generates HTTP requests from api/openapi.yaml — valid ones, and ones broken in
// the ways clients and attackers break them — and checks each answer against the contract. The
// fuzz test drives the real server on each engine with it and then checks the database's
// invariants; the generator itself knows nothing of IIMS beyond the spec.
package specfuzz

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// values makes JSON values for schemas: valid ones from the schema's own bounds, and broken ones.
type values struct {
	rnd *rand.Rand
	// names is a small pool of instance names, so that creates and renames collide (409).
	names []string
}

// nasty strings: empty, blank, padded, control characters, NUL, bidi and combining marks, SQL
// and LIKE metacharacters, invalid UTF-8 once escaped by JSON, very long, emoji, case folding.
var nasty = []string{
	"", " ", " padded ", "tab\there", "line\nbreak", "nul\x00byte", "\u202eevil", "e\u0301", "'; DROP TABLE instances; --",
	"100%_like\\", "%", "_", "ÜBERBLICK", "überblick", "ǅ", "🦙🦙", strings.Repeat("x", 256), strings.Repeat("é", 2001),
	"\"quoted\"", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd", "\ufeffbom", "a\u2028b",
}

func (v *values) pick(n int) int        { return v.rnd.IntN(n) }
func (v *values) chance(p float64) bool { return v.rnd.Float64() < p }

// valid returns a value the schema accepts.
func (v *values) valid(s *openapi3.Schema, field string) any {
	switch {
	case s == nil:
		return "x"
	case len(s.AllOf) > 0:
		return v.valid(s.AllOf[0].Value, field)
	case len(s.AnyOf) > 0:
		return v.valid(s.AnyOf[v.pick(len(s.AnyOf))].Value, field)
	case len(s.OneOf) > 0:
		return v.valid(s.OneOf[v.pick(len(s.OneOf))].Value, field)
	case len(s.Enum) > 0:
		return s.Enum[v.pick(len(s.Enum))]
	case s.Nullable && v.chance(0.1):
		return nil
	}
	switch {
	case s.Type.Is(openapi3.TypeString):
		return v.validString(s, field)
	case s.Type.Is(openapi3.TypeInteger):
		lo, hi := bound(s.Min, -1000), bound(s.Max, 1<<40)
		if v.chance(0.3) { // the bounds themselves
			return []int64{lo, hi}[v.pick(2)]
		}
		return lo + v.rnd.Int64N(min(hi-lo+1, 1<<40))
	case s.Type.Is(openapi3.TypeBoolean):
		return v.chance(0.5)
	case s.Type.Is(openapi3.TypeArray):
		n := 1 + v.pick(3)
		if s.MaxItems != nil {
			n = min(n, int(*s.MaxItems))
		}
		out := []any{}
		for range n {
			item := v.valid(s.Items.Value, field)
			if s.UniqueItems && slices.ContainsFunc(out, func(x any) bool { return fmt.Sprint(x) == fmt.Sprint(item) }) {
				continue
			}
			out = append(out, item)
		}
		return out
	case s.Type.Is(openapi3.TypeObject):
		return v.validObject(s)
	}
	return "x"
}

func (v *values) validString(s *openapi3.Schema, field string) string {
	if s.Format == "date-time" {
		return time.Now().Add(time.Duration(v.rnd.Int64N(72)-48) * time.Hour).UTC().Format(time.RFC3339)
	}
	if field == "name" && v.chance(0.7) {
		return v.names[v.pick(len(v.names))]
	}
	maxLen := 40
	if s.MaxLength != nil {
		maxLen = min(maxLen, int(*s.MaxLength))
	}
	if v.chance(0.1) && s.MaxLength != nil {
		return strings.Repeat("ü", int(*s.MaxLength)) // the longest allowed, in multi-byte characters
	}
	n := max(int(s.MinLength), 1+v.pick(maxLen))
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-:."
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[v.pick(len(alphabet))]
	}
	return string(b)
}

func (v *values) validObject(s *openapi3.Schema) map[string]any {
	out := map[string]any{}
	for name, p := range s.Properties {
		if slices.Contains(s.Required, name) || v.chance(0.5) {
			out[name] = v.valid(p.Value, name)
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil && len(s.Properties) == 0 {
		for range 1 + v.pick(2) {
			out[fmt.Sprint(1+v.pick(50))] = v.valid(ap.Value, "")
		}
	}
	return out
}

// broken returns a value the schema (most likely) refuses: the wrong type, one past a bound, a
// nasty string, null where null is not allowed, a deep or huge structure.
func (v *values) broken(s *openapi3.Schema) any {
	switch v.pick(12) {
	case 0:
		return nil
	case 1:
		return nasty[v.pick(len(nasty))]
	case 2:
		return []any{1, "two", nil}
	case 3:
		return map[string]any{"nested": map[string]any{"deep": []any{map[string]any{}}}}
	case 4:
		return []any{math.MaxInt64, math.MinInt64, 1e300, math.Copysign(0, -1), 2.5, 1e-7}[v.pick(6)]
	case 5:
		return v.chance(0.5)
	case 6:
		return strings.Repeat("z", 5000)
	}
	if s != nil && s.Type.Is(openapi3.TypeInteger) {
		if s.Max != nil && v.chance(0.5) {
			return int64(*s.Max) + 1
		}
		if s.Min != nil {
			return int64(*s.Min) - 1
		}
	}
	if s != nil && s.Type.Is(openapi3.TypeString) && s.MaxLength != nil {
		return strings.Repeat("a", int(*s.MaxLength)+1)
	}
	if s != nil && len(s.Enum) > 0 {
		return strings.ToUpper(fmt.Sprint(s.Enum[0]))
	}
	return nasty[v.pick(len(nasty))]
}

// queryValue renders a parameter value as query text: valid or not.
func (v *values) queryValue(s *openapi3.Schema, field string, broken bool) string {
	var x any
	if broken {
		x = v.broken(s)
	} else {
		x = v.valid(s, field)
	}
	switch t := x.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return "{}"
	case float64:
		return fmt.Sprint(t)
	}
	return fmt.Sprint(x)
}

func bound(p *float64, def int64) int64 {
	if p == nil {
		return def
	}
	return int64(*p)
}
