{{ define "parent.name" }}parent:{{ .Chart.Name }}{{ end }}
