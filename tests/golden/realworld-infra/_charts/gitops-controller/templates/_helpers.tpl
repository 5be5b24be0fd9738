{{/* Create argocd name and version as used by the chart label. */}}
{{- define "argo-cd.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "argo-cd.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "argo-cd.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Create the name of the service account to use */}}
{{- define "argo-cd.controllerServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
    {{ default (include "argo-cd.controller.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
    {{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{- define "argo-cd.controller.fullname" -}}
{{- printf "%s-%s" (include "argo-cd.fullname" .) .Values.controller.name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "argo-cd.repoServer.fullname" -}}
{{- printf "%s-%s" (include "argo-cd.fullname" .) .Values.repoServer.name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* Common labels: called with a dict holding `context`, `component` and `name` */}}
{{- define "argo-cd.labels" -}}
helm.sh/chart: {{ include "argo-cd.chart" .context }}
{{ include "argo-cd.selectorLabels" (dict "context" .context "component" .component "name" .name) }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/part-of: argocd
app.kubernetes.io/version: {{ include "argo-cd.versionLabelValue" .context }}
{{- with .context.Values.global.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "argo-cd.selectorLabels" -}}
{{- if .name -}}
app.kubernetes.io/name: {{ include "argo-cd.name" .context }}-{{ .name }}
{{ end -}}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "argo-cd.versionLabelValue" -}}
{{ regexReplaceAll "[^-A-Za-z0-9_.]" (default (include "argo-cd.defaultTag" .) .Values.global.image.tag) "-" | trunc 63 | trimAll "-" | trimAll "_" | trimAll "." | quote }}
{{- end -}}

{{- define "argo-cd.defaultTag" -}}
  {{- default .Chart.AppVersion .Values.global.image.tag }}
{{- end -}}

{{- define "argo-cd.namespace" -}}
{{- if .Values.namespaceOverride -}}
{{- .Values.namespaceOverride -}}
{{- else -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end }}

{{/* Return valid version label */}}
{{- define "argo-cd.kubeVersion" -}}
  {{- $kubeVersion := default .Capabilities.KubeVersion.Version .Values.kubeVersionOverride -}}
  {{- if and (not (empty $kubeVersion)) (semverCompare "<1.29.0-0" $kubeVersion) -}}
    {{- print "legacy" -}}
  {{- else -}}
    {{- print "current" -}}
  {{- end -}}
{{- end -}}

{{/* Return the appropriate apiVersion for autoscaling */}}
{{- define "argo-cd.apiVersion.autoscaling" -}}
{{- if .Values.apiVersionOverrides.autoscaling -}}
{{- print .Values.apiVersionOverrides.autoscaling -}}
{{- else if .Capabilities.APIVersions.Has "autoscaling/v2" -}}
{{- print "autoscaling/v2" -}}
{{- else -}}
{{- print "autoscaling/v2beta2" -}}
{{- end -}}
{{- end -}}

{{/* Argo Configuration Preset Values (Influenced by Values configuration) */}}
{{- define "argo-cd.config.cm.presets" -}}
{{- $presets := dict -}}
{{- $_ := set $presets "url" (printf "https://%s" (required "A valid .Values.global.domain entry is required!" .Values.global.domain)) -}}
{{- if .Values.configs.styles -}}
{{- $_ := set $presets "ui.cssurl" "./custom/custom.styles.css" -}}
{{- end -}}
{{- toYaml $presets }}
{{- end -}}

{{/* Merge Argo Configuration with Preset Configuration */}}
{{- define "argo-cd.config.cm" -}}
{{- $config := omit .Values.configs.cm "create" "annotations" -}}
{{- $preset := include "argo-cd.config.cm.presets" . | fromYaml | default dict -}}
{{- range $key, $value := mergeOverwrite $preset $config }}
{{- $fmted := $value | toString }}
{{- if not (eq $fmted "") }}
{{ $key }}: {{ $fmted | toYaml }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Argo Params Default Configuration Presets */}}
{{- define "argo-cd.config.params.presets" -}}
repo.server: "{{ template "argo-cd.repoServer.fullname" . }}:{{ .Values.repoServer.containerPorts.server }}"
server.repo.server.strict.tls: false
controller.log.format: {{ .Values.global.logging.format | quote }}
controller.log.level: {{ .Values.global.logging.level | quote }}
{{- end -}}

{{- define "argo-cd.config.params" -}}
{{- $config := omit .Values.configs.params "create" "annotations" }}
{{- $preset := include "argo-cd.config.params.presets" . | fromYaml | default dict -}}
{{- range $key, $value := mergeOverwrite (deepCopy $preset) $config }}
{{ $key }}: {{ toString $value | toYaml }}
{{- end }}
{{- end -}}

{{/* Expand the pod affinity from global and component settings */}}
{{- define "argo-cd.affinity" -}}
{{- with .component.affinity -}}
  {{- toYaml . -}}
{{- else -}}
{{- $preset := .context.Values.global.affinity -}}
{{- if (eq $preset.podAntiAffinity "soft") }}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
  - weight: 100
    podAffinityTerm:
      labelSelector:
        matchLabels:
          app.kubernetes.io/name: {{ include "argo-cd.name" .context }}-{{ .component.name }}
      topologyKey: kubernetes.io/hostname
{{- else if (eq $preset.podAntiAffinity "hard") }}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
  - labelSelector:
      matchLabels:
        app.kubernetes.io/name: {{ include "argo-cd.name" .context }}-{{ .component.name }}
    topologyKey: kubernetes.io/hostname
{{- end }}
{{- with $preset.nodeAffinity.matchExpressions }}
nodeAffinity:
{{- if (eq $preset.nodeAffinity.type "soft") }}
  preferredDuringSchedulingIgnoredDuringExecution:
  - weight: 1
    preference:
      matchExpressions:
      {{- toYaml . | nindent 6 }}
{{- else if (eq $preset.nodeAffinity.type "hard") }}
  requiredDuringSchedulingIgnoredDuringExecution:
    nodeSelectorTerms:
    - matchExpressions:
      {{- toYaml . | nindent 6 }}
{{- end }}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Deployment strategy: component value wins over global */}}
{{- define "argo-cd.strategy" -}}
{{- $preset := .context.Values.global.deploymentStrategy | deepCopy -}}
{{- $strategy := mergeOverwrite $preset (.component.deploymentStrategy | default dict) -}}
{{- with $strategy }}
strategy:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* cert-manager style helpers */}}
{{- define "webhook.fullname" -}}
{{- $trimmedName := printf "%s" (include "argo-cd.fullname" .) | trunc 55 | trimSuffix "-" -}}
{{- printf "%s-webhook" $trimmedName | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "webhook.caRef" -}}
{{- template "argo-cd.namespace" }}/{{ template "webhook.fullname" . }}-ca
{{- end -}}

{{- define "cert-manager.podSecurityContext" -}}
{{- $ctx := deepCopy .Values.podSecurityContext -}}
{{- if and (not (hasKey $ctx "fsGroup")) .Values.webhook.hostNetwork -}}
{{- $_ := set $ctx "fsGroup" 1001 -}}
{{- end -}}
{{- toYaml $ctx -}}
{{- end -}}

{{- define "webhook.url" -}}
{{- if .Values.webhook.url.host -}}
{{- printf "https://%s/validate" .Values.webhook.url.host -}}
{{- end -}}
{{- end -}}

{{/* Labels that should be added on each resource (cert-manager style, keys sorted by toYaml) */}}
{{- define "webhook.labels" -}}
{{- $labels := dict "app" (include "webhook.fullname" .) "app.kubernetes.io/name" "webhook" "app.kubernetes.io/instance" .Release.Name "app.kubernetes.io/component" "webhook" -}}
{{- if .Values.global.commonLabels }}
{{- $labels = merge $labels .Values.global.commonLabels -}}
{{- end }}
{{- toYaml $labels -}}
{{- end -}}
