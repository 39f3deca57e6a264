package httpapi

import (
	"errors"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/reqcheck"
	"github.com/labstack/echo/v4"
)

// validationOptions are kin-openapi's options for every request (built once: Echo runs a group's
// middleware factories on every request).
var validationOptions = &openapi3filter.Options{
	MultiError:         true,
	AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
	// kin-openapi would fill in defaults for explicit nulls too (a "dry_run": null became
	// false and wrote for real). null is valid only where the spec says nullable; omitted
	// fields take their defaults in the domain.
	SkipSettingDefaults: true,
}

// importOperation's body is a file in one of several formats, not JSON: its parameters are
// validated like any others, its body by the importer (importInstances), which names lines.
const importOperation = "instanceImport"

var fileBodyOptions = func() *openapi3filter.Options {
	o := *validationOptions
	o.ExcludeRequestBody = true
	return &o
}()

// validateRequests checks every /api request against the spec with kin-openapi before a handler
// runs (after routeRequests has found its operation and authorizeRequests has let it in): every query parameter must be declared (so a typo such as
// ?stauts=active fails loudly instead of silently matching everything), and parameters and body
// must match their schemas. Failures become 404/405/400/413/422 envelopes naming each field.
func (s *Server) validateRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		route, pathParams := c.Get(routeKey).(*routers.Route), c.Get(paramsKey).(map[string]string) // routeRequests
		options := validationOptions
		if route.Operation.OperationID == importOperation {
			options = fileBodyOptions // the importer reads (and checks) the file itself
		} else if route.Operation.RequestBody != nil {
			if err := requireJSON(req); err != nil {
				return err
			}
			if err := reqcheck.JSONBody(req); err != nil {
				return bodyError(err)
			}
		}
		query, problems := reqcheck.Query(route, req)
		if len(problems) > 0 {
			return validationError(queryFields(problems))
		}
		unknown := queryFields(reqcheck.UnknownParams(route, query))
		err := openapi3filter.ValidateRequest(req.Context(), &openapi3filter.RequestValidationInput{
			Request: req, PathParams: pathParams, Route: route, Options: options,
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

// specRoutes maps each operation's Echo route ("GET /api/instances/:id") to its kin-openapi
// route, so that a request Echo has routed is not matched again against every path's pattern.
func specRoutes(spec *openapi3.T) map[string]*routers.Route {
	routes := map[string]*routers.Route{}
	for path, item := range spec.Paths.Map() {
		echoPath := "/api" + path
		for strings.Contains(echoPath, "{") {
			i, j := strings.Index(echoPath, "{"), strings.Index(echoPath, "}")
			echoPath = echoPath[:i] + ":" + echoPath[i+1:j] + echoPath[j+1:]
		}
		for method, op := range item.Operations() {
			routes[method+" "+echoPath] = &routers.Route{Spec: spec, Server: spec.Servers[0], Path: path, PathItem: item,
				Method: method, Operation: op}
		}
	}
	return routes
}

// findRoute is the operation of the request Echo routed, with its path parameters; a request
// Echo matched to no operation (the group's catch-all) is looked up in the spec's router, which
// tells an unknown path from a method the path does not allow.
func (s *Server) findRoute(c echo.Context, routes map[string]*routers.Route) (*routers.Route, map[string]string, error) {
	if route, ok := routes[c.Request().Method+" "+c.Path()]; ok {
		names := c.ParamNames()
		params := make(map[string]string, len(names))
		for i, name := range names {
			params[name] = c.ParamValues()[i]
		}
		return route, params, nil
	}
	return s.router.FindRoute(c.Request())
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

func queryFields(problems []reqcheck.Problem) []api.FieldError {
	fields := make([]api.FieldError, len(problems))
	for i, p := range problems {
		fields[i] = api.FieldError{In: api.FieldErrorInQuery, Field: p.Field, Message: p.Message}
	}
	return fields
}

// bodyError maps a body that is not one JSON value (400) or too large (413).
func bodyError(err error) error {
	var bad *reqcheck.BadBodyError
	if errors.As(err, &bad) {
		return &apiError{Status: http.StatusBadRequest, Type: api.ErrorTypeBadRequest, Message: bad.Message}
	}
	return err
}

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
