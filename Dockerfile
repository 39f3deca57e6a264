# syntax=docker/dockerfile:1
#
# IIMS container image: one static binary (web UI embedded) on distroless, running as non-root.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t iims .
#   docker run -p 8000:8000 -v iims-data:/data --name iims iims
#   docker exec iims /iims token create --name admin --role admin     # the first API token
#
# The build stages run on the build machine's platform and cross-compile (pure Go, CGO_ENABLED=0),
# so multi-arch builds (docker buildx --platform linux/amd64,linux/arm64) need no emulation.

ARG NODE_IMAGE=node:20-bookworm
ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

# ---- 1. web UI: frontend/ → internal/web/dist ---------------------------------------------------
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS web
WORKDIR /src
# The lockfile is written by npm 11 (see README); use the same major to install it.
RUN --mount=type=cache,target=/root/.npm \
    npm install --global --no-audit --no-fund npm@11
COPY frontend/package.json frontend/package-lock.json frontend/
RUN --mount=type=cache,target=/root/.npm \
    npm --prefix frontend ci --no-audit --no-fund
COPY frontend/ frontend/
# vite writes to ../internal/web/dist (outDir), which the Go binary embeds.
RUN mkdir -p internal/web/dist && npm --prefix frontend run build

# ---- 2. the binary ------------------------------------------------------------------------------
FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build
ARG TARGETOS
ARG TARGETARCH
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
COPY --from=web /src/internal/web/dist/ internal/web/dist/
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath \
      -ldflags "-s -w -X github.com/iims/iims/internal/version.Version=${VERSION}" \
      -o /out/iims ./cmd/iims
# The data directory, owned by distroless's nonroot user (uid/gid 65532). A named volume mounted
# on /data starts as a copy of it, so SQLite can create its database and WAL files there. It is
# copied as an entry of /out/root (not as a COPY destination), so it keeps owner and mode.
RUN mkdir -p /out/root/data && chown 65532:65532 /out/root/data && chmod 0750 /out/root/data

# ---- 3. runtime ---------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
ARG RUNTIME_IMAGE
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=https://github.com/iims/iims
LABEL org.opencontainers.image.title="IIMS" \
      org.opencontainers.image.description="Inference Instances Management System: LLM inference deployments and the audited history of every change" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}/tree/main/docs" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

COPY --from=build /out/iims /iims
COPY --from=build --chown=65532:65532 /out/root/ /

# Listen on every interface inside the container, with API tokens required (AUTH=token): make the
# first one with `docker exec <container> /iims token create --name admin --role admin`, which
# prints it once (docs/security.md; AUTH=proxy behind an SSO proxy). SQLite lives on the volume;
# set DATABASE_URL=postgresql://… to use PostgreSQL instead (see docker-compose.yml).
ENV HOST=0.0.0.0 \
    PORT=8000 \
    AUTH=token \
    DATABASE_URL=sqlite:////data/inference_instances.db
# .env (optional) and app.log (LOG_TO_FILE=true) are read from / written to the working directory.
WORKDIR /data
VOLUME ["/data"]
USER 65532:65532
EXPOSE 8000

# No shell or curl in the image: the binary probes its own http://127.0.0.1:$PORT/ready
# (exit 0 = ready: the database answers and every migration is applied).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/iims", "healthcheck"]

# SIGTERM (docker stop) drains in-flight requests for SHUTDOWN_TIMEOUT (15s) before exiting;
# docker stop's default grace period is 10s, so use `docker stop -t 20` or compose's stop_grace_period.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/iims"]
CMD ["serve"]
