package dbtypes

import (
	"encoding/json"
	"unicode/utf8"
)

// decodeChangesFast decodes the shape every stored changes object has —
// {"field":{"old":v,"new":v},…} with each v a string without escapes, a number, null or a bool,
// in any spacing (PostgreSQL's jsonb adds spaces and reorders keys) — to exactly what
// encoding/json with UseNumber gives (a fuzz test holds the two equal). Anything else reports
// ok=false and the caller decodes with encoding/json, which took 5 µs for a one-field update:
// as long as the rest of reading and writing a history record together.
func decodeChangesFast(raw []byte) (c Changes, ok bool) {
	p := changesParser{b: raw}
	if !p.consume('{') {
		return nil, false
	}
	c = Changes{}
	if p.consume('}') {
		return c, p.end()
	}
	for {
		name, ok := p.span()
		if !ok || !p.consume(':') || !p.consume('{') {
			return nil, false
		}
		var ch FieldChange
		for first := true; !p.consume('}'); first = false {
			if !first && !p.consume(',') {
				return nil, false
			}
			side, ok := p.span()
			if !ok || !p.consume(':') {
				return nil, false
			}
			v, ok := p.scalar()
			if !ok {
				return nil, false
			}
			switch string(side) { // encoding/json also matches "OLD" or "Old": those go the slow way
			case "old":
				ch.Old = v
			case "new":
				ch.New = v
			default:
				return nil, false
			}
		}
		field, known := fieldNames[string(name)] // the instance's fields: no copy of the name
		if !known {
			field = string(name)
		}
		c[field] = ch // a repeated field: the last one wins, as in encoding/json
		if p.consume('}') {
			return c, p.end()
		}
		if !p.consume(',') {
			return nil, false
		}
	}
}

// fieldNames are the names a change can hold, kept once instead of copied out of every record.
var fieldNames = map[string]string{}

func init() {
	for _, f := range []string{"id", "name", "model_name", "model_version", "cluster_name", "image_tag", "replicas",
		"pp", "cp", "tp", "status", "priority", "description", "version", "created_at", "updated_at"} {
		fieldNames[f] = f
	}
}

type changesParser struct {
	b []byte
	i int
}

func (p *changesParser) skipSpace() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\n' || p.b[p.i] == '\t' || p.b[p.i] == '\r') {
		p.i++
	}
}

func (p *changesParser) consume(c byte) bool {
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// end: nothing but spaces follows (encoding/json's Decoder would ignore what does: go slow).
func (p *changesParser) end() bool {
	p.skipSpace()
	return p.i == len(p.b)
}

func (p *changesParser) str() (string, bool) {
	s, ok := p.span()
	return string(s), ok
}

// span reads a string without escapes, control characters or invalid UTF-8 (which encoding/json
// would unescape or replace) and returns its bytes, unquoted.
func (p *changesParser) span() ([]byte, bool) {
	if !p.consume('"') {
		return nil, false
	}
	start, ascii := p.i, true
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

func (p *changesParser) scalar() (any, bool) {
	p.skipSpace()
	if p.i >= len(p.b) {
		return nil, false
	}
	switch c := p.b[p.i]; {
	case c == '"':
		return p.str()
	case c == 'n':
		return nil, p.literal("null")
	case c == 't':
		return true, p.literal("true")
	case c == 'f':
		return false, p.literal("false")
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		for p.i < len(p.b) && isNumberByte(p.b[p.i]) {
			p.i++
		}
		n := p.b[start:p.i]
		return json.Number(n), json.Valid(n) // the grammar (no leading zeros, digits after '.')
	}
	return nil, false
}

func (p *changesParser) literal(word string) bool {
	if len(p.b)-p.i < len(word) || string(p.b[p.i:p.i+len(word)]) != word {
		return false
	}
	p.i += len(word)
	return true
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}
