{{/* Name of the primary objects. */}}
{{- define "dbstack.v1.primary.fullname" -}}
{{- if eq .Values.architecture "replication" -}}
{{- printf "%s-%s" (include "common.names.fullname" .) .Values.primary.name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "common.names.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.readReplica.fullname" -}}
{{- printf "%s-%s" (include "common.names.fullname" .) .Values.readReplicas.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dbstack.v1.primary.svc.headless" -}}
{{- printf "%s-hl" (include "dbstack.v1.primary.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dbstack.v1.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.image "global" .Values.global "chart" .Chart) }}
{{- end -}}

{{- define "dbstack.v1.metrics.image" -}}
{{ include "common.images.image" (dict "imageRoot" .Values.metrics.image "global" .Values.global "chart" .Chart) }}
{{- end -}}

{{- define "dbstack.v1.imagePullSecrets" -}}
{{ include "common.images.renderPullSecrets" (dict "images" (list .Values.image .Values.metrics.image) "context" $) }}
{{- end -}}

{{/* Admin password, global wins over the chart's own. */}}
{{- define "dbstack.v1.adminPassword" -}}
{{- if .Values.global.postgresql.auth.postgresPassword -}}
{{- .Values.global.postgresql.auth.postgresPassword -}}
{{- else -}}
{{- .Values.auth.postgresPassword -}}
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.secretName" -}}
{{- if .Values.global.postgresql.auth.existingSecret -}}
{{- printf "%s" (tpl .Values.global.postgresql.auth.existingSecret $) -}}
{{- else if .Values.auth.existingSecret -}}
{{- printf "%s" (tpl .Values.auth.existingSecret $) -}}
{{- else -}}
{{- printf "%s" (include "common.names.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.createSecret" -}}
{{- $customUser := .Values.auth.username -}}
{{- if not (or .Values.global.postgresql.auth.existingSecret .Values.auth.existingSecret) -}}
{{- true -}}
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.database" -}}
{{- if .Values.auth.database }}
{{- printf "%s" (tpl .Values.auth.database $) -}}
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ default (include "common.names.fullname" .) .Values.serviceAccount.name }}
{{- else -}}
{{ default "default" .Values.serviceAccount.name }}
{{- end -}}
{{- end -}}

{{/* Cache host, from the dependency's own naming rules. */}}
{{- define "dbstack.v1.cache.host" -}}
{{- printf "%s-primary" (include "common.names.dependency.fullname" (dict "chartName" "cache" "chartValues" .Values.cache "context" $)) -}}
{{- end -}}

{{/* All validation messages at once, so the user fixes them in one go. */}}
{{- define "dbstack.v1.validateValues" -}}
{{- $messages := list -}}
{{- $messages := append $messages (include "dbstack.v1.validateValues.architecture" .) -}}
{{- $messages := append $messages (include "dbstack.v1.validateValues.ldap" .) -}}
{{- $messages := append $messages (include "dbstack.v1.validateValues.psp" .) -}}
{{- $messages := without $messages "" -}}
{{- $message := join "\n" $messages -}}
{{- if $message -}}
{{-   printf "\nVALUES VALIDATION:\n%s" $message | fail -}}
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.validateValues.architecture" -}}
{{- if not (has .Values.architecture (list "standalone" "replication")) -}}
dbstack: architecture
    Invalid architecture selected ({{ .Values.architecture }}). Valid values are "standalone" and
    "replication".
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.validateValues.ldap" -}}
{{- if and (dig "enabled" false (default dict .Values.ldap)) (not (dig "server" "" (default dict .Values.ldap))) -}}
dbstack: ldap.server
    LDAP is enabled but no server was given (--set ldap.server="ldap.example.io").
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.validateValues.psp" -}}
{{- if and (empty .Values.readReplicas.pdb.minAvailable) (empty .Values.readReplicas.pdb.maxUnavailable) -}}
{{- else if and .Values.readReplicas.pdb.minAvailable .Values.readReplicas.pdb.maxUnavailable -}}
dbstack: readReplicas.pdb
    minAvailable and maxUnavailable cannot both be set.
{{- end -}}
{{- end -}}

{{- define "dbstack.v1.checkRollingTags" -}}
{{- include "common.warnings.rollingTag" .Values.image }}
{{- include "common.warnings.rollingTag" .Values.metrics.image }}
{{- end -}}

{{/* postgresql.conf lines from a map, keys sorted, snake_case keys from camelCase. */}}
{{- define "dbstack.v1.configLines" -}}
{{- range $key := keys . | sortAlpha }}
{{- $value := index $ $key }}
{{ regexReplaceAll "([a-z0-9])([A-Z])" $key "${1}_${2}" | lower }} = {{ if kindIs "string" $value }}'{{ $value }}'{{ else }}{{ $value }}{{ end }}
{{- end }}
{{- end -}}

{{- define "dbstack.v1.service.port" -}}
{{- if .Values.global.postgresql.service -}}
{{- .Values.global.postgresql.service.ports.postgresql -}}
{{- else -}}
{{- .Values.primary.service.ports.postgresql -}}
{{- end -}}
{{- end -}}
