# IIMS — build, run and test. `make run` and `make test` are the two commands a new user needs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

GO       ?= go
GOTOOL   := $(GO) tool -modfile=tools/go.mod
# golangci-lint has a module of its own (tools/golangci-lint/go.mod says why).
GOLANGCI := $(GO) tool -modfile=tools/golangci-lint/go.mod golangci-lint
# air (make dev) has a module of its own too, for the same reason.
AIR      := $(GO) tool -modfile=tools/air/go.mod air
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X github.com/iims/iims/internal/version.Version=$(VERSION)
PORT          ?= 8000
FRONTEND_PORT ?= 5173
NPM      := npm --prefix frontend --no-audit --no-fund

.PHONY: run dev dev-backend dev-frontend build frontend backend deps generate verify lint vuln helm-schemas test test-go test-frontend test-bundle test-e2e test-sdk test-fuzz fuzz fuzz-http bench bench-http clean help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

run: build ## build everything and serve UI + API on http://localhost:$(PORT) (SQLite by default)
	./bin/iims serve --port $(PORT)

dev: frontend/node_modules ## Go server rebuilt and restarted on change (air) + Vite hot reload: UI on :$(FRONTEND_PORT)
	@trap 'kill 0' EXIT; PORT=$(PORT) $(AIR) -c .air.toml & \
	PORT=$(PORT) FRONTEND_PORT=$(FRONTEND_PORT) $(NPM) run dev

dev-backend: ## only the Go server on :$(PORT), rebuilt and restarted on change (air)
	PORT=$(PORT) $(AIR) -c .air.toml

dev-frontend: frontend/node_modules ## only the Vite dev server on :$(FRONTEND_PORT), proxying /api (and its WebSocket) to :$(PORT)
	PORT=$(PORT) FRONTEND_PORT=$(FRONTEND_PORT) $(NPM) run dev

build: frontend backend ## the single binary bin/iims with the web UI embedded

frontend/node_modules: frontend/package-lock.json
	$(NPM) ci
	@touch frontend/node_modules

deps: frontend/node_modules ## install the frontend's npm dependencies (npm ci)

frontend: frontend/node_modules ## build the web UI into internal/web/dist
	$(NPM) run build

backend: ## build bin/iims (embeds whatever internal/web/dist holds)
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/iims ./cmd/iims

generate: frontend/node_modules ## regenerate every generated file from api/openapi.yaml and db/
	$(GOTOOL) oapi-codegen -config oapi-codegen.yaml api/openapi.yaml
	$(GOTOOL) oapi-codegen -config oapi-codegen-client.yaml api/openapi.yaml
	scripts/mysql-schema-for-sqlc.sh
	$(GOTOOL) sqlc generate
	$(NPM) run gen:api

verify: generate ## fail when generated code drifts from the spec/queries or engine queries differ
	@git diff --exit-code --stat -- gen frontend/src/api || { echo "generated code is stale: run make generate and commit" >&2; exit 1; }
	@test -z "$$(git status --porcelain -- gen frontend/src/api)" || { git status --porcelain -- gen frontend/src/api; echo "untracked generated files: run make generate and commit" >&2; exit 1; }
	scripts/check-query-parity.sh

lint: frontend/node_modules ## go vet, gofmt, golangci-lint, ESLint, the OpenAPI linter, actionlint, compose config, the Helm chart
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal api db bench scripts)" || { gofmt -l cmd internal api db bench scripts; echo "gofmt needed" >&2; exit 1; }
	$(GOLANGCI) run ./...
	$(NPM) run lint
	$(NPM) run lint:api
	$(GOTOOL) actionlint
	scripts/check-compose.sh
	scripts/check-helm.sh

vuln: ## known vulnerabilities in the code IIMS calls (govulncheck; needs vuln.go.dev, so CI runs it, not make test)
	$(GOTOOL) govulncheck ./...

helm-schemas: ## regenerate deploy/helm/schemas (the Kubernetes schemas make lint validates the chart against)
	$(GO) run ./scripts/gen-k8s-schemas

test: ## install what the tests need and run every test (Go on SQLite + PostgreSQL, UI unit, end-to-end)
	scripts/ensure-test-deps.sh
	$(MAKE) --no-print-directory deps verify lint test-frontend build test-bundle test-e2e test-sdk test-go test-fuzz

test-go: ## Go tests with the race detector; starts its own throwaway PostgreSQL
	$(GO) test -race -count=1 ./...

test-frontend: frontend/node_modules ## type-check and unit-test the web UI
	$(NPM) run typecheck
	$(NPM) test

test-bundle: ## initial JS of the built UI (gzipped) must stay under 350 KB
	$(NPM) run budget

test-e2e: ## drive the real binary in headless Chromium
	IIMS_BIN=$(CURDIR)/bin/iims $(NPM) run e2e

test-sdk: ## a third-party TypeScript SDK (@hey-api/openapi-ts) generated from the spec drives the real binary
	IIMS_BIN=$(CURDIR)/bin/iims $(NPM) run sdk

test-fuzz: ## every Go fuzz target for a few seconds (FUZZTIME=5s); the bounded spec-driven HTTP fuzz runs in test-go
	scripts/fuzz.sh $(or $(FUZZTIME),5s)

fuzz: ## long fuzzing: each Go fuzz target for 2 minutes, then fuzz-http
	scripts/fuzz.sh $(or $(FUZZTIME),2m)
	$(MAKE) --no-print-directory fuzz-http

fuzz-http: ## the spec-driven HTTP fuzz against the real server on both engines (FUZZ_REQUESTS=200000 per engine)
	IIMS_FUZZ_REQUESTS=$(or $(FUZZ_REQUESTS),200000) $(GO) test -count=1 -v -run TestSpecDrivenFuzz -timeout 120m ./internal/specfuzz/ | grep -E 'requests in|invariants|violation|→|FAIL|PASS|^ok'

bench: ## load benchmarks (minutes; not part of make test): fan-out latency, export, list at scale
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./bench/

bench-http: build ## workload W1 side by side (echo, SQLite and PostgreSQL ceilings, IIMS on both): docs/benchmarks.md
	bench/w1/all.sh

clean: ## remove build output
	rm -rf bin frontend/node_modules test-results
	find internal/web/dist -mindepth 1 ! -name .gitkeep -delete
