package httpapi

import (
	"strconv"
	"strings"

	"github.com/iims/iims/internal/instances"
)

// etag renders an instance version as a strong entity tag: version 3 → "3".
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// ifMatch turns an If-Match header into a precondition: nil when absent or "*" (any current
// version), otherwise the listed versions. Weak or malformed tags can never match (RFC 9110
// uses strong comparison for If-Match), so a request carrying only such tags fails with 412.
func ifMatch(header *string) *instances.Precondition {
	if header == nil || strings.TrimSpace(*header) == "" || strings.TrimSpace(*header) == "*" {
		return nil
	}
	pre := &instances.Precondition{Versions: []int64{}}
	for _, tag := range strings.Split(*header, ",") {
		if v, ok := parseStrongETag(strings.TrimSpace(tag)); ok {
			pre.Versions = append(pre.Versions, v)
		}
	}
	return pre
}

// noneMatch reports whether an If-None-Match header matches the version (weak comparison).
func noneMatch(header *string, version int64) bool {
	if header == nil {
		return false
	}
	for _, tag := range strings.Split(*header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" {
			return true
		}
		if v, ok := parseStrongETag(tag); ok && v == version {
			return true
		}
	}
	return false
}

func parseStrongETag(tag string) (int64, bool) {
	if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return 0, false
	}
	v, err := strconv.ParseInt(tag[1:len(tag)-1], 10, 64)
	return v, err == nil && v > 0
}
