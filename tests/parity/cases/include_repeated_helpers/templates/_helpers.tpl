{{- define "r.name" -}}
{{ .root.Release.Name }}-{{ .w.name }}
{{- end -}}
{{- define "r.labels" -}}
app: {{ include "r.name" . }}
chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
template: {{ .root.Template.Name }}
{{- with .w.team }}
team: {{ . }}
{{- end }}
{{- end -}}
{{- /* Changes its data: renames w to seen, so a second call with the same map differs. */ -}}
{{- define "r.once" -}}
{{- if .w }}first {{ .w.name }}{{ else }}again {{ .seen.name }}{{ end }}
{{- $_ := set . "seen" .w }}{{ $_ := unset . "w" }}
{{- end -}}
{{- define "r.counter" -}}
{{- $_ := set . "n" (add1 (.n | default 0)) }}{{ .n }}
{{- end -}}
