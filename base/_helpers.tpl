{{- /*
Definitions every repository template of the base can include. Data: .Values is the app-config,
.Env the environment ({} for files generated once), .RenderMode "helm" or "manifests".
*/ -}}

{{- /* The labels every object the base generates carries. */ -}}
{{- define "base.labels" -}}
app.kubernetes.io/part-of: {{ .Values.project | quote }}
app.kubernetes.io/managed-by: gitops-render
{{- end }}

{{- /* The Argo CD sync-wave annotation, for an int. */ -}}
{{- define "base.wave" -}}
argocd.argoproj.io/sync-wave: {{ . | toString | quote }}
{{- end }}

{{- /*
A platform add-on: one pinned chart version, installed by the GitOps engine of the app-config.
Takes a dict: root (the template data), name, namespace, repoURL, chart, version, wave, values (a
dict, may be empty), after (optional: the add-on it must wait for). Argo CD gets an Application
(its project is set per environment by clusters/<env>/kustomization.yaml; `wave` orders it);
Flux gets a HelmRepository and a HelmRelease in flux-system (`after` orders it).
*/ -}}
{{- define "base.addon" -}}
{{- if eq .root.Values.gitops.provider "flux" -}}
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: {{ .name | quote }}
  namespace: flux-system
  labels:
    {{- include "base.labels" .root | nindent 4 }}
    app.kubernetes.io/component: platform
spec:
  interval: 1h
  url: {{ .repoURL | quote }}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: {{ .name | quote }}
  namespace: flux-system
  labels:
    {{- include "base.labels" .root | nindent 4 }}
    app.kubernetes.io/component: platform
spec:
  interval: 30m
  releaseName: {{ .name | quote }}
  targetNamespace: {{ .namespace | quote }}
  storageNamespace: {{ .namespace | quote }}
  install:
    createNamespace: true
    crds: CreateReplace
  upgrade:
    crds: CreateReplace
  chart:
    spec:
      chart: {{ .chart | quote }}
      version: {{ .version | quote }}
      sourceRef:
        kind: HelmRepository
        name: {{ .name | quote }}
  {{- with .after }}
  dependsOn:
    - name: {{ . | quote }}
  {{- end }}
  {{- if .values }}
  values:
    {{- toYaml .values | nindent 4 }}
  {{- end }}
{{- else -}}
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: {{ .name | quote }}
  namespace: argocd
  labels:
    {{- include "base.labels" .root | nindent 4 }}
    app.kubernetes.io/component: platform
  annotations:
    {{- include "base.wave" .wave | nindent 4 }}
  finalizers:
    - resources-finalizer.argocd.argoproj.io
spec:
  project: default
  source:
    repoURL: {{ .repoURL | quote }}
    chart: {{ .chart | quote }}
    targetRevision: {{ .version | quote }}
    helm:
      releaseName: {{ .name | quote }}
      {{- if .values }}
      valuesObject:
        {{- toYaml .values | nindent 8 }}
      {{- end }}
  destination:
    server: https://kubernetes.default.svc
    namespace: {{ .namespace | quote }}
  syncPolicy:
    automated:
      prune: true
      selfHeal: true
    syncOptions:
      - CreateNamespace=true
      - ServerSideApply=true
{{- end }}
{{- end }}

{{- /* The chart repositories the add-ons come from, for the AppProject's allowlist. */ -}}
{{- define "base.chartRepos" -}}
- https://kubernetes.github.io/ingress-nginx
- https://charts.jetstack.io
- https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts
- https://dl.cloudsmith.io/public/infisical/helm-charts/helm/charts/
- https://charts.external-secrets.io
- https://bitnami-labs.github.io/sealed-secrets
- https://charts.crossplane.io/stable
- https://knative.github.io/operator
{{- end }}

{{- /* The namespaces the add-ons install into. */ -}}
{{- define "base.platformNamespaces" -}}
- argocd
- ingress-nginx
- cert-manager
- kube-system
- external-secrets
- crossplane-system
- knative-operator
- knative-serving
{{- end }}

{{- /* Whether any service runs on Knative ("true" or ""). */ -}}
{{- define "base.usesKnative" -}}
{{- range .Values.services }}{{ if eq .kind "knative" }}true{{ break }}{{ end }}{{ end }}
{{- end }}

{{- /*
The Gateway charts/app's HTTPRoutes attach to, for one environment (data: the template data of
an environment), when ingress.provider is gateway-api.
*/ -}}
{{- define "base.gateway" -}}
{{- $name := default "gateway" .Values.ingress.className }}
{{- $issuer := default .Values.tls.issuer .Env.tlsIssuer -}}
# The Gateway charts/app's HTTPRoutes attach to in {{ .Env.name }}: plain HTTP for every host, and
# HTTPS with a certificate per host that cert-manager issues from the annotation.
# gatewayClassName names the cluster's Gateway API implementation; change it with a patch of
# your own when it is not `{{ $name }}`.
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: {{ $name | quote }}
  namespace: {{ .Values.namespace | quote }}
  labels:
    {{- include "base.labels" . | nindent 4 }}
  annotations:
    {{- include "base.wave" -10 | nindent 4 }}
    argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true
    {{- if .Values.tls.enabled }}
    cert-manager.io/cluster-issuer: {{ $issuer | quote }}
    {{- end }}
spec:
  gatewayClassName: {{ $name | quote }}
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      allowedRoutes:
        namespaces:
          from: Same
    {{- range $svc := .Values.services }}
    {{- if and (eq $svc.kind "deployment") $svc.host $svc.tlsSecretName }}
    - name: {{ printf "https-%s" $svc.name | quote }}
      protocol: HTTPS
      port: 443
      hostname: {{ printf "%s%s" $.Env.domainPrefix $svc.host | quote }}
      tls:
        mode: Terminate
        certificateRefs:
          - name: {{ $svc.tlsSecretName | quote }}
      allowedRoutes:
        namespaces:
          from: Same
    {{- end }}
    {{- end }}
{{- end }}
