{{- define "labels" -}}
{{- $l := dict "app" .name -}}
{{- $l = merge $l .root.Values.labels -}}
{{- $_ := set $l "file" (base .root.Template.Name) -}}
{{- toYaml $l -}}
{{- end -}}
