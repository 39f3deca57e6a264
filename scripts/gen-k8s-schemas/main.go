// Command gen-k8s-schemas writes the JSON schemas that scripts/check-helm.sh validates the Helm
// chart's rendered manifests against (with kubeconform, offline), into deploy/helm/schemas.
//
//	go run ./scripts/gen-k8s-schemas            # the versions below; rewrites deploy/helm/schemas
//
// The sources are pinned Go modules, fetched with `go mod download` through the Go module proxy
// and checked against sum.golang.org like any other module:
//
//   - k8s.io/kubernetes@vX: api/openapi-spec/swagger.json, the OpenAPI description of the
//     built-in kinds. It is turned into one self-contained, strict schema per kind as kubeconform's
//     default schemas are made (openapi2jsonschema --expanded --kubernetes --stand-alone --strict):
//     $refs inlined, additionalProperties false on every object with properties, int-or-string and
//     quantities as oneOf, apiVersion and kind as enums, optional fields nullable. Files go to
//     v<version>-standalone-strict/<kind>[-<group>]-<version>.json, kubeconform's own layout.
//   - github.com/prometheus-operator/prometheus-operator@vX: the CRDs of ServiceMonitor and
//     PrometheusRule (jsonnet/prometheus-operator/*-crd.json), whose openAPIV3Schema becomes
//     crds/<group>/<kind>_<version>.json with additionalProperties false where the CRD leaves it
//     open (as kubeconform's openapi2jsonschema.py does for CRDs).
//
// Only the kinds the chart renders are written (kinds below): a template that renders a new kind
// fails `make lint` (kubeconform finds no schema) until it is added here and this is run again.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// The Kubernetes versions validated against: the oldest the chart supports (Chart.yaml's
// kubeVersion) and the newest release. Keep check-helm.sh's K8S_VERSIONS in step.
var kubernetesVersions = []string{"v1.30.14", "v1.37.2"}

const prometheusOperatorVersion = "v0.85.0"

// The built-in kinds the chart renders, by OpenAPI definition name.
var kinds = []string{
	"io.k8s.api.apps.v1.Deployment",
	"io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
	"io.k8s.api.core.v1.PersistentVolumeClaim",
	"io.k8s.api.core.v1.Pod",
	"io.k8s.api.core.v1.Secret",
	"io.k8s.api.core.v1.Service",
	"io.k8s.api.core.v1.ServiceAccount",
	"io.k8s.api.networking.v1.Ingress",
	"io.k8s.api.policy.v1.PodDisruptionBudget",
}

// The custom resources, by prometheus-operator's CRD file.
var crds = []string{"servicemonitors-crd.json", "prometheusrules-crd.json"}

type obj = map[string]any

func main() {
	out := flag.String("out", "deploy/helm/schemas", "output directory")
	flag.Parse()
	if err := os.RemoveAll(*out); err != nil {
		log.Fatal(err)
	}
	for _, v := range kubernetesVersions {
		dir := moduleDir("k8s.io/kubernetes", v)
		if err := writeKubernetes(filepath.Join(dir, "api/openapi-spec/swagger.json"), filepath.Join(*out, v+"-standalone-strict")); err != nil {
			log.Fatalf("kubernetes %s: %v", v, err)
		}
	}
	dir := moduleDir("github.com/prometheus-operator/prometheus-operator", prometheusOperatorVersion)
	for _, f := range crds {
		if err := writeCRD(filepath.Join(dir, "jsonnet/prometheus-operator", f), filepath.Join(*out, "crds")); err != nil {
			log.Fatalf("%s: %v", f, err)
		}
	}
}

// moduleDir downloads module@version into the module cache (read-only) and returns its directory.
func moduleDir(module, version string) string {
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+version)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		log.Fatalf("go mod download %s@%s: %v", module, version, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(raw, &info); err != nil || info.Dir == "" {
		log.Fatalf("go mod download %s@%s: %v %s", module, version, err, info.Error)
	}
	return info.Dir
}

func writeKubernetes(swagger, out string) error {
	var spec struct {
		Definitions map[string]obj `json:"definitions"`
	}
	if err := readJSON(swagger, &spec); err != nil {
		return err
	}
	defs := spec.Definitions
	defs["io.k8s.apimachinery.pkg.util.intstr.IntOrString"] = obj{"oneOf": []any{obj{"type": "string"}, obj{"type": "integer"}}}
	// Not in the API, but every Kubernetes tool accepts a number as a quantity (cpu: 1).
	defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = obj{"oneOf": []any{obj{"type": "string"}, obj{"type": "number"}}}
	for _, d := range defs {
		gvks, _ := d["x-kubernetes-group-version-kind"].([]any)
		props, _ := d["properties"].(obj)
		for _, g := range gvks {
			gvk := g.(obj)
			apiVersion := gvk["version"].(string)
			if group := gvk["group"].(string); group != "" {
				apiVersion = group + "/" + apiVersion
			}
			if p, ok := props["apiVersion"].(obj); ok {
				appendEnum(p, apiVersion)
			}
			if p, ok := props["kind"].(obj); ok {
				appendEnum(p, gvk["kind"].(string))
			}
		}
	}
	for _, name := range kinds {
		d, ok := defs[name]
		if !ok {
			return fmt.Errorf("no definition %s", name)
		}
		s, err := inline(d, defs, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		schema := s.(obj)
		strict(schema)
		schema["additionalProperties"] = false
		if _, ok := schema["type"]; !ok {
			schema["type"] = "object"
		}
		nullableOptional(schema)
		prune(schema)
		schema["$schema"] = "http://json-schema.org/schema#"
		parts := strings.Split(name, ".")
		kind, version, group := strings.ToLower(parts[len(parts)-1]), parts[len(parts)-2], parts[len(parts)-3]
		file := kind + "-" + group + "-" + version + ".json"
		if group == "core" {
			file = kind + "-" + version + ".json"
		}
		if err := writeJSON(filepath.Join(out, file), schema); err != nil {
			return err
		}
	}
	return nil
}

// inline replaces every {"$ref": "#/definitions/X"} by a copy of X, itself inlined.
func inline(v any, defs map[string]obj, stack []string) (any, error) {
	switch t := v.(type) {
	case obj:
		if ref, ok := t["$ref"].(string); ok {
			name := strings.TrimPrefix(ref, "#/definitions/")
			if slices.Contains(stack, name) {
				return nil, fmt.Errorf("recursive definition %s", name)
			}
			d, ok := defs[name]
			if !ok {
				return nil, fmt.Errorf("unknown $ref %s", ref)
			}
			return inline(d, defs, append(stack, name))
		}
		o := make(obj, len(t))
		for k, e := range t {
			c, err := inline(e, defs, stack)
			if err != nil {
				return nil, err
			}
			o[k] = c
		}
		if f, _ := o["format"].(string); f == "int-or-string" {
			return obj{"oneOf": []any{obj{"type": "string"}, obj{"type": "integer"}}}, nil
		}
		return o, nil
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			c, err := inline(e, defs, stack)
			if err != nil {
				return nil, err
			}
			l[i] = c
		}
		return l, nil
	}
	return v, nil
}

// strict forbids properties a schema does not name: additionalProperties false on every object
// that has properties and says nothing about others (as kubectl's client-side validation did).
func strict(v any) {
	switch t := v.(type) {
	case obj:
		if _, ok := t["properties"]; ok {
			if _, set := t["additionalProperties"]; !set {
				t["additionalProperties"] = false
			}
		}
		for _, e := range t {
			strict(e)
		}
	case []any:
		for _, e := range t {
			strict(e)
		}
	}
}

// nullableOptional lets an optional field be null (the API server reads null as unset), as
// kubeconform's schemas do: a property's type gains "null" unless its object requires it.
func nullableOptional(v any) {
	switch t := v.(type) {
	case obj:
		if props, ok := t["properties"].(obj); ok {
			required, _ := t["required"].([]any)
			for name, p := range props {
				ps, ok := p.(obj)
				if !ok {
					continue
				}
				if typ, ok := ps["type"].(string); ok && typ != "null" && !slices.Contains(required, any(name)) {
					ps["type"] = []any{typ, "null"}
				}
			}
		}
		for _, e := range t {
			nullableOptional(e)
		}
	case []any:
		for _, e := range t {
			nullableOptional(e)
		}
	}
}

// prune drops what validation does not read — descriptions and the x-kubernetes-* extensions —
// which are most of the bytes. Keys of a properties map are field names, kept whatever they are.
func prune(v any) {
	switch t := v.(type) {
	case obj:
		for k, e := range t {
			if k == "description" || strings.HasPrefix(k, "x-kubernetes-") {
				delete(t, k)
				continue
			}
			if props, ok := e.(obj); ok && (k == "properties" || k == "patternProperties") {
				for _, p := range props {
					prune(p)
				}
				continue
			}
			prune(e)
		}
	case []any:
		for _, e := range t {
			prune(e)
		}
	}
}

func appendEnum(p obj, value string) {
	enum, _ := p["enum"].([]any)
	if !slices.Contains(enum, any(value)) {
		p["enum"] = append(enum, value)
	}
}

func writeCRD(file, out string) error {
	var crd struct {
		Spec struct {
			Group string `json:"group"`
			Names struct {
				Kind string `json:"kind"`
			} `json:"names"`
			Versions []struct {
				Name   string `json:"name"`
				Schema struct {
					OpenAPIV3Schema obj `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := readJSON(file, &crd); err != nil {
		return err
	}
	for _, v := range crd.Spec.Versions {
		s := v.Schema.OpenAPIV3Schema
		if s == nil {
			return fmt.Errorf("version %s has no openAPIV3Schema", v.Name)
		}
		for _, e := range s {
			strict(e) // the root stays open, as openapi2jsonschema.py leaves it
		}
		prune(s)
		name := strings.ToLower(crd.Spec.Names.Kind) + "_" + v.Name + ".json"
		if err := writeJSON(filepath.Join(out, crd.Spec.Group, name), s); err != nil {
			return err
		}
	}
	return nil
}

func readJSON(file string, v any) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep integers such as int64 bounds exact
	return dec.Decode(v)
}

// writeJSON writes compact JSON (a quarter of the size indented) with sorted keys, so the same
// sources always give the same bytes.
func writeJSON(file string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	fmt.Println("wrote", file)
	return os.WriteFile(file, buf.Bytes(), 0o644)
}
