package instances

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iims/iims/internal/provenance"
)

// Field bounds and defaults, exactly as the product description's "Field Validation" table and
// api/openapi.yaml (rules_test.go fails if the two drift apart). The API validates requests
// against the spec first; these rules also guard every other writer (import, CLI, tests).
const (
	NameMaxLen         = 255
	ModelVersionMaxLen = 50
	DescriptionMaxLen  = 2000

	DefaultModelVersion = "latest"
	DefaultReplicas     = 1
	DefaultPP           = 1
	DefaultCP           = 8
	DefaultTP           = 1
	DefaultStatus       = "active"
	DefaultPriority     = "medium"
)

// intRange is an inclusive bound.
type intRange struct{ Min, Max int64 }

var (
	ReplicasRange = intRange{1, 100}
	PPRange       = intRange{1, 16}
	CPRange       = intRange{1, 64}
	TPRange       = intRange{1, 16}

	// Statuses and Priorities list the allowed values; Priorities in ascending severity.
	Statuses   = []string{"active", "inactive", "pending", "error"}
	Priorities = []string{"low", "medium", "high", "critical"}
)

// Validate checks a complete instance state and returns every violation (nil when valid).
func (sp Spec) Validate() error {
	var v fieldErrors
	v.identifier("name", sp.Name, NameMaxLen)
	v.identifier("model_name", sp.ModelName, NameMaxLen)
	v.identifier("model_version", sp.ModelVersion, ModelVersionMaxLen)
	v.identifier("cluster_name", sp.ClusterName, NameMaxLen)
	v.identifier("image_tag", sp.ImageTag, NameMaxLen)
	v.between("replicas", sp.Replicas, ReplicasRange)
	v.between("pp", sp.PP, PPRange)
	v.between("cp", sp.CP, CPRange)
	v.between("tp", sp.TP, TPRange)
	v.oneOf("status", sp.Status, Statuses)
	v.oneOf("priority", sp.Priority, Priorities)
	if sp.Description != nil {
		d := *sp.Description
		switch {
		case !utf8.ValidString(d):
			v.add("description", "must be valid UTF-8")
		case utf8.RuneCountInString(d) > DescriptionMaxLen:
			v.add("description", fmt.Sprintf("must be at most %d characters", DescriptionMaxLen))
		case strings.ContainsRune(d, 0):
			v.add("description", "must not contain NUL characters")
		}
	}
	return v.err()
}

type fieldErrors []FieldError

func (v *fieldErrors) add(field, msg string) { *v = append(*v, FieldError{Field: field, Message: msg}) }

func (v fieldErrors) err() error {
	if len(v) == 0 {
		return nil
	}
	return &ValidationError{Errors: v}
}

// identifier checks a required single-line string: 1..maxLen characters, no control characters,
// no leading or trailing whitespace (an invisible difference that breaks lookups by name).
func (v *fieldErrors) identifier(field, s string, maxLen int) {
	n := utf8.RuneCountInString(s)
	switch {
	case !utf8.ValidString(s):
		v.add(field, "must be valid UTF-8")
	case n == 0:
		v.add(field, "is required and must not be empty")
	case n > maxLen:
		v.add(field, fmt.Sprintf("must be at most %d characters", maxLen))
	case strings.TrimSpace(s) == "":
		v.add(field, "must not be blank")
	case strings.TrimSpace(s) != s:
		v.add(field, "must not start or end with whitespace")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		v.add(field, "must not contain control characters")
	}
}

func (v *fieldErrors) between(field string, n int64, r intRange) {
	if n < r.Min || n > r.Max {
		v.add(field, fmt.Sprintf("must be between %d and %d", r.Min, r.Max))
	}
}

func (v *fieldErrors) oneOf(field, s string, allowed []string) {
	if !slices.Contains(allowed, s) {
		v.add(field, fmt.Sprintf("must be one of %s", strings.Join(allowed, ", ")))
	}
}

// checkReason checks a change's reason: at most provenance.ReasonMaxLen characters, no control
// characters but line breaks and tabs, and present when the server requires one (a dry run,
// which writes nothing, needs none).
func (s *Service) checkReason(reason string, dryRun bool) error {
	var v fieldErrors
	switch {
	case reason == "" && s.requireReason && !dryRun:
		v.add("reason", "is required: this server records why every change is made (REQUIRE_REASON); "+
			"give one in the X-Change-Reason header or the reason field")
	case !utf8.ValidString(reason):
		v.add("reason", "must be UTF-8 text")
	case utf8.RuneCountInString(reason) > provenance.ReasonMaxLen:
		v.add("reason", fmt.Sprintf("must be at most %d characters", provenance.ReasonMaxLen))
	case strings.ContainsFunc(reason, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		v.add("reason", "must not contain control characters")
	}
	return v.err()
}
