{{ define "child.name" }}child-def:{{ .Chart.Name }}{{ end }}
