{{- define "need" -}}
{{ required "value .Values.host is required" .Values.host }}
{{- end -}}
