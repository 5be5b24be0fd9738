{{ define "shared" }}sub{{ end }}
