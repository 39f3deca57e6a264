package provenance

import "testing"

func TestReasonHeaderRoundTrip(t *testing.T) {
	for reason, wire := range map[string]string{
		"INC-4711: roll back":          "INC-4711: roll back",
		"Rollback — p99 up":            "UTF-8''Rollback%20%E2%80%94%20p99%20up",
		"UTF-8''looks encoded":         "UTF-8''UTF-8%27%27looks%20encoded",
		"tab\there":                    "UTF-8''tab%09here",
		"100% sure & a/b ? #1 + 'q' ✓": "UTF-8''100%25%20sure%20&%20a%2Fb%20%3F%20%231%20+%20%27q%27%20%E2%9C%93",
	} {
		if got := EncodeReason(reason); got != wire {
			t.Errorf("EncodeReason(%q) = %q, want %q", reason, got, wire)
		}
		if back, err := DecodeReason(wire); err != nil || back != reason {
			t.Errorf("DecodeReason(%q) = %q, %v, want %q", wire, back, err, reason)
		}
	}
	if _, err := DecodeReason("UTF-8''%zz"); err == nil {
		t.Error("a bad escape decoded")
	}
}
