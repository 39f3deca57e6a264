package apiconv

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/iims/iims/internal/instances"
)

// AppendInstanceJSON appends an instance exactly as encoding/json encodes api.Instance — the
// same fields, order and escaping (a test holds the two equal) — without reflection: encoding
// the answer was a seventh of a list request's time.
func AppendInstanceJSON(b []byte, i instances.Instance) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, i.ID, 10)
	b = appendField(b, "name", i.Name)
	b = appendField(b, "model_name", i.ModelName)
	b = appendField(b, "model_version", i.ModelVersion)
	b = appendField(b, "cluster_name", i.ClusterName)
	b = appendField(b, "image_tag", i.ImageTag)
	b = appendInt(b, "replicas", i.Replicas)
	b = appendInt(b, "pp", i.Pp)
	b = appendInt(b, "cp", i.Cp)
	b = appendInt(b, "tp", i.Tp)
	b = appendField(b, "status", i.Status)
	b = appendField(b, "priority", i.Priority)
	b = appendOptionalString(b, "description", i.Description)
	b = appendInt(b, "version", i.Version)
	b = appendTime(b, "created_at", i.CreatedAt)
	b = appendTime(b, "updated_at", i.UpdatedAt)
	return append(b, '}')
}

// AppendInstancesJSON appends a JSON array of instances.
func AppendInstancesJSON(b []byte, items []instances.Instance) []byte {
	b = append(b, '[')
	for n, i := range items {
		if n > 0 {
			b = append(b, ',')
		}
		b = AppendInstanceJSON(b, i)
	}
	return append(b, ']')
}

func appendField(b []byte, name, v string) []byte {
	return appendJSONString(appendName(b, name), v)
}

func appendInt(b []byte, name string, v int64) []byte {
	return strconv.AppendInt(appendName(b, name), v, 10)
}

func appendTime(b []byte, name string, t time.Time) []byte {
	b = append(appendName(b, name), '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendName appends a field's separator and quoted name (names are plain ASCII).
func appendName(b []byte, name string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does by default: HTML-sensitive characters
// (< > &) and U+2028/U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
