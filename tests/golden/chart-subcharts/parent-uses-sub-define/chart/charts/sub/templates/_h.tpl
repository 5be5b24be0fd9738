{{ define "sub.name" }}{{ .Chart.Name }}-{{ .Values.x | default "nox" }}{{ end }}
