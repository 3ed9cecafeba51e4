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
A platform add-on: an Argo CD Application installing one pinned chart version. Takes a dict:
root (the template data), name, namespace, repoURL, chart, version, wave, values (a dict, may be
empty). The project is set per environment by clusters/<env>/kustomization.yaml.
*/ -}}
{{- define "base.addon" -}}
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
