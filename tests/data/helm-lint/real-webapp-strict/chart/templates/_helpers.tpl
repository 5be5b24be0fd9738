{{/*
Expand the name of the chart.
*/}}
{{- define "webapp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, truncated at 63 characters
because some Kubernetes name fields are limited to this (by the DNS naming spec).
*/}}
{{- define "webapp.fullname" -}}
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

{{- define "webapp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Render a value that may contain a template, as bitnami's common.tplvalues.render does.
Usage: {{ include "webapp.tplvalues.render" (dict "value" .Values.x "context" $) }}
*/}}
{{- define "webapp.tplvalues.render" -}}
{{- $value := typeIs "string" .value | ternary .value (.value | toYaml) }}
{{- if contains "{{" (toJson .value) }}
  {{- tpl $value .context }}
{{- else }}
  {{- $value }}
{{- end }}
{{- end -}}

{{- define "webapp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "webapp.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{- define "webapp.labels" -}}
helm.sh/chart: {{ include "webapp.chart" .context }}
{{ include "webapp.selectorLabels" . }}
{{- if .context.Chart.AppVersion }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
{{- range $key, $value := .context.Values.commonLabels }}
{{ $key }}: {{ include "webapp.tplvalues.render" (dict "value" $value "context" $.context) | quote }}
{{- end }}
{{- end }}

{{- define "webapp.annotations" -}}
{{- $annotations := merge (deepCopy (default dict .extra)) .context.Values.commonAnnotations }}
{{- if $annotations }}
annotations:
  {{- include "webapp.tplvalues.render" (dict "value" $annotations "context" .context) | nindent 2 }}
{{- end }}
{{- end }}

{{- define "webapp.image" -}}
{{- $registry := default .image.registry .global.imageRegistry -}}
{{- $tag := default .appVersion .image.tag | toString -}}
{{- if .image.digest }}
{{- printf "%s/%s@%s" $registry .image.repository .image.digest }}
{{- else }}
{{- printf "%s/%s:%s" $registry .image.repository $tag }}
{{- end }}
{{- end }}

{{- define "webapp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "webapp.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "webapp.host" -}}
{{- $host := .host | default (printf "%s.%s" "api" .context.Values.global.domain) -}}
{{- $host | lower -}}
{{- end }}

{{- define "webapp.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "webapp.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "webapp.postgresql.password" -}}
{{- $secret := lookup "v1" "Secret" .Release.Namespace (include "webapp.postgresql.fullname" .) -}}
{{- if .Values.postgresql.auth.password -}}
{{- .Values.postgresql.auth.password -}}
{{- else if and $secret $secret.data -}}
{{- index $secret.data "password" | b64dec -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Release.Namespace | sha256sum | trunc 24 -}}
{{- end -}}
{{- end }}

{{- define "webapp.databaseURL" -}}
{{- printf "postgres://%s@%s:%d/%s?sslmode=disable" .Values.postgresql.auth.username (include "webapp.postgresql.fullname" .) (int .Values.postgresql.port) .Values.postgresql.auth.database }}
{{- end }}

{{- define "webapp.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "webapp.pdb.apiVersion" -}}
{{- if .Capabilities.APIVersions.Has "policy/v1" -}}
policy/v1
{{- else -}}
policy/v1beta1
{{- end -}}
{{- end }}

{{- define "webapp.hpa.apiVersion" -}}
{{- if semverCompare ">=1.23-0" .Capabilities.KubeVersion.Version -}}
autoscaling/v2
{{- else -}}
autoscaling/v2beta2
{{- end -}}
{{- end }}
