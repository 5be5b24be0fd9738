#!/usr/bin/env python3
"""Writes a large synthetic chart for benchmarks: N services, each with a
Deployment, Service, ConfigMap and HPA template leaning on the constructs big
public charts use (include with dict, nindent, toYaml, range over maps, tpl,
default, printf, sha256sum checksums).

    bench/gen-large-chart.py OUT_DIR [N]    (default N = 100, i.e. 400 templates)
"""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
os.makedirs(os.path.join(out, "templates"), exist_ok=True)

with open(os.path.join(out, "Chart.yaml"), "w") as f:
    f.write("apiVersion: v2\nname: large\nversion: 1.0.0\nappVersion: \"3.1.4\"\n")

helpers = r'''{{- define "large.fullname" -}}
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
'''
with open(os.path.join(out, "templates", "_helpers.tpl"), "w") as f:
    f.write(helpers)

values = ["commonLabels:\n  team: platform\n  tier: backend\n",
          "securityContext:\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false\n  capabilities:\n    drop: [ALL]\n",
          "services:\n"]
for i in range(n):
    values.append(f"""  svc{i:03d}:
    replicas: {1 + i % 4}
    image:
      registry: ghcr.io
      repository: example/svc{i:03d}
      tag: "1.{i}.0"
    ports:
      http: {8000 + i}
      metrics: 9090
    env:
      LOG_LEVEL: info
      SERVICE_INDEX: "{i}"
      RELEASE: "{{{{ .Release.Name }}}}"
    resources:
      requests:
        cpu: {10 + i}m
        memory: {64 + i}Mi
      limits:
        cpu: {100 + i}m
        memory: {128 + i}Mi
    config:
      feature.a: true
      feature.b: "x{i}"
      nested:
        list: [1, 2, 3]
        map:
          k1: v1
          k2: v2
""")
with open(os.path.join(out, "values.yaml"), "w") as f:
    f.write("".join(values))

for i in range(n):
    name = f"svc{i:03d}"
    ctx = f'(dict "name" "{name}" "context" $)'
    with open(os.path.join(out, "templates", f"{name}-deployment.yaml"), "w") as f:
        f.write(f'''{{{{- $svc := index .Values.services "{name}" }}}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{{{ include "large.fullname" . }}}}-{name}
  labels:
    {{{{- include "large.labels" {ctx} | nindent 4 }}}}
spec:
  replicas: {{{{ $svc.replicas }}}}
  selector:
    matchLabels:
      {{{{- include "large.selector" {ctx} | nindent 6 }}}}
  template:
    metadata:
      annotations:
        checksum/config: {{{{ toYaml $svc.config | sha256sum }}}}
      labels:
        {{{{- include "large.labels" {ctx} | nindent 8 }}}}
    spec:
      containers:
        {{{{- include "large.container" (dict "name" "{name}" "svc" $svc "context" $) | nindent 8 }}}}
''')
    with open(os.path.join(out, "templates", f"{name}-service.yaml"), "w") as f:
        f.write(f'''{{{{- $svc := index .Values.services "{name}" }}}}
apiVersion: v1
kind: Service
metadata:
  name: {{{{ include "large.fullname" . }}}}-{name}
  labels:
    {{{{- include "large.labels" {ctx} | nindent 4 }}}}
spec:
  ports:
  {{{{- range $pname, $port := $svc.ports }}}}
    - name: {{{{ $pname }}}}
      port: {{{{ $port }}}}
      targetPort: {{{{ $pname }}}}
  {{{{- end }}}}
  selector:
    {{{{- include "large.selector" {ctx} | nindent 4 }}}}
''')
    with open(os.path.join(out, "templates", f"{name}-configmap.yaml"), "w") as f:
        f.write(f'''{{{{- $svc := index .Values.services "{name}" }}}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{{{ include "large.fullname" . }}}}-{name}
  labels:
    {{{{- include "large.labels" {ctx} | nindent 4 }}}}
data:
  config.yaml: |
    {{{{- toYaml $svc.config | nindent 4 }}}}
  config.json: {{{{ toJson $svc.config | quote }}}}
''')
    with open(os.path.join(out, "templates", f"{name}-hpa.yaml"), "w") as f:
        f.write(f'''{{{{- $svc := index .Values.services "{name}" }}}}
{{{{- if gt (int $svc.replicas) 1 }}}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{{{ include "large.fullname" . }}}}-{name}
  labels:
    {{{{- include "large.labels" {ctx} | nindent 4 }}}}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{{{ include "large.fullname" . }}}}-{name}
  minReplicas: {{{{ $svc.replicas }}}}
  maxReplicas: {{{{ mul $svc.replicas 3 }}}}
{{{{- end }}}}
''')
