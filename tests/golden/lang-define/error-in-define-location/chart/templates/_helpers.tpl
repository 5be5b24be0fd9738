{{ define "bad" }}
  {{ .Values.missing.x }}
{{ end }}