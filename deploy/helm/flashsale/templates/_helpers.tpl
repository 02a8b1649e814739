{{/* A service's settings: the chart's defaults overlaid with its own entry. Call with (list $ "name"). */}}
{{- define "flashsale.service" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- toYaml (mergeOverwrite (deepCopy $root.Values.defaults) (deepCopy (index $root.Values.services $name))) -}}
{{- end -}}

{{/* The labels a service's pods are selected by. Call with (list $ "name"). */}}
{{- define "flashsale.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end -}}

{{/* Every label of a service's objects. Call with (list $ "name"). */}}
{{- define "flashsale.labels" -}}
{{- $root := index . 0 -}}
{{ include "flashsale.selectorLabels" . }}
app.kubernetes.io/part-of: flashsale
app.kubernetes.io/version: {{ include "flashsale.tag" $root | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The image tag: image.tag, or the chart's appVersion. */}}
{{- define "flashsale.tag" -}}
{{- default .Chart.AppVersion .Values.image.tag -}}
{{- end -}}

{{/* A service's image. Call with (list $ "name"). */}}
{{- define "flashsale.image" -}}
{{- $root := index . 0 -}}
{{- $registry := required "image.registry is required: where the images built from infra/docker/service.Dockerfile are" $root.Values.image.registry -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $registry) (index . 1) (include "flashsale.tag" $root) -}}
{{- end -}}

{{/* The gateway's variable for a service's URL: BALANCE_SERVICE_URL for balance-service. */}}
{{- define "flashsale.urlVariable" -}}
{{- printf "%s_SERVICE_URL" (. | trimSuffix "-service" | replace "-" "_" | upper) -}}
{{- end -}}
