{{- define "parts.name" -}}{{ printf "%s-%s" .root.Release.Name .item.name | trunc 63 }}{{- end -}}
{{- define "parts.labels" -}}
app: {{ .item.name }}
chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
file: {{ base .root.Template.Name }}
{{- end -}}
