package httpapi

import (
	"net/http"
	"strconv"

	"github.com/iims/iims/internal/apiconv"
	"github.com/iims/iims/internal/instances"
)

// The answers that carry instances — the hottest of the API — are written with the hand-written
// encoder (apiconv.AppendInstanceJSON, byte for byte what the generated responses would write).
// Each type implements the generated strict interface of its operation.

// instanceResponse is one instance with its ETag (and, for a create, its Location).
type instanceResponse struct {
	inst     instances.Instance
	status   int
	location string
}

func (r instanceResponse) write(w http.ResponseWriter) error {
	body := apiconv.AppendInstanceJSON(make([]byte, 0, 512), r.inst)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", etag(r.inst.Version))
	if r.location != "" {
		h.Set("Location", r.location)
	}
	w.WriteHeader(r.status)
	_, err := w.Write(append(body, '\n'))
	return err
}

func (r instanceResponse) VisitInstanceGetResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r instanceResponse) VisitInstanceCreateResponse(w http.ResponseWriter) error { return r.write(w) }
func (r instanceResponse) VisitInstanceUpdateResponse(w http.ResponseWriter) error { return r.write(w) }

// instanceListResponse is a page of instances with their total.
type instanceListResponse struct {
	items []instances.Instance
	total int64
}

func (r instanceListResponse) VisitInstanceListResponse(w http.ResponseWriter) error {
	body := apiconv.AppendInstancesJSON(make([]byte, 0, 64+400*len(r.items)), r.items)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Total-Count", strconv.FormatInt(r.total, 10))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(append(body, '\n'))
	return err
}
