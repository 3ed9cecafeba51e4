{{ define "lib.greet" }}hello {{ . }}{{ end }}
