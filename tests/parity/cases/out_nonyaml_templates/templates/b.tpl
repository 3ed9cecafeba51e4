kind: ConfigMap
apiVersion: v1
metadata:
  name: from-tpl
