#!/usr/bin/env bash
# Checks the Helm chart (deploy/helm/iims), offline, as `make lint` does:
#   1. files/alerts.yml is deploy/prometheus/alerts.yml (Helm reads only files inside the chart,
#      and the chart keeps no symlink: a copy, held equal here);
#   2. `helm lint --strict` and `helm template` with every value set in ci/*-values.yaml, each
#      rendered document validated by kubeconform against the vendored schemas of the oldest and
#      the newest Kubernetes supported (deploy/helm/schemas, made by scripts/gen-k8s-schemas:
#      strict, so a misspelt or misplaced field fails; a kind without a schema fails too);
#   3. every value set in ci/fail/ must be refused at template time with the message its first
#      line names (# expect: …), e.g. SQLite with more than one replica.
# helm and kubeconform are the versions pinned in tools/go.mod.
set -euo pipefail
cd "$(dirname "$0")/.."

CHART=deploy/helm/iims
SCHEMAS=deploy/helm/schemas
# Keep in step with scripts/gen-k8s-schemas (kubernetesVersions) and Chart.yaml's kubeVersion.
K8S_VERSIONS=(1.30.14 1.37.2)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! cmp -s deploy/prometheus/alerts.yml "$CHART/files/alerts.yml"; then
  echo "$CHART/files/alerts.yml differs from deploy/prometheus/alerts.yml: cp deploy/prometheus/alerts.yml $CHART/files/alerts.yml" >&2
  exit 1
fi

# Build both tools once (the first build takes a minute or two, then Go's cache answers), rather
# than through `go tool` on each of the thirty calls below.
go build -modfile=tools/go.mod -o "$tmp/bin/" helm.sh/helm/v3/cmd/helm github.com/yannh/kubeconform/cmd/kubeconform
helm=("$tmp/bin/helm")
kubeconform=("$tmp/bin/kubeconform")

failures=0
for values in "$CHART"/ci/*-values.yaml; do
  set_name=$(basename "$values" -values.yaml)
  for k8s in "${K8S_VERSIONS[@]}"; do
    out="$tmp/$set_name-$k8s.yaml"
    if ! "${helm[@]}" lint --strict --quiet --kube-version "$k8s" -f "$values" "$CHART" >"$tmp/lint.txt" 2>&1; then
      cat "$tmp/lint.txt" >&2
      echo "helm lint failed: $set_name on Kubernetes $k8s" >&2
      failures=$((failures + 1))
      continue
    fi
    if ! "${helm[@]}" template iims "$CHART" --namespace iims --kube-version "$k8s" -f "$values" >"$out" 2>"$tmp/err.txt"; then
      cat "$tmp/err.txt" >&2
      echo "helm template failed: $set_name on Kubernetes $k8s" >&2
      failures=$((failures + 1))
      continue
    fi
    # Only the vendored schemas (no "default" location: nothing is fetched). Built-in kinds by
    # kubeconform's own file layout, custom resources by group/kind_version.
    if ! "${kubeconform[@]}" -strict -summary -kubernetes-version "$k8s" \
      -schema-location "$SCHEMAS/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json" \
      -schema-location "$SCHEMAS/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" \
      "$out" >"$tmp/kc.txt" 2>&1; then
      cat "$tmp/kc.txt" >&2
      echo "kubeconform failed: $set_name on Kubernetes $k8s" >&2
      failures=$((failures + 1))
      continue
    fi
    echo "helm chart: $set_name on Kubernetes $k8s: $(tail -n 1 "$tmp/kc.txt")"
  done
done

# What each value set must render: the scale-out set everything optional, the default a PVC.
need_kinds() {
  local file=$1; shift
  for kind in "$@"; do
    grep -q "^kind: $kind\$" "$file" || { echo "$file: no $kind rendered" >&2; failures=$((failures + 1)); }
  done
}
need_kinds "$tmp/postgresql-${K8S_VERSIONS[0]}.yaml" Deployment Service ServiceAccount PodDisruptionBudget Ingress ServiceMonitor PrometheusRule
need_kinds "$tmp/sqlite-${K8S_VERSIONS[0]}.yaml" Deployment Service PersistentVolumeClaim
need_kinds "$tmp/postgresql-url-autoscaling-${K8S_VERSIONS[0]}.yaml" HorizontalPodAutoscaler Secret ServiceMonitor
# The alerts go through untemplated: their own {{ $labels }} must reach Prometheus as written.
grep -qF '{{ $labels.instance }}' "$tmp/postgresql-${K8S_VERSIONS[0]}.yaml" \
  || { echo "the PrometheusRule lost the alerts' {{ \$labels }} templates" >&2; failures=$((failures + 1)); }

# Every variable the chart sets must be one the server reads (internal/config's env tags).
for name in $(grep -hoE '^ +- name: [A-Z_]+$' "$tmp"/*.yaml | awk '{print $3}' | sort -u); do
  grep -qF "env:\"$name\"" internal/config/config.go \
    || { echo "helm chart: sets $name, which internal/config does not read" >&2; failures=$((failures + 1)); }
done

for values in "$CHART"/ci/fail/*.yaml; do
  expect=$(sed -n '1s/^# expect: //p' "$values")
  [ -n "$expect" ] || { echo "$values: the first line must be '# expect: <message>'" >&2; exit 1; }
  if "${helm[@]}" template iims "$CHART" --kube-version "${K8S_VERSIONS[0]}" -f "$values" >/dev/null 2>"$tmp/err.txt"; then
    echo "helm chart: $(basename "$values") rendered, but must be refused ($expect)" >&2
    failures=$((failures + 1))
  elif ! grep -qF -- "$expect" "$tmp/err.txt"; then
    cat "$tmp/err.txt" >&2
    echo "helm chart: $(basename "$values") was refused, but not with: $expect" >&2
    failures=$((failures + 1))
  else
    echo "helm chart: $(basename "$values") refused as it must be"
  fi
done

if [ "$failures" -gt 0 ]; then
  echo "helm chart: $failures check(s) failed" >&2
  exit 1
fi
echo "helm chart: OK"
