{{ define "x" }}
{{ if }}
{{ end }}