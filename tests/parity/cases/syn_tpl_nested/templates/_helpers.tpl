{{ define "name" }}{{ .Release.Name }}-name{{ end }}
