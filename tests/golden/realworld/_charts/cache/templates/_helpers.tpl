{{- define "cache.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global) }}
{{- end -}}

{{- define "cache.metrics.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.metrics.image "global" .Values.global) }}
{{- end -}}

{{- define "cache.secretName" -}}
{{- if .Values.auth.existingSecret -}}
{{- tpl .Values.auth.existingSecret $ -}}
{{- else -}}
{{- include "common.names.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "cache.secretPasswordKey" -}}
{{- if and .Values.auth.existingSecret .Values.auth.existingSecretPasswordKey -}}
{{- tpl .Values.auth.existingSecretPasswordKey $ -}}
{{- else -}}
{{- print "cache-password" -}}
{{- end -}}
{{- end -}}

{{/* The disabled commands as rename-command lines. */}}
{{- define "cache.disabledCommands" -}}
{{- range (.Values.primary.disableCommands | sortAlpha | uniq) }}
rename-command {{ . }} ""
{{- end }}
{{- end -}}

{{- define "cache.checkRollingTags" -}}
{{- include "common.warnings.rollingTag" .Values.image }}
{{- end -}}
