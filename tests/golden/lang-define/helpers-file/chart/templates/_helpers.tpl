{{- define "h" -}}
helper {{ .Chart.Name }} {{ .Template.Name }}
{{- end -}}
{{- define "name" -}}
{{ .Release.Name }}-{{ .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end -}}
