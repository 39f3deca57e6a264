// Package reqcheck holds the request checks the API makes before kin-openapi validates against
// the spec — what the spec cannot express: a body that is exactly one JSON value, whole numbers
// as integers, and a strictly parsed query string. It depends on nothing of IIMS, so its fuzz
// targets run fast.
package reqcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// BadBodyError is a body that is not one JSON value (HTTP 400).
type BadBodyError struct{ Message string }

func (e *BadBodyError) Error() string { return e.Message }

// JSONBody refuses (with a *BadBodyError) a body that is not exactly one JSON value (kin-openapi decodes
// the first value and would ignore trailing garbage such as `{"replicas":2} xyz`), and rewrites
// whole numbers written as 2.0 or 1e3 to 2 and 1000: JSON Schema counts them as integers, and
// clients in Python or JavaScript send them easily, but Go's decoder refuses them for int fields.
// (Every number in our request bodies is an integer; 2.5 stays and fails validation as a 422.)
func JSONBody(req *http.Request) error {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return &BadBodyError{Message: "cannot read the request body: " + err.Error()}
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // kin-openapi reports the missing body as a 422
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err = dec.Decode(&v); err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("unexpected data after the JSON value")
		}
	}
	if err != nil {
		return &BadBodyError{Message: "malformed JSON in the request body: " + err.Error()}
	}
	if v, changed := wholeNumbersAsIntegers(v); changed {
		normalized, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("re-encode request body: %w", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(normalized))
		req.ContentLength = int64(len(normalized))
	}
	return nil
}

// wholeNumbersAsIntegers rewrites json.Numbers such as "2.0" or "1e3" to "2" and "1000" when
// they are whole and exactly representable; it reports whether anything changed.
func wholeNumbersAsIntegers(v any) (any, bool) {
	switch v := v.(type) {
	case json.Number:
		if _, err := v.Int64(); err == nil {
			return v, false
		}
		f, err := v.Float64()
		if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return v, false
		}
		return json.Number(strconv.FormatInt(int64(f), 10)), true
	case map[string]any:
		changed := false
		for k, item := range v {
			var c bool
			if v[k], c = wholeNumbersAsIntegers(item); c {
				changed = true
			}
		}
		return v, changed
	case []any:
		changed := false
		for i, item := range v {
			var c bool
			if v[i], c = wholeNumbersAsIntegers(item); c {
				changed = true
			}
		}
		return v, changed
	}
	return v, false
}
