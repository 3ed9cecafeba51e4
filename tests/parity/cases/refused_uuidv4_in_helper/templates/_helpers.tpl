{{- define "id" -}}
{{ uuidv4 }}
{{- end -}}
