{{- define "lib.label" -}}
label: {{ .Chart.Name }}
{{- end }}
{{- define "lib.values" }}
libval: {{ .Values.libval | quote }}
{{- end }}
