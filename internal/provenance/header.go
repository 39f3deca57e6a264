package provenance

import (
	"errors"
	"net/url"
	"strings"
)

// ReasonHeader is the header a change's reason travels in when the request has no body to carry
// it (a DELETE, an import's file). Headers carry only Latin-1 safely, so anything but printable
// ASCII goes as RFC 8187's UTF-8”<percent-encoded UTF-8>; the web app's api/reason.ts encodes
// by the same rule.
const ReasonHeader = "X-Change-Reason"

// ViaHeader names the client a change comes from (ViaWeb, ViaCLI); anything else is ViaAPI.
const ViaHeader = "X-IIMS-Via"

// encodedPrefix starts an encoded value; DecodeReason takes it in any case.
const encodedPrefix = "UTF-8''"

func isEncoded(v string) bool {
	return len(v) >= len(encodedPrefix) && strings.EqualFold(v[:len(encodedPrefix)], encodedPrefix)
}

// EncodeReason is the X-Change-Reason value for a reason: plain printable ASCII as it is (unless it
// would itself read as an encoded value), anything else percent-encoded.
func EncodeReason(reason string) string {
	plain := !isEncoded(reason)
	for _, c := range reason {
		if c < 0x20 || c > 0x7e {
			plain = false
			break
		}
	}
	if plain {
		return reason
	}
	return encodedPrefix + url.PathEscape(reason)
}

// DecodeReason reads an X-Change-Reason value, trimmed.
func DecodeReason(v string) (string, error) {
	if isEncoded(v) {
		decoded, err := url.PathUnescape(v[len(encodedPrefix):])
		if err != nil {
			return "", errors.New("is not valid percent-encoded UTF-8 after UTF-8''")
		}
		v = decoded
	}
	return strings.TrimSpace(v), nil
}
