{{- define "fact" -}}
{{- if le (int .) 1 -}}1{{- else -}}{{ mul . (include "fact" (sub . 1) | int) }}{{- end -}}
{{- end -}}
{{- define "walk" -}}
{{- range $k, $v := . -}}
{{ $k }}{{ if kindIs "map" $v }}({{ include "walk" $v }}){{ else }}={{ $v }}{{ end }};
{{- end -}}
{{- end -}}
