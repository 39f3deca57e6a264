package httpapi

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	api "github.com/iims/iims/gen/api"
	"github.com/labstack/echo/v4"
)

// validateRequests checks every /api request against the spec with kin-openapi before a handler
// runs: the route must exist, every query parameter must be declared (so a typo such as
// ?stauts=active fails loudly instead of silently matching everything), and parameters and body
// must match their schemas. Failures become 404/405/400/413/422 envelopes naming each field.
func (s *Server) validateRequests(next echo.HandlerFunc) echo.HandlerFunc {
	opts := &openapi3filter.Options{
		MultiError:         true,
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		// kin-openapi would fill in defaults for explicit nulls too (a "dry_run": null became
		// false and wrote for real). null is valid only where the spec says nullable; omitted
		// fields take their defaults in the domain.
		SkipSettingDefaults: true,
	}
	return func(c echo.Context) error {
		req := c.Request()
		route, pathParams, err := s.router.FindRoute(req)
		if err != nil {
			if errors.Is(err, routers.ErrMethodNotAllowed) {
				return echo.ErrMethodNotAllowed
			}
			return echo.ErrNotFound
		}
		if route.Operation.RequestBody != nil {
			if err := requireJSON(req); err != nil {
				return err
			}
			if err := readJSONBody(req); err != nil {
				return err
			}
		}
		query, fields := checkQuery(route, req)
		if len(fields) > 0 {
			return validationError(fields)
		}
		unknown := unknownQueryParams(route, query)
		err = openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
			Request: req, PathParams: pathParams, Route: route, Options: opts,
		})
		switch {
		case err != nil:
			return requestError(err, unknown)
		case len(unknown) > 0:
			return validationError(unknown)
		}
		return next(c)
	}
}

// requestError turns kin-openapi's validation result into our error.
func requestError(err error, fields []api.FieldError) error {
	if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return echo.ErrStatusRequestEntityTooLarge
	}
	var me openapi3.MultiError
	if !errors.As(err, &me) {
		me = openapi3.MultiError{err}
	}
	for _, e := range me {
		var re *openapi3filter.RequestError
		if !errors.As(e, &re) {
			return fmt.Errorf("validate request: %w", e) // not a client error: 500
		}
		if re.Parameter == nil {
			var pe *openapi3filter.ParseError
			if errors.As(re.Err, &pe) {
				return &apiError{Status: http.StatusBadRequest, Type: api.ErrorTypeBadRequest,
					Message: "malformed JSON in the request body: " + parseMessage(pe)}
			}
			fields = append(fields, bodyFields(re)...)
			continue
		}
		fields = append(fields, api.FieldError{
			In: api.FieldErrorIn(re.Parameter.In), Field: re.Parameter.Name, Message: paramMessage(re)})
	}
	return validationError(fields)
}

// bodyFields lists the body fields a request-body error names, one per schema violation.
func bodyFields(re *openapi3filter.RequestError) []api.FieldError {
	var schemaErrs []*openapi3.SchemaError
	var me openapi3.MultiError
	var se *openapi3.SchemaError
	switch {
	case errors.As(re.Err, &me):
		for _, e := range me {
			if errors.As(e, &se) {
				schemaErrs = append(schemaErrs, se)
			}
		}
	case errors.As(re.Err, &se):
		schemaErrs = append(schemaErrs, se)
	}
	if len(schemaErrs) == 0 {
		msg := re.Reason
		if msg == "" && re.Err != nil {
			msg = re.Err.Error()
		}
		return []api.FieldError{{In: api.FieldErrorInBody, Field: "body", Message: msg}}
	}
	out := make([]api.FieldError, 0, len(schemaErrs))
	for _, se := range schemaErrs {
		out = append(out, api.FieldError{In: api.FieldErrorInBody, Field: schemaField(se), Message: schemaMessage(se)})
	}
	return out
}

var quotedProperty = regexp.MustCompile(`property "([^"]+)" is unsupported`)

// schemaField names the offending body field: its JSON pointer without the leading slash
// ("replicas"), extended by the property's name for an unknown property.
func schemaField(se *openapi3.SchemaError) string {
	path := strings.Join(se.JSONPointer(), "/")
	if m := quotedProperty.FindStringSubmatch(se.Reason); m != nil {
		if path != "" {
			return path + "/" + m[1]
		}
		return m[1]
	}
	if path == "" {
		return "body"
	}
	return path
}

// schemaMessage says what is wrong in words a user can act on.
func schemaMessage(se *openapi3.SchemaError) string {
	if quotedProperty.MatchString(se.Reason) {
		allowed := slices.Sorted(maps.Keys(se.Schema.Properties))
		return "is not a field of this object; allowed fields: " + strings.Join(allowed, ", ")
	}
	switch se.SchemaField {
	case "required":
		return "is required"
	case "allOf":
		// A property declared as allOf:[$ref] (to carry a default) hides the real reason.
		var inner *openapi3.SchemaError
		if errors.As(se.Origin, &inner) {
			return schemaMessage(inner)
		}
	case "format":
		if se.Schema != nil && se.Schema.Format == "date-time" {
			return "must be an RFC 3339 date-time such as 2024-01-15T10:30:00Z"
		}
	}
	return se.Reason
}

func paramMessage(re *openapi3filter.RequestError) string {
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		return schemaMessage(se)
	}
	var pe *openapi3filter.ParseError
	if errors.As(re.Err, &pe) {
		return parseMessage(pe)
	}
	if re.Err != nil {
		return re.Err.Error()
	}
	return re.Reason
}

func parseMessage(pe *openapi3filter.ParseError) string {
	msg := pe.Reason
	if pe.Cause != nil {
		if msg != "" {
			msg += ": "
		}
		msg += pe.Cause.Error()
	}
	if msg == "" {
		msg = pe.Error()
	}
	return msg
}

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

// checkQuery parses the query string strictly and reports what the spec cannot describe: a pair
// that does not parse (a bad %-escape or a ";" separator, which net/http would silently drop —
// a typo'd export limit would become a full export), text no database can compare (invalid
// UTF-8, NUL), and a single-value parameter given twice (the generated binder would answer 400).
// A repeated comma-separated list (sort=a&sort=b, as many SDK generators send explode: false
// arrays) is read as one list, sort=a,b; the request's query is rewritten to that form.
func checkQuery(route *routers.Route, req *http.Request) (url.Values, []api.FieldError) {
	var fields []api.FieldError
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
			fields = append(fields, queryError(printable(pair), `contains ";": separate parameters with "&" (and encode a literal ";" as %3B)`))
		case kerr != nil || verr != nil:
			fields = append(fields, queryError(printable(pair), "is not a valid URL-encoded name=value pair"))
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
			fields = append(fields, queryError(printable(name), "must be UTF-8 text without NUL bytes"))
			continue
		}
		p := declared[name]
		if len(values) < 2 || p == nil {
			continue // unknown parameters are reported by unknownQueryParams
		}
		isArray := p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is(openapi3.TypeArray)
		exploded := p.Explode == nil || *p.Explode // form style explodes by default
		switch {
		case isArray && exploded:
		case isArray:
			query[name] = []string{strings.Join(values, ",")}
			rewrite = true
		default:
			fields = append(fields, queryError(name, "must be given at most once"))
		}
	}
	if rewrite && len(fields) == 0 {
		req.URL.RawQuery = query.Encode()
	}
	return query, fields
}

func queryError(field, msg string) api.FieldError {
	return api.FieldError{In: api.FieldErrorInQuery, Field: field, Message: msg}
}

// printable makes a raw query fragment safe to echo back in a JSON error.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\ufffd")
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	return s
}

// unknownQueryParams reports query parameters the operation does not declare.
func unknownQueryParams(route *routers.Route, query url.Values) []api.FieldError {
	declared := queryParams(route)
	var fields []api.FieldError
	for _, name := range slices.Sorted(maps.Keys(query)) {
		if declared[name] == nil {
			fields = append(fields, queryError(name, "is not a parameter of this operation"))
		}
	}
	return fields
}

// allowedMethods lists the methods the spec declares for the request's path, for a 405's Allow.
func allowedMethods(router routers.Router, req *http.Request) string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := req.Clone(req.Context())
		probe.Method = m
		if _, _, err := router.FindRoute(probe); err == nil {
			allowed = append(allowed, m)
		}
	}
	return strings.Join(allowed, ", ")
}
