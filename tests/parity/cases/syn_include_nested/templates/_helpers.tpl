{{- define "l1" -}}
l1({{ include "l2" . }})
{{- end -}}
{{- define "l2" -}}
l2({{ include "l3" (dict "v" .Values.v "root" .) }})
{{- end -}}
{{- define "l3" -}}
l3:{{ .v }}:{{ .root.Release.Name }}
{{- end -}}
{{- define "labels" -}}
app: {{ .Chart.Name }}
tier: {{ .Values.tier }}
{{- end -}}
