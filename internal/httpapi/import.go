package httpapi

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	api "github.com/iims/iims/gen/api"
	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/importer"
	"github.com/iims/iims/internal/instances"
	"github.com/iims/iims/internal/requestid"
	"github.com/labstack/echo/v4"
)

const (
	importLimit     = 16 << 20 // 16 MiB: ~100,000 rows of a CSV export
	importLimitText = "16 MiB"
	importPath      = "/api/instances/import"
)

// importInstances serves POST /api/instances/import (instanceImport). It is not a generated
// strict handler: the body is a file that the importer reads itself, naming the line of every
// problem, rather than JSON the generated code would decode first. The spec still routes,
// authorizes and validates its parameters (validateRequests leaves the body to this handler).
func (s *Server) importInstances(c echo.Context) error {
	req := c.Request()
	format, err := importFormat(c.QueryParam("format"), req.Header.Get(echo.HeaderContentType))
	if err != nil {
		return err
	}
	dryRun, _ := strconv.ParseBool(c.QueryParam("dry_run")) // validated as a boolean
	rows, readErrs, err := importer.Parse(http.MaxBytesReader(c.Response(), req.Body, importLimit), format)
	var tooLarge *http.MaxBytesError
	var malformed *importer.FileError
	switch {
	case errors.As(err, &tooLarge):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Type: api.ErrorTypePayloadTooLarge,
			Message: fmt.Sprintf("the import file is larger than %s: split it into several imports", importLimitText)}
	case errors.As(err, &malformed):
		fe := api.FieldError{In: api.FieldErrorInBody, Field: "file", Message: malformed.Message}
		if malformed.Line > 0 {
			fe.Line = &malformed.Line
		}
		return validationError([]api.FieldError{fe})
	case err != nil:
		return err
	case len(rows) == 0 && len(readErrs) == 0:
		return validationError([]api.FieldError{{In: api.FieldErrorInBody, Field: "file", Message: "has no rows to import"}})
	}
	ctx := req.Context()
	items, err := s.svc.ImportParsed(ctx, rows, readErrs, dryRun, nil)
	var ie *instances.ImportError
	if errors.As(err, &ie) {
		fields := make([]api.FieldError, len(ie.Rows))
		for i, r := range ie.Rows {
			fields[i] = api.FieldError{In: api.FieldErrorInBody, Field: r.Field, Message: r.Message, Line: &r.Line}
		}
		e := validationError(fields)
		e.Message = fmt.Sprintf("%d problem(s) in the file; nothing was imported", len(fields))
		return e
	}
	if de, ok := domainError(err); ok && de.Status == http.StatusUnprocessableEntity {
		return reasonInHeader(de) // a missing reason (REQUIRE_REASON): the file has no place for one
	} else if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, apiconv.ToImportResult(items, dryRun, requestid.From(ctx)))
}

// importFormat is the format parameter's, else the Content-Type's.
func importFormat(param, contentType string) (importer.Format, error) {
	if param != "" {
		return importer.Format(param), nil // one of the spec's enum
	}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if f, ok := importer.FormatOfMediaType(mediaType); ok {
		return f, nil
	}
	return "", &apiError{Status: http.StatusUnsupportedMediaType, Type: api.ErrorTypeUnsupportedMediaType,
		Message: fmt.Sprintf("cannot tell the import's format from Content-Type %q: send text/csv, application/json, application/x-ndjson or application/yaml, or say ?format=", contentType)}
}
