{{- define "ingress-nginx.controller.podSpec" -}}
{{- if .Values.imagePullSecrets }}
imagePullSecrets: {{ toYaml .Values.imagePullSecrets | nindent 2 }}
{{- end }}
{{- if .Values.controller.dnsConfig }}
dnsConfig: {{ toYaml .Values.controller.dnsConfig | nindent 2 }}
{{- end }}
dnsPolicy: {{ .Values.controller.dnsPolicy }}
{{- if .Values.controller.priorityClassName }}
priorityClassName: {{ .Values.controller.priorityClassName | quote }}
{{- end }}
{{- if or .Values.controller.podSecurityContext .Values.controller.sysctls }}
securityContext:
{{- end }}
{{- if .Values.controller.podSecurityContext }}
  {{- toYaml .Values.controller.podSecurityContext | nindent 2 }}
{{- end }}
{{- if .Values.controller.sysctls }}
  sysctls:
{{- range $sysctl, $value := .Values.controller.sysctls }}
  - name: {{ $sysctl | quote }}
    value: {{ $value | quote }}
{{- end }}
{{- end }}
containers:
  - name: {{ .Values.controller.containerName | default "controller" }}
    {{- with .Values.controller.image }}
    image: {{ include "ingress-nginx.image" . }}{{ include "ingress-nginx.imageDigest" . }}
    {{- end }}
    imagePullPolicy: {{ .Values.controller.image.pullPolicy }}
    {{- if .Values.controller.lifecycle }}
    lifecycle: {{ toYaml .Values.controller.lifecycle | nindent 6 }}
    {{- end }}
    args:
      {{- include "ingress-nginx.params" . | nindent 6 }}
    securityContext: {{ include "ingress-nginx.containerSecurityContext" . | nindent 6 }}
    env:
      - name: POD_NAME
        valueFrom:
          fieldRef:
            fieldPath: metadata.name
      - name: POD_NAMESPACE
        valueFrom:
          fieldRef:
            fieldPath: metadata.namespace
      {{- if .Values.controller.extraEnvs }}
      {{- toYaml .Values.controller.extraEnvs | nindent 6 }}
      {{- end }}
    {{- if .Values.controller.livenessProbe }}
    livenessProbe: {{ toYaml .Values.controller.livenessProbe | nindent 6 }}
    {{- end }}
    readinessProbe: {{ toYaml .Values.controller.readinessProbe | nindent 6 }}
    ports:
    {{- range $key, $value := .Values.controller.containerPort }}
      - name: {{ $key }}
        containerPort: {{ $value }}
        protocol: TCP
        {{- if $.Values.controller.hostPort.enabled | default false }}
        hostPort: {{ index $.Values.controller.hostPort.ports $key | default $value }}
        {{- end }}
    {{- end }}
    {{- if .Values.controller.metrics.enabled }}
      - name: {{ .Values.controller.metrics.portName }}
        containerPort: {{ .Values.controller.metrics.port }}
        protocol: TCP
    {{- end }}
    {{- if .Values.controller.admissionWebhooks.enabled }}
      - name: webhook
        containerPort: {{ .Values.controller.admissionWebhooks.port }}
        protocol: TCP
    {{- end }}
    {{- range $key, $value := .Values.tcp }}
      - name: {{ if $.Values.portNamePrefix }}{{ $.Values.portNamePrefix }}-{{ end }}{{ $key }}-tcp
        containerPort: {{ $key }}
        protocol: TCP
    {{- end }}
    {{- if .Values.controller.admissionWebhooks.enabled }}
    volumeMounts:
      - name: webhook-cert
        mountPath: /usr/local/certificates/
        readOnly: true
    {{- end }}
    {{- if .Values.controller.resources }}
    resources: {{ toYaml .Values.controller.resources | nindent 6 }}
    {{- end }}
{{- if .Values.controller.hostNetwork }}
hostNetwork: {{ .Values.controller.hostNetwork }}
{{- end }}
{{- if .Values.controller.nodeSelector }}
nodeSelector: {{ toYaml .Values.controller.nodeSelector | nindent 2 }}
{{- end }}
{{- if .Values.controller.tolerations }}
tolerations: {{ toYaml .Values.controller.tolerations | nindent 2 }}
{{- end }}
{{- if .Values.controller.affinity }}
affinity: {{ toYaml .Values.controller.affinity | nindent 2 }}
{{- end }}
{{- if .Values.controller.topologySpreadConstraints }}
topologySpreadConstraints: {{ tpl (toYaml .Values.controller.topologySpreadConstraints) $ | nindent 2 }}
{{- end }}
serviceAccountName: {{ template "ingress-nginx.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.serviceAccount.automountServiceAccountToken }}
terminationGracePeriodSeconds: {{ .Values.controller.terminationGracePeriodSeconds }}
{{- if .Values.controller.admissionWebhooks.enabled }}
volumes:
  - name: webhook-cert
    secret:
      secretName: {{ include "ingress-nginx.fullname" . }}-admission
{{- end }}
{{- end -}}
