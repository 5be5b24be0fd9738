{{- define "large.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "large.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .context.Chart.Name .context.Chart.Version }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
{{- range $k, $v := .context.Values.commonLabels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}
{{- define "large.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- end }}
{{- define "large.container" -}}
- name: {{ .name }}
  image: {{ printf "%s/%s:%s" .svc.image.registry .svc.image.repository (default .context.Chart.AppVersion .svc.image.tag) }}
  ports:
  {{- range $pname, $port := .svc.ports }}
    - name: {{ $pname }}
      containerPort: {{ $port }}
  {{- end }}
  env:
  {{- range $k, $v := .svc.env }}
    - name: {{ $k | upper }}
      value: {{ tpl (toString $v) $.context | quote }}
  {{- end }}
  resources:
    {{- toYaml .svc.resources | nindent 4 }}
  securityContext:
    {{- toYaml .context.Values.securityContext | nindent 4 }}
{{- end }}
