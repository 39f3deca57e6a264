{{/* Names and labels, as `helm create` makes them. */}}
{{- define "iims.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "iims.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "iims.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iims.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "iims.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "iims.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "iims.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "iims.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
"true" when the database is SQLite: the built-in default (no url, no existingSecret) or a
sqlite: URL. A Secret the chart cannot read is taken for a server database (values.yaml says so).
*/}}
{{- define "iims.sqlite" -}}
{{- $db := .Values.database }}
{{- if or (and (not $db.url) (not $db.existingSecret)) (hasPrefix "sqlite:" ($db.url | default "" | lower)) }}true{{ end }}
{{- end }}

{{/* The Secret and key DATABASE_URL comes from ("" on the built-in SQLite default). */}}
{{- define "iims.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecret }}
{{- else if .Values.database.url }}{{ include "iims.fullname" . }}-database
{{- end }}
{{- end }}

{{- define "iims.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecretKey }}{{ else }}DATABASE_URL{{ end }}
{{- end }}

{{/*
Refuse, at template time, what would break at run time. Included by the Deployment, so
`helm template` and `helm install` fail with the reason instead of making a broken release.
*/}}
{{- define "iims.validate" -}}
{{- $sqlite := include "iims.sqlite" . }}
{{- if and $sqlite (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "replicaCount is %d but the database is SQLite (%s): only one process may write a SQLite file. Set database.url or database.existingSecret to a postgresql:// or mysql:// database, or replicaCount: 1." (int .Values.replicaCount) (.Values.database.url | default "the built-in default")) }}
{{- end }}
{{- if and $sqlite .Values.autoscaling.enabled }}
{{- fail "autoscaling.enabled needs a server database (PostgreSQL): on SQLite only one process may write the file. Set database.url or database.existingSecret, or autoscaling.enabled: false." }}
{{- end }}
{{- if and .Values.database.url .Values.database.existingSecret }}
{{- fail "set database.url or database.existingSecret, not both" }}
{{- end }}
{{- if not (has "ready" .Values.auth.public) }}
{{- fail "auth.public must list ready: the readiness probe calls /ready without credentials" }}
{{- end }}
{{- if and (has "off" (splitList "," .Values.auth.mode)) (ne (toString (index .Values.env "AUTH_ALLOW_OPEN" | default "")) "true") }}
{{- fail "auth.mode off: the server refuses it on a pod's network address unless env.AUTH_ALLOW_OPEN is \"true\" (docs/security.md); use token and/or proxy" }}
{{- end }}
{{- if and .Values.metrics.serviceMonitor.enabled (not (has "metrics" .Values.auth.public)) (not .Values.metrics.serviceMonitor.tokenSecret.name) }}
{{- fail "metrics.serviceMonitor.enabled: /metrics needs a viewer token. Set metrics.serviceMonitor.tokenSecret.name to a Secret holding one (values.yaml says how to make it), or add metrics to auth.public." }}
{{- end }}
{{- end }}
