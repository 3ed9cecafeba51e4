{{/*
Helpers shared by every template. Each takes a dict {root: $, svc: <service>} unless noted.
*/}}

{{/* The selected environment's settings (root context). */}}
{{- define "app.env" -}}
{{- toYaml (index .Values.environments .Values.environment) -}}
{{- end -}}

{{/* Standard labels: every object carries them. */}}
{{- define "app.labels" -}}
app.kubernetes.io/name: {{ .svc.name | quote }}
app.kubernetes.io/instance: {{ .svc.name | quote }}
app.kubernetes.io/part-of: {{ .root.Values.project | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service | quote }}
{{- end -}}

{{/* Selector labels: unique per service. */}}
{{- define "app.selector" -}}
app.kubernetes.io/name: {{ .svc.name | quote }}
app.kubernetes.io/instance: {{ .svc.name | quote }}
{{- end -}}

{{/* Metadata shared by every object of a service. */}}
{{- define "app.metadata" -}}
namespace: {{ .root.Values.namespace | quote }}
labels:
  {{- include "app.labels" . | nindent 2 }}
annotations:
  argocd.argoproj.io/sync-wave: {{ .svc.syncWave | int | toString | quote }}
{{- end -}}

{{/* The host in the selected environment: its domain prefix and the service's host. */}}
{{- define "app.host" -}}
{{- $env := index .root.Values.environments .root.Values.environment -}}
{{- printf "%s%s" $env.domainPrefix .svc.host -}}
{{- end -}}

{{/* The TLS issuer in the selected environment. */}}
{{- define "app.issuer" -}}
{{- $env := index .root.Values.environments .root.Values.environment -}}
{{- default .root.Values.tls.issuer $env.tlsIssuer -}}
{{- end -}}

{{/* Replicas: the environment's override when set, else the service's own. */}}
{{- define "app.replicas" -}}
{{- $env := index .root.Values.environments .root.Values.environment -}}
{{- if gt (int $env.replicas) 0 }}{{ $env.replicas | int }}{{ else }}{{ .svc.replicas | int }}{{ end -}}
{{- end -}}

{{/* The image reference: repository[:tag][@digest], with the selected environment's override
of tag and digest (environments.<env>.images.<service>) when it has one. */}}
{{- define "app.image" -}}
{{- $env := index .root.Values.environments .root.Values.environment -}}
{{- $image := .svc.image -}}
{{- with $env.images }}{{ with index . $.svc.name }}{{ $image = . }}{{ end }}{{ end -}}
{{- .svc.image.repository -}}
{{- if $image.tag }}:{{ $image.tag }}{{ end -}}
{{- if $image.digest }}@{{ $image.digest }}{{ end -}}
{{- end -}}

{{/* The first exposed port (the route backend); empty when there is none. */}}
{{- define "app.routePort" -}}
{{- $found := "" -}}
{{- range .svc.ports -}}
{{- if and .expose (not $found) }}{{ $found = .port | int | toString }}{{ end -}}
{{- end -}}
{{- $found -}}
{{- end -}}

{{/* One probe (a dict {probe: ...}). */}}
{{- define "app.probe" -}}
{{- if .probe.httpPath }}
httpGet:
  path: {{ .probe.httpPath | quote }}
  port: {{ include "app.probePort" .probe }}
{{- else }}
tcpSocket:
  port: {{ include "app.probePort" .probe }}
{{- end }}
initialDelaySeconds: {{ .probe.initialDelaySeconds | int }}
{{- end -}}

{{- define "app.probePort" -}}
{{- if regexMatch "^[0-9]+$" .port }}{{ .port | atoi }}{{ else }}{{ .port | quote }}{{ end -}}
{{- end -}}

{{/* The container every workload kind runs. */}}
{{- define "app.container" -}}
- name: {{ .svc.name | quote }}
  image: {{ include "app.image" . | quote }}
  {{- with .svc.command }}
  command:
    {{- range . }}
    - {{ . | quote }}
    {{- end }}
  {{- end }}
  {{- with .svc.args }}
  args:
    {{- range . }}
    - {{ . | quote }}
    {{- end }}
  {{- end }}
  {{- if .svc.ports }}
  ports:
    {{- range .svc.ports }}
    - name: {{ .name | quote }}
      containerPort: {{ .port | int }}
      protocol: TCP
    {{- end }}
  {{- end }}
  {{- $svc := .svc }}
  {{- if or .svc.env .svc.secretEnv .svc.claim.enabled }}
  env:
    {{- range .svc.env }}
    - name: {{ .name | quote }}
      value: {{ .value | quote }}
    {{- end }}
    {{- range .svc.secretEnv }}
    - name: {{ .name | quote }}
      valueFrom:
        secretKeyRef:
          name: {{ printf "%s-secrets" $svc.name | quote }}
          key: {{ .name | quote }}
    {{- end }}
    {{- if and .svc.claim.enabled (eq .svc.database "postgres") }}
    - name: DATABASE_URL
      valueFrom:
        secretKeyRef:
          name: {{ .svc.claim.connectionSecret | quote }}
          key: DATABASE_URL
    {{- end }}
    {{- if and .svc.claim.enabled (eq .svc.cache "redis") }}
    - name: REDIS_URL
      valueFrom:
        secretKeyRef:
          name: {{ .svc.claim.connectionSecret | quote }}
          key: REDIS_URL
    {{- end }}
  {{- end }}
  resources:
    requests:
      cpu: {{ .svc.resources.requests.cpu | quote }}
      memory: {{ .svc.resources.requests.memory | quote }}
    limits:
      cpu: {{ .svc.resources.limits.cpu | quote }}
      memory: {{ .svc.resources.limits.memory | quote }}
  {{- if .svc.probes.readiness.enabled }}
  readinessProbe:
    {{- include "app.probe" (dict "probe" .svc.probes.readiness) | nindent 4 }}
  {{- end }}
  {{- if .svc.probes.liveness.enabled }}
  livenessProbe:
    {{- include "app.probe" (dict "probe" .svc.probes.liveness) | nindent 4 }}
  {{- end }}
  {{- if and .svc.secretEnv (eq .root.Values.secrets.provider "infisical") }}
  volumeMounts:
    - name: secrets
      mountPath: /mnt/secrets
      readOnly: true
  {{- end }}
  securityContext:
    allowPrivilegeEscalation: false
    runAsNonRoot: true
{{- end -}}

{{/* The pod spec around the container (a dict {root, svc, restartPolicy}). */}}
{{- define "app.podSpec" -}}
serviceAccountName: {{ .svc.name | quote }}
{{- with .restartPolicy }}
restartPolicy: {{ . }}
{{- end }}
containers:
  {{- include "app.container" . | nindent 2 }}
{{- if and .svc.secretEnv (eq .root.Values.secrets.provider "infisical") }}
volumes:
  - name: secrets
    csi:
      driver: secrets-store.csi.k8s.io
      readOnly: true
      volumeAttributes:
        secretProviderClass: {{ printf "%s-secrets" .svc.name | quote }}
{{- end }}
{{- end -}}
