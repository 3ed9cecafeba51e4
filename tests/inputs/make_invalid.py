#!/usr/bin/env python3
"""Writes the invalid-payload corpus: tests/inputs/invalid/<case>.json and <case>.expect.

Each case is a valid base payload with one mistake (drawn from ../shared/reference/bad-inputs.md),
or raw text for parse errors. The .expect file lists, one per line, the diagnostic each mistake
must produce: `CODE POINTER LINE` (errors only, sorted by line). Lines are computed here from the
JSON this script writes, independently of gitops-render. Run it after changing a case; review the
diff like code.
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "invalid")


def base():
    return {
        "schema_version": 1,
        "project": "demo",
        "environment": "dev",
        "base_domain": "demo.example.test",
        "deployed_apps": [
            {"name": "web", "image": "ghcr.io/acme/web:1.0.0",
             "ports": [{"name": "http", "port": 8080}], "fqdn": "web.demo.example.test"},
        ],
    }


def dump(value):
    """Pretty JSON (2-space indent) and the line of every value and key by JSON pointer."""
    lines = []
    where = {}

    def esc(token):
        return str(token).replace("~", "~0").replace("/", "~1")

    def write(v, pointer, indent, prefix):
        pad = "  " * indent
        where[pointer] = len(lines) + 1
        if isinstance(v, dict) and v:
            lines.append(prefix + "{")
            items = list(v.items())
            for i, (k, child) in enumerate(items):
                write(child, pointer + "/" + esc(k), indent + 1, "  " * (indent + 1) + json.dumps(k) + ": ")
                if i < len(items) - 1:
                    lines[-1] += ","
            lines.append(pad + "}")
        elif isinstance(v, list) and v:
            lines.append(prefix + "[")
            for i, child in enumerate(v):
                write(child, pointer + "/" + str(i), indent + 1, "  " * (indent + 1))
                if i < len(v) - 1:
                    lines[-1] += ","
            lines.append(pad + "]")
        else:
            lines.append(prefix + json.dumps(v, ensure_ascii=False))

    write(value, "", 0, "")
    return "\n".join(lines) + "\n", where


CASES = []


def case(name, expect):
    def register(mutate):
        CASES.append((name, mutate, expect))
        return mutate
    return register


def app(p, i=0):
    return p["deployed_apps"][i]


def second_app(p, **fields):
    a = {"name": "api", "image": "ghcr.io/acme/api:1.0.0", "ports": [{"name": "http", "port": 9000}]}
    a.update(fields)
    p["deployed_apps"].append(a)
    return a


# ---- schema: types, ranges, unknown fields (rows 6-9) ----
@case("replicas-float", [("E_SCHEMA", "/deployed_apps/0/replicas")])
def _(p): app(p)["replicas"] = 3.5
@case("replicas-negative", [("E_SCHEMA", "/deployed_apps/0/replicas")])
def _(p): app(p)["replicas"] = -1
@case("replicas-too-many", [("E_SCHEMA", "/deployed_apps/0/replicas")])
def _(p): app(p)["replicas"] = 1001
@case("replicas-string", [("E_SCHEMA", "/deployed_apps/0/replicas")])
def _(p): app(p)["replicas"] = "3"
@case("port-zero", [("E_SCHEMA", "/deployed_apps/0/ports/0/port")])
def _(p): app(p)["ports"][0]["port"] = 0
@case("port-too-high", [("E_SCHEMA", "/deployed_apps/0/ports/0/port")])
def _(p): app(p)["ports"][0]["port"] = 70000
@case("env-as-list", [("E_SCHEMA", "/deployed_apps/0/env")])
def _(p): app(p)["env"] = ["A=1"]
@case("ports-as-map", [("E_SCHEMA", "/deployed_apps/0/ports")])
def _(p): app(p)["ports"] = {"http": 8080}
@case("depends-on-string", [("E_SCHEMA", "/deployed_apps/0/depends_on")])
def _(p): app(p)["depends_on"] = "api"
@case("unknown-field-typo", [("E_SCHEMA", "/deployed_apps/0/replica")])
def _(p): app(p)["replica"] = 3
@case("unknown-top-level-field", [("E_SCHEMA", "/enviroment")])
def _(p): p["enviroment"] = "prod"
@case("camel-case-field", [("E_SCHEMA", "/deployed_apps/0/secretEnv")])
def _(p): app(p)["secretEnv"] = {"A": "x/y"}
@case("schema-version-2", [("E_SCHEMA", "/schema_version")])
def _(p): p["schema_version"] = 2
@case("schema-version-missing", [("E_SCHEMA", "")])
def _(p): del p["schema_version"]
@case("no-apps", [("E_SCHEMA", "/deployed_apps")])
def _(p): p["deployed_apps"] = []
@case("kind-unknown", [("E_SCHEMA", "/deployed_apps/0/kind")])
def _(p): app(p)["kind"] = "pod"

# ---- names (rows 10-12, 15, 16) ----
@case("name-uppercase", [("E_SCHEMA", "/deployed_apps/0/name")])
def _(p): app(p)["name"] = "Web"
@case("name-leading-digit", [("E_SCHEMA", "/deployed_apps/0/name")])
def _(p): app(p)["name"] = "1web"
@case("name-underscore", [("E_SCHEMA", "/deployed_apps/0/name")])
def _(p): app(p)["name"] = "web_api"
@case("name-too-long", [("E_SCHEMA", "/deployed_apps/0/name")])
def _(p): app(p)["name"] = "w" * 64
@case("cronjob-name-over-52", [("E_SEMANTIC", "/deployed_apps/1/name")])
def _(p): p["deployed_apps"].append({"name": "c" * 53, "kind": "cronjob", "schedule": "0 3 * * *", "image": "ghcr.io/acme/c:1"})
@case("database-name-over-54", [("E_SEMANTIC", "/deployed_apps/1/name")])
def _(p): p["deployed_apps"].append({"name": "d" * 55, "image": "ghcr.io/acme/d:1", "database": "postgres"})
@case("cache-name-over-50", [("E_SEMANTIC", "/deployed_apps/1/name")])
def _(p): p["deployed_apps"].append({"name": "r" * 51, "image": "ghcr.io/acme/r:1", "cache": "redis"})
@case("env-name-leading-digit", [("E_SCHEMA", "/deployed_apps/0/env/1FOO")])
def _(p): app(p)["env"] = {"1FOO": "x"}
@case("env-name-with-equals", [("E_SCHEMA", "/deployed_apps/0/env/FOO=BAR")])
def _(p): app(p)["env"] = {"FOO=BAR": "x"}
@case("env-and-secret-env-collide", [("E_SEMANTIC", "/deployed_apps/0/secret_env/SESSION")])
def _(p): app(p)["env"] = {"SESSION": "x"}; app(p)["secret_env"] = {"SESSION": "web/session"}
@case("port-name-underscore", [("E_SCHEMA", "/deployed_apps/0/ports/0/name")])
def _(p): app(p)["ports"][0]["name"] = "http_metrics"
@case("port-name-without-letter", [("E_SEMANTIC", "/deployed_apps/0/ports/0/name")])
def _(p): app(p)["ports"][0]["name"] = "8080"
@case("port-name-twice", [("E_SEMANTIC", "/deployed_apps/0/ports/1/name")])
def _(p): app(p)["ports"].append({"name": "http", "port": 9090})
@case("port-number-twice", [("E_SEMANTIC", "/deployed_apps/0/ports/1/port")])
def _(p): app(p)["ports"].append({"name": "metrics", "port": 8080})

# ---- resources (row 18) ----
@case("memory-bad-suffix", [("E_SCHEMA", "/deployed_apps/0/resources/requests/memory")])
def _(p): app(p)["resources"] = {"requests": {"memory": "512MB"}}
@case("cpu-negative", [("E_SCHEMA", "/deployed_apps/0/resources/limits/cpu")])
def _(p): app(p)["resources"] = {"limits": {"cpu": "-1"}}
@case("request-above-limit", [("E_SEMANTIC", "/deployed_apps/0/resources/requests/memory")])
def _(p): app(p)["resources"] = {"requests": {"memory": "1Gi"}, "limits": {"memory": "512Mi"}}

# ---- hosts (rows 19-21) ----
@case("host-with-scheme", [("E_SCHEMA", "/deployed_apps/0/fqdn")])
def _(p): app(p)["fqdn"] = "https://shop.example"
@case("host-ip-address", [("E_SEMANTIC", "/deployed_apps/0/fqdn")])
def _(p): app(p)["fqdn"] = "10.0.0.5"
@case("host-uppercase", [("E_SCHEMA", "/deployed_apps/0/fqdn")])
def _(p): app(p)["fqdn"] = "Shop.Example"
@case("host-empty-label", [("E_SCHEMA", "/deployed_apps/0/fqdn")])
def _(p): app(p)["fqdn"] = "shop..example"
@case("host-over-64-with-tls", [("E_SEMANTIC", "/deployed_apps/0/fqdn")])
def _(p): app(p)["fqdn"] = "a" * 40 + "." + "b" * 20 + ".example"
@case("host-claimed-twice", [("E_SEMANTIC", "/deployed_apps/1/fqdn")])
def _(p): second_app(p, fqdn="web.demo.example.test")
@case("host-without-exposed-port", [("E_SEMANTIC", "/deployed_apps/0/fqdn")])
def _(p): app(p)["ports"][0]["expose"] = False
@case("path-injection", [("E_SCHEMA", "/deployed_apps/0/paths/0")])
def _(p): app(p)["paths"] = ["/api;\n  location /admin {"]

# ---- apps and ordering (rows 22, 25) ----
@case("app-name-twice", [("E_SEMANTIC", "/deployed_apps/1/name")])
def _(p): second_app(p, name="web")
# The cycle is reported once, at the dependency that closes it (web -> api -> web, found from api).
@case("depends-on-cycle", [("E_SEMANTIC", "/deployed_apps/0/depends_on")])
def _(p): app(p)["depends_on"] = ["api"]; second_app(p, depends_on=["web"])
@case("depends-on-self", [("E_SEMANTIC", "/deployed_apps/0/depends_on")])
def _(p): app(p)["depends_on"] = ["web"]
@case("depends-on-ghost", [("E_SEMANTIC", "/deployed_apps/0/depends_on")])
def _(p): app(p)["depends_on"] = ["ghost"]

# ---- cron and kinds (rows 26, 28) ----
@case("cron-minute-61", [("E_SEMANTIC", "/deployed_apps/1/schedule")])
def _(p): p["deployed_apps"].append({"name": "nightly", "kind": "cronjob", "schedule": "61 * * * *", "image": "ghcr.io/acme/n:1"})
@case("cron-six-fields", [("E_SCHEMA", "/deployed_apps/1/schedule")])
def _(p): p["deployed_apps"].append({"name": "nightly", "kind": "cronjob", "schedule": "0 0 3 * * *", "image": "ghcr.io/acme/n:1"})
@case("cron-with-time-zone", [("E_SCHEMA", "/deployed_apps/1/schedule")])
def _(p): p["deployed_apps"].append({"name": "nightly", "kind": "cronjob", "schedule": "CRON_TZ=Europe/Paris 0 3 * * *", "image": "ghcr.io/acme/n:1"})
@case("schedule-on-deployment", [("E_SEMANTIC", "/deployed_apps/0/schedule")])
def _(p): app(p)["schedule"] = "0 3 * * *"
@case("cronjob-without-schedule", [("E_SEMANTIC", "/deployed_apps/1")])
def _(p): p["deployed_apps"].append({"name": "nightly", "kind": "cronjob", "image": "ghcr.io/acme/n:1"})
@case("fqdn-on-a-job", [("E_SEMANTIC", "/deployed_apps/1/fqdn")])
def _(p): p["deployed_apps"].append({"name": "migrate", "kind": "job", "image": "ghcr.io/acme/m:1", "fqdn": "m.demo.example.test"})
@case("knative-min-above-max", [("E_SEMANTIC", "/deployed_apps/1/scaling")])
def _(p): p["deployed_apps"].append({"name": "thumbs", "kind": "knative", "image": "ghcr.io/acme/t:1", "scaling": {"min_scale": 5, "max_scale": 2}})

# ---- namespaces and environments (row 30) ----
@case("namespace-kube-system", [("E_SEMANTIC", "/namespace")])
def _(p): p["namespace"] = "kube-system"
@case("namespace-default", [("E_SEMANTIC", "/namespace")])
def _(p): p["namespace"] = "default"
@case("environment-not-in-environments", [("E_SEMANTIC", "/environment")])
def _(p): p["environments"] = {"staging": {"domain_prefix": "staging."}}

# ---- secrets (rows 65-67) ----
@case("literal-secret-by-name", [("E_SECRET", "/deployed_apps/0/env/DB_PASSWORD")])
def _(p): app(p)["env"] = {"DB_PASSWORD": "hunter2"}
@case("literal-secret-url-userinfo", [("E_SECRET", "/deployed_apps/0/env/DATABASE_URL")])
def _(p): app(p)["env"] = {"DATABASE_URL": "postgres://user:pw@db/app"}
@case("literal-secret-aws-key", [("E_SECRET", "/deployed_apps/0/env/UPLOAD_ID")])
def _(p): app(p)["env"] = {"UPLOAD_ID": "AKIAIOSFODNN7EXAMPLE"}
@case("secret-ref-traversal", [("E_SCHEMA", "/deployed_apps/0/secret_env/STRIPE")])
def _(p): app(p)["secret_env"] = {"STRIPE": "api/../../other/key"}

# ---- repository and images (rows 33, 68) ----
@case("repo-url-with-credentials", [("E_SCHEMA", "/gitops/repo_url")])
def _(p): p["gitops"] = {"repo_url": "https://user:ghp_x@github.com/acme/x.git"}
@case("repo-url-file-scheme", [("E_SCHEMA", "/gitops/repo_url")])
def _(p): p["gitops"] = {"repo_url": "file:///etc"}
@case("image-without-tag", [("E_SCHEMA", "/deployed_apps/0/image")])
def _(p): app(p)["image"] = "ghcr.io/acme/web"
@case("image-short-digest", [("E_SCHEMA", "/deployed_apps/0/image")])
def _(p): app(p)["image"] = "ghcr.io/acme/web:1@sha256:123"

# ---- several mistakes at once ----
@case("five-mistakes", [("E_SCHEMA", "/project"), ("E_SCHEMA", "/deployed_apps/0/replica"),
                        ("E_SCHEMA", "/deployed_apps/0/kind"), ("E_SCHEMA", "/deployed_apps/0/ports/0/port"),
                        ("E_SCHEMA", "/deployed_apps/0/resources/preset")])
def _(p):
    p["project"] = "Demo"
    app(p)["replica"] = 3
    app(p)["kind"] = "pod"
    app(p)["ports"][0]["port"] = 70000
    app(p)["resources"] = {"preset": "huge"}

# ---- parse errors and limits on raw text (rows 1-5): (name, text, [(code, pointer, line)]) ----
VALID, _ = dump(base())
RAW = [
    ("json5-trailing-comma", VALID.replace('"dev",', '"dev",,', 1), [("E_PARSE", "", 4)]),
    ("json5-comment", "// note\n" + VALID, [("E_PARSE", "", 1)]),
    ("json5-nan", VALID.replace('"schema_version": 1', '"schema_version": NaN'), [("E_PARSE", "/schema_version", 2)]),
    ("json5-single-quotes", VALID.replace('"project": "demo"', "'project': 'demo'"), [("E_PARSE", "", 3)]),
    ("duplicate-key", VALID.replace('"name": "web",', '"name": "web",\n      "name": "admin",'),
     [("E_PARSE", "/deployed_apps/0/name", 9)]),
    ("number-overflow", VALID.replace('"port": 8080', '"port": 1e400'), [("E_PARSE", "/deployed_apps/0/ports/0/port", 13)]),
    ("deep-nesting", VALID.replace('"schema_version": 1', '"schema_version": ' + "[" * 100 + "]" * 100),
     [("E_LIMIT", "/schema_version" + "/0" * 63, 2)]),  # where depth 64 is passed
    ("lone-surrogate", VALID.replace('"demo"', '"\\ud800"', 1), [("E_PARSE", "/project", 3)]),
    ("control-character", VALID.replace('"demo"', '"de\\u001bmo"', 1), [("E_SCHEMA", "/project", 3)]),
    ("nul-in-name", VALID.replace('"web"', '"w\\u0000eb"', 1), [("E_SCHEMA", "/deployed_apps/0/name", 8)]),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    for name, mutate, expect in CASES:
        p = copy.deepcopy(base())
        mutate(p)
        text, where = dump(p)
        rows = sorted((where.get(ptr, where.get(ptr.rsplit("/", 1)[0], 1)), code, ptr) for code, ptr in expect)
        write(name, text, [(c, ptr, line) for line, c, ptr in rows])
    for name, text, rows in RAW:
        write(name, text, rows)
    print(f"{len(CASES) + len(RAW)} cases in {OUT}")


def write(name, text, rows):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write(text)
    with open(os.path.join(OUT, name + ".expect"), "w") as f:
        for code, ptr, line in rows:
            f.write(f"{code} {ptr or '-'} {line}\n")


if __name__ == "__main__":
    main()
