{{- define "gitops.extraObjects" -}}
- apiVersion: v1
  kind: Namespace
  metadata:
    name: {{ .Release.Namespace }}-apps
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: deployer
{{- range .Values.extraObjects }}
- {{ toYaml . | nindent 2 | trim }}
{{- end }}
{{- end -}}
