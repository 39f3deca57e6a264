package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"strconv"

	api "github.com/iims/iims/gen/api"
	"github.com/labstack/echo/v4"
)

// requireJSON refuses a request body that is not application/json with 415 (kin-openapi would
// call it a 422).
func requireJSON(req *http.Request) error {
	ct := req.Header.Get(echo.HeaderContentType)
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != echo.MIMEApplicationJSON {
		return &apiError{Status: http.StatusUnsupportedMediaType, Type: api.ErrorTypeUnsupportedMediaType,
			Message: fmt.Sprintf("request body must be application/json, not %q", ct)}
	}
	return nil
}

// readJSONBody answers 400 for a body that is not exactly one JSON value (kin-openapi decodes
// the first value and would ignore trailing garbage such as `{"replicas":2} xyz`), and rewrites
// whole numbers written as 2.0 or 1e3 to 2 and 1000: JSON Schema counts them as integers, and
// clients in Python or JavaScript send them easily, but Go's decoder refuses them for int fields.
// (Every number in our request bodies is an integer; 2.5 stays and fails validation as a 422.)
func readJSONBody(req *http.Request) error {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return &apiError{Status: http.StatusBadRequest, Type: api.ErrorTypeBadRequest, Message: "cannot read the request body: " + err.Error()}
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
		return &apiError{Status: http.StatusBadRequest, Type: api.ErrorTypeBadRequest, Message: "malformed JSON in the request body: " + err.Error()}
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
