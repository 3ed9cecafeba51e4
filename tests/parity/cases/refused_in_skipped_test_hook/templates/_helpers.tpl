{{- define "rt.helper" -}}
{{ randAscii 2 | len }}{{ htmlDate 0 }}{{ ago 0 }}{{ toDate "2006" "2020" | typeOf }}
{{- end -}}
