{{/* Name of one workload's objects: release-workload, cut to the 63 characters Kubernetes allows. */}}
{{- define "fleet.name" -}}
{{- printf "%s-%s" .root.Release.Name .w.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "fleet.selectorLabels" -}}
app.kubernetes.io/name: {{ .w.name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "fleet.labels" -}}
{{ include "fleet.selectorLabels" . }}
app.kubernetes.io/part-of: {{ .root.Values.global.partOf }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .w.image.tag | default .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- with .w.team }}
team: {{ . }}
{{- end }}
{{- end -}}

{{- define "fleet.host" -}}
{{- default (printf "%s.%s" .w.name .root.Values.global.domain) .w.ingress.host -}}
{{- end -}}

{{/* A container spec without its name (the caller writes "- name:"), shared by Deployment and CronJob. */}}
{{- define "fleet.container" -}}
{{- $d := .root.Values.defaults -}}
image: {{ printf "%s:%s" .w.image.repository (.w.image.tag | toString) | quote }}
imagePullPolicy: {{ .root.Values.global.imagePullPolicy }}
{{- with .w.env }}
env:
  {{- range $k, $v := . }}
  - name: {{ $k }}
    value: {{ $v | toString | quote }}
  {{- end }}
{{- end }}
{{- with .w.secrets }}
envFrom:
  - secretRef:
      name: {{ include "fleet.name" $ }}-secrets
{{- end }}
resources:
  {{- toYaml (.w.resources | default $d.resources) | nindent 2 }}
securityContext:
  {{- toYaml $d.securityContext | nindent 2 }}
{{- with .w.secrets }}
volumeMounts:
  - name: secrets-store
    mountPath: /mnt/secrets
    readOnly: true
{{- end }}
{{- end -}}
