{{ define "h" }}helper{{ end }}
