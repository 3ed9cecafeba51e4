{{- define "dbg.x" -}}x{{- end -}}
text a partial prints is never output
