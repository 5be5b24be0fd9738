{{ define "f" }}
{{ fail "from helper" }}
{{ end }}