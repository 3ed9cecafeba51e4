{{- /* Helpers called with the same data from many files: a result that depends on the file
       (its .Template) must not be reused in another, one that does not may be. */ -}}
{{- define "t.name" -}}{{ printf "%s-%s" .root.Release.Name .w.name }}{{- end -}}
{{- define "t.file" -}}{{ .root.Template.Name }}{{- end -}}
{{- define "t.nested" -}}{{ include "t.name" . }}/{{ include "t.file" . }}{{- end -}}
{{- define "t.viaTemplate" -}}{{ template "t.file" . }}{{- end -}}
{{- define "t.dollar" -}}{{ $.Template.Name }}{{- end -}}
{{- define "t.index" -}}{{ index . "Template" "Name" }}{{- end -}}
{{- define "t.get" -}}{{ (get .root "Template").Name }}{{- end -}}
{{- define "t.pluck" -}}{{ (first (pluck "Template" .root)).Name }}{{- end -}}
{{- define "t.range" -}}
{{- range $k, $v := .root }}{{ if eq $k "Template" }}{{ $v.Name }}{{ end }}{{ end -}}
{{- end -}}
{{- define "t.deep" -}}{{ index (first (list .)) "root" "Template" "Name" }}{{- end -}}
{{- define "t.outer" -}}{{ include "t.get" .ctx }}+{{ include "t.name" .ctx }}{{- end -}}
{{- define "t.keys" -}}{{ keys .root | sortAlpha | join "," }}{{- end -}}
{{- define "t.chart" -}}{{ .Chart.Name }}/{{ .Values.w.name }}{{- end -}}
{{- define "t.basePath" -}}{{ .root.Template.BasePath }}{{- end -}}
{{- define "t.var" -}}{{ $r := .root }}{{ $t := index $r "Template" }}{{ $t.Name }}{{- end -}}
{{- define "t.with" -}}{{ with .root }}{{ toString (index . "Template") }}{{ end }}{{- end -}}
{{- define "t.hasKey" -}}{{ hasKey .root "Template" }}{{- end -}}
