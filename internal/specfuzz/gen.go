package specfuzz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one operation of the spec.
type Operation struct {
	ID, Method, Path string
	op               *openapi3.Operation
	params           openapi3.Parameters
}

// Generator makes requests for the spec's operations. It learns the ids the server hands out
// (instances it created, history records it listed), so that most requests hit real resources.
type Generator struct {
	ops []Operation
	mu  sync.Mutex
	v   values
	ids []int64 // instance ids seen, newest last
	hid []int64 // history ids seen
}

// New returns a generator over spec, deterministic for a seed (with one goroutine using it).
func New(spec *openapi3.T, seed uint64) *Generator {
	g := &Generator{v: values{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}}
	for i := range 8 {
		g.v.names = append(g.v.names, fmt.Sprintf("fuzz-%d", i))
	}
	for _, path := range slices.Sorted(maps.Keys(spec.Paths.Map())) {
		item := spec.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.Operations()[method]
			g.ops = append(g.ops, Operation{ID: op.OperationID, Method: method, Path: path, op: op,
				params: append(slices.Clone(item.Parameters), op.Parameters...)})
		}
	}
	return g
}

// Request makes the next request against the server at base (e.g. http://127.0.0.1:8000).
func (g *Generator) Request(base string) (*http.Request, Operation, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	op := g.ops[g.v.pick(len(g.ops))]
	if len(g.ids) < 5 || g.v.chance(0.15) { // keep a population of instances to work on
		op = g.find("instanceCreate")
	}
	broken := g.v.chance(0.3)
	path := g.path(op, broken)
	query, headers := g.params(op, broken)
	body, contentType := g.body(op, broken)
	req, err := http.NewRequest(op.Method, base+"/api"+path+query, bytes.NewReader(body))
	if err != nil {
		return nil, op, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if g.v.chance(0.1) {
		req.Header.Set("X-Request-ID", []string{"fuzz-" + strconv.Itoa(g.v.pick(1e6)), "bad id with spaces", strings.Repeat("r", 200)}[g.v.pick(3)])
	}
	return req, op, nil
}

func (g *Generator) find(id string) Operation {
	for _, op := range g.ops {
		if op.ID == id {
			return op
		}
	}
	panic("no operation " + id)
}

// Observe learns ids from a response.
func (g *Generator) Observe(op Operation, status int, body []byte) {
	if status >= 300 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	switch op.ID {
	case "instanceCreate":
		var inst struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal(body, &inst) == nil && inst.ID > 0 {
			g.ids = appendBounded(g.ids, inst.ID)
		}
	case "historyList", "instanceHistoryList":
		var page struct {
			Items []struct {
				HistoryID int64 `json:"history_id"`
			} `json:"items"`
		}
		if json.Unmarshal(body, &page) == nil {
			for _, it := range page.Items[:min(len(page.Items), 5)] {
				g.hid = appendBounded(g.hid, it.HistoryID)
			}
		}
	}
}

func appendBounded(list []int64, id int64) []int64 {
	if len(list) >= 200 {
		list = list[1:]
	}
	return append(list, id)
}

// id is a real id most of the time, else one that never existed.
func (g *Generator) id(list []int64) string {
	if len(list) > 0 && g.v.chance(0.85) {
		return strconv.FormatInt(list[g.v.pick(len(list))], 10)
	}
	return strconv.Itoa(900000 + g.v.pick(1000))
}

func (g *Generator) path(op Operation, broken bool) string {
	path := strings.TrimPrefix(op.Path, "")
	for _, name := range []string{"id", "instance_id", "history_id"} {
		if !strings.Contains(path, "{"+name+"}") {
			continue
		}
		value := g.id(g.ids)
		if name == "history_id" {
			value = g.id(g.hid)
		}
		if broken && g.v.chance(0.3) {
			value = []string{"0", "-1", "abc", "1.5", "99999999999999999999", "%20", "1e3"}[g.v.pick(7)]
		}
		path = strings.Replace(path, "{"+name+"}", value, 1)
	}
	return path
}

// params renders the query string (with its leading "?") and the header parameters.
func (g *Generator) params(op Operation, broken bool) (string, map[string]string) {
	var pairs []string
	headers := map[string]string{}
	for _, pr := range op.params {
		p := pr.Value
		if p.In == openapi3.ParameterInPath || (!p.Required && !g.v.chance(0.4)) || (p.Required && broken && g.v.chance(0.2)) {
			continue
		}
		bad := broken && g.v.chance(0.35)
		switch p.In {
		case openapi3.ParameterInHeader:
			headers[p.Name] = g.etag(bad)
		case openapi3.ParameterInQuery:
			schema := p.Schema.Value
			if p.Name == "from" || p.Name == "to" || p.Name == "before" || p.Name == "after" {
				pairs = append(pairs, p.Name+"="+g.id(g.hid))
				continue
			}
			if schema.Type.Is(openapi3.TypeArray) && (p.Explode == nil || *p.Explode) {
				for range 1 + g.v.pick(2) {
					pairs = append(pairs, url.QueryEscape(p.Name)+"="+url.QueryEscape(g.v.queryValue(schema.Items.Value, p.Name, bad)))
				}
				continue
			}
			pairs = append(pairs, url.QueryEscape(p.Name)+"="+url.QueryEscape(g.v.queryValue(schema, p.Name, bad)))
			if bad && g.v.chance(0.2) { // the same single-value parameter twice
				pairs = append(pairs, pairs[len(pairs)-1])
			}
		}
	}
	if broken {
		switch g.v.pick(5) {
		case 0:
			pairs = append(pairs, "unknown_param=1")
		case 1:
			pairs = append(pairs, "li%zzmit=1")
		case 2:
			pairs = append(pairs, "limit=1;skip=2")
		case 3:
			pairs = append(pairs, "q=%ff%fe")
		}
	}
	if len(pairs) == 0 {
		return "", headers
	}
	return "?" + strings.Join(pairs, "&"), headers
}

// etag is an If-Match / If-None-Match value: a plausible version, "*", a list, or garbage.
func (g *Generator) etag(bad bool) string {
	if bad {
		return []string{"garbage", `W/"1"`, `"-1"`, `""`, `"1`, strings.Repeat(`"1",`, 100)}[g.v.pick(6)]
	}
	return []string{`"1"`, `"2"`, `"3"`, "*", `"1", "2"`}[g.v.pick(5)]
}

// body renders the request body and its content type (none when the operation takes no body).
func (g *Generator) body(op Operation, broken bool) ([]byte, string) {
	if op.op.RequestBody == nil {
		return nil, ""
	}
	media := op.op.RequestBody.Value.Content.Get("application/json")
	value := g.v.valid(media.Schema.Value, "")
	obj, isObj := value.(map[string]any)
	if isObj && op.ID == "instanceBulk" {
		g.bulkIDs(obj)
	}
	if broken {
		switch g.v.pick(10) {
		case 0:
			return []byte(`{"name": "unterminated`), "application/json"
		case 1:
			return []byte(`{"replicas": 2} trailing`), "application/json"
		case 2:
			return nil, "application/json"
		case 3:
			raw, _ := json.Marshal(value)
			return raw, []string{"text/plain", "application/x-www-form-urlencoded", ""}[g.v.pick(3)]
		case 4:
			return bytes.Repeat([]byte(" "), 1<<20+10), "application/json" // over the 1 MiB limit
		case 5:
			value = g.v.broken(nil)
		default:
			if isObj {
				g.breakObject(obj, media.Schema.Value)
			}
		}
	}
	raw, err := json.Marshal(value)
	if err != nil {
		raw = []byte(`{}`)
	}
	return raw, "application/json"
}

// bulkIDs aims a bulk request at known instances.
func (g *Generator) bulkIDs(obj map[string]any) {
	var ids []any
	for range 1 + g.v.pick(4) {
		id, _ := strconv.ParseInt(g.id(g.ids), 10, 64)
		if !slices.Contains(ids, any(id)) {
			ids = append(ids, id)
		}
	}
	obj["ids"] = ids
	if g.v.chance(0.7) {
		obj["dry_run"] = g.v.chance(0.5)
	}
}

// breakObject breaks one thing in an object: a field's value, a required field, an extra field.
func (g *Generator) breakObject(obj map[string]any, s *openapi3.Schema) {
	names := slices.Sorted(maps.Keys(s.Properties))
	switch {
	case len(s.Required) > 0 && g.v.chance(0.3):
		delete(obj, s.Required[g.v.pick(len(s.Required))])
	case g.v.chance(0.2):
		obj["not_a_field"] = 1
	case len(names) > 0:
		name := names[g.v.pick(len(names))]
		obj[name] = g.v.broken(s.Properties[name].Value)
	}
}
