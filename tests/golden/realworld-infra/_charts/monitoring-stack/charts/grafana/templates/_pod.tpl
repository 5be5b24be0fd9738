{{- define "grafana.pod" -}}
{{- $sts := list "sts" "StatefulSet" "statefulset" -}}
{{- $root := (index . 0) }}
{{- $kind := (index . 1) }}
{{- with $root }}
{{- if .Values.schedulerName }}
schedulerName: "{{ .Values.schedulerName }}"
{{- end }}
serviceAccountName: {{ include "grafana.serviceAccountName" . }}
automountServiceAccountToken: {{ .Values.automountServiceAccountToken | default .Values.serviceAccount.automountServiceAccountToken }}
{{- with .Values.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $imagePullSecrets := list }}
{{- range (concat .Values.global.imagePullSecrets (.Values.imagePullSecrets | default list)) }}
  {{- if eq (typeOf .) "map[string]interface {}" }}
    {{- $imagePullSecrets = append $imagePullSecrets (dict "name" (tpl (toString .name) $root)) }}
  {{- else }}
    {{- $imagePullSecrets = append $imagePullSecrets (dict "name" (tpl . $root)) }}
  {{- end }}
{{- end }}
{{- if $imagePullSecrets }}
imagePullSecrets:
  {{- toYaml (uniq $imagePullSecrets) | nindent 2 }}
{{- end }}
enableServiceLinks: {{ .Values.enableServiceLinks | default true }}
containers:
  - name: {{ .Chart.Name }}
    {{- $registry := include "grafana.imageRegistry" . -}}
    {{- if .Values.image.sha }}
    image: "{{ $registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}@sha256:{{ .Values.image.sha }}"
    {{- else }}
    image: "{{ $registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
    {{- end }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    {{- with .Values.containerSecurityContext }}
    securityContext:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    volumeMounts:
      - name: config
        mountPath: "/etc/grafana/grafana.ini"
        subPath: grafana.ini
      - name: storage
        mountPath: "/var/lib/grafana"
      {{- range .Values.extraSecretMounts }}
      - name: {{ .name }}
        mountPath: {{ .mountPath }}
        readOnly: {{ .readOnly }}
      {{- end }}
    ports:
      - name: grafana
        containerPort: {{ .Values.service.targetPort }}
        protocol: TCP
    env:
      {{- if and (not .Values.env.GF_SECURITY_ADMIN_USER) (not .Values.env.GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION) }}
      - name: GF_SECURITY_ADMIN_USER
        valueFrom:
          secretKeyRef:
            name: {{ (tpl .Values.admin.existingSecret .) | default (include "grafana.fullname" .) }}
            key: {{ .Values.admin.userKey | default "admin-user" }}
      {{- end }}
      {{- if .Values.plugins }}
      - name: GF_INSTALL_PLUGINS
        valueFrom:
          configMapKeyRef:
            name: {{ include "grafana.fullname" . }}
            key: plugins
      {{- end }}
      - name: GF_PATHS_DATA
        value: {{ (get .Values "grafana.ini").paths.data }}
      - name: GF_PATHS_LOGS
        value: {{ (get .Values "grafana.ini").paths.logs }}
      {{- range $key, $value := .Values.env }}
      - name: "{{ tpl $key $root }}"
        value: "{{ tpl (print $value) $root }}"
      {{- end }}
    {{- with .Values.resources }}
    resources:
      {{- toYaml . | nindent 6 }}
    {{- end }}
volumes:
  - name: config
    configMap:
      name: {{ include "grafana.fullname" . }}
  {{- if and .Values.persistence (has $kind $sts) }}
  - name: storage
    persistentVolumeClaim:
      claimName: {{ include "grafana.fullname" . }}
  {{- else }}
  - name: storage
    emptyDir: {}
  {{- end }}
  {{- range .Values.extraSecretMounts }}
  - name: {{ .name }}
    secret:
      secretName: {{ .secretName }}
      defaultMode: {{ .defaultMode | default 0440 }}
  {{- end }}
{{- end }}
{{- end }}
