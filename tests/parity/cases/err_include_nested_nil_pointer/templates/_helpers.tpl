{{- define "outer" -}}{{ include "inner" . }}{{- end -}}
{{- define "inner" -}}{{ .Values.missing.key }}{{- end -}}
