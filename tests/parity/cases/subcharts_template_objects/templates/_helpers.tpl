{{- define "names" -}}
{{ .Template.Name }} {{ .Template.BasePath }}
{{- end -}}
