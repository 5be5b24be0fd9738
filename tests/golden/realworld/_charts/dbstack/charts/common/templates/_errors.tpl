{{/* Upgrading without the current passwords would break the release: say which values to pass. */}}
{{- define "common.errors.upgrade.passwords.empty" -}}
  {{- $validationErrors := join "" .validationErrors -}}
  {{- if and $validationErrors .context.Release.IsUpgrade -}}
    {{- $errorString := "\nPASSWORDS ERROR: You must provide your current passwords when upgrading the release." -}}
    {{- $errorString = print $errorString "\n                 Note that even after reinstallation, old credentials may be needed as they may be kept in persistent volume claims." -}}
    {{- $errorString = print $errorString "\n%s" -}}
    {{- printf $errorString $validationErrors | fail -}}
  {{- end -}}
{{- end -}}

{{/* Refuses images outside the expected repositories unless explicitly allowed. */}}
{{- define "common.errors.insecureImages" -}}
{{- $relocatedImages := list -}}
{{- $replacedImages := list -}}
{{- $retaggedImages := list -}}
{{- $globalRegistry := ((.context.Values.global).imageRegistry) -}}
{{- $originalImages := .context.Chart.Annotations.images -}}
{{- range .images -}}
  {{- $registryName := default .registry $globalRegistry -}}
  {{- $fullImageNameNoTag := printf "%s/%s" $registryName .repository -}}
  {{- $fullImageName := printf "%s:%s" $fullImageNameNoTag .tag -}}
  {{- if not (contains $fullImageNameNoTag $originalImages) -}}
    {{- if not (contains $registryName $originalImages) -}}
      {{- $relocatedImages = append $relocatedImages $fullImageName -}}
    {{- else if not (contains .repository $originalImages) -}}
      {{- $replacedImages = append $replacedImages $fullImageName -}}
    {{- end -}}
  {{- end -}}
  {{- if not (contains (printf "%s:%s" .repository (.tag | toString)) $originalImages) -}}
    {{- $retaggedImages = append $retaggedImages $fullImageName -}}
  {{- end -}}
{{- end -}}
{{- if and (or (gt (len $relocatedImages) 0) (gt (len $replacedImages) 0)) (((.context.Values.global).security).allowInsecureImages) -}}
  {{- print "\n\n⚠ SECURITY WARNING: Verifying original container images was skipped. Please note this Helm chart was designed, tested, and validated on multiple platforms using a specific set of container images." -}}
  {{- range $relocatedImages }}
    {{- printf "\n  - %s" . -}}
  {{- end -}}
  {{- range $replacedImages }}
    {{- printf "\n  - %s" . -}}
  {{- end -}}
{{- else if (or (gt (len $replacedImages) 0)) -}}
  {{- $errorString := "Original containers have been substituted for unrecognized ones. If you are sure you want to proceed with non-standard containers, set global.security.allowInsecureImages=true." -}}
  {{- $errorString = print $errorString "\n\nUnrecognized images:" -}}
  {{- range (concat $replacedImages) }}
    {{- $errorString = print $errorString "\n  - " . -}}
  {{- end -}}
  {{- fail $errorString -}}
{{- end -}}
{{- if gt (len $retaggedImages) 0 -}}
  {{- printf "\n\n⚠ WARNING: Non-default image tags in use:" -}}
  {{- range $retaggedImages }}
    {{- printf "\n  - %s" . -}}
  {{- end -}}
{{- end -}}
{{- end -}}
