{{ define "over" }}overridden:{{ .x }}{{ end }}
