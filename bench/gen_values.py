#!/usr/bin/env python3
"""Writes a values file with N workloads for bench/chart (deterministic: the same N gives the same bytes).

Usage: gen_values.py N > values-N.yaml
Workloads vary the way real fleets do: most have an Ingress, some autoscale, some run a CronJob, some read
secrets through the CSI driver, and each allows traffic from a few neighbours.
"""
import sys

LANGS = ["go", "java", "node", "python", "rust"]
TEAMS = ["payments", "search", "identity", "growth", ""]


def workload(i, n):
    name = "svc-%04d" % i
    out = ["  - name: %s" % name,
           "    team: %s" % TEAMS[i % len(TEAMS)] if TEAMS[i % len(TEAMS)] else None,
           "    image:",
           "      repository: registry.example.com/%s/%s" % (LANGS[i % len(LANGS)], name),
           "      tag: \"%d.%d.%d\"" % (1 + i % 3, i % 17, i % 5),
           "    replicas: %d" % (1 + i % 4),
           "    port: %d" % (8000 + i % 100),
           "    env:",
           "      LOG_LEVEL: %s" % ("debug" if i % 7 == 0 else "info"),
           "      WORKERS: %d" % (2 + i % 6),
           "      RATIO: %s" % ("0.%d" % (1 + i % 9)),
           "      SERVICE_URL: http://%s.default.svc.cluster.local:80/api/v%d" % (name, 1 + i % 2),
           "      FEATURE_FLAGS: \"a,b,c%d\"" % (i % 3)]
    if i % 5 != 4:
        out += ["    ingress:", "      paths: [\"/\", \"/api\"]"]
        if i % 10 == 0:
            out += ["      host: www-%d.example.org" % i,
                    "      annotations:",
                    "        nginx.ingress.kubernetes.io/proxy-body-size: 10m"]
    if i % 3 == 0:
        out += ["    autoscaling:", "      min: 2", "      max: %d" % (4 + i % 12), "      cpu: %d" % (60 + i % 30)]
    if i % 4 == 1:
        out += ["    cron:", "      schedule: \"*/%d * * * *\"" % (5 + i % 25),
                "      command: [\"/bin/%s\", \"--once\", \"--batch=%d\"]" % (name, 100 + i)]
    if i % 2 == 0:
        out += ["    secrets:", "      - {name: DB_PASSWORD, key: db-password}", "      - {name: API_TOKEN, key: api-token}"]
    if i % 6 == 5:
        out += ["    resources:", "      requests: {cpu: 250m, memory: 512Mi}", "      limits: {cpu: \"1\", memory: 1Gi}"]
    peers = sorted({(i + 1) % n, (i + 7) % n} - {i})
    out += ["    allowFrom: [%s]" % ", ".join("svc-%04d" % p for p in peers)]
    return "\n".join(l for l in out if l is not None)


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: gen_values.py N")
    n = int(sys.argv[1])
    sys.stdout.write("workloads:\n" + "".join(workload(i, n) + "\n" for i in range(n)))


if __name__ == "__main__":
    main()
