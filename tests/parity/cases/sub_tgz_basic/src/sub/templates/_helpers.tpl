{{- define "sub.fullname" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end -}}
