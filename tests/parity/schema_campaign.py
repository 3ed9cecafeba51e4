#!/usr/bin/env python3
"""A differential campaign against the live helm for values.schema.json: random schemas (the
keywords of drafts 04 to 2020-12, numbers written as a hand writes them and as no float64 is,
regular expressions, formats, applicators, conditionals) and random values for them are rendered by
both tools and compared: the exit code, the output, and the error's lines (as a set: Helm lists
sibling errors in an order that changes from run to run). Like the other campaigns it is not a
test: it measures how often, and how, the engine's validation differs from Helm's. Deterministic
for a seed.

  tests/parity/schema_campaign.py --build build --count 300 --seed 1
  tests/parity/schema_campaign.py --build build --count 100 --show 5

A difference is one of:
  output     both rendered, and the text differs
  ours-only  Helm refused the values (or the schema) and the engine rendered
  helm-only  Helm rendered and the engine refused
  wording    both refused, with different lines
"""
import collections
import concurrent.futures
import json
import os
import random
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutation_campaign import campaign_arguments, campaign_env, campaign_tool, run  # noqa: E402

# Numbers as a schema may write them: JSON literals kept as text (the validator compares them
# exactly and prints them as written).
NUMBERS = ["0", "1", "2", "3", "-1", "-5", "10", "1.0", "2.50", "0.5", "0.1", "0.3", "1e2", "1E+2",
           "1e-3", "-0.0", "0.10000000000000001", "100000000000000000000", "100000000000000000001",
           "1e400", "65535", "1.5e1"]
STRINGS = ["", "a", "abc", "Hello", "a-b", "x.y", "12", "true", "null", "héllo", "a@b.c",
           "1.2.3.4", "::1", "2024-02-29", "2023-02-29", "12:30:00Z", "http://x.io/a", "/rel",
           "P1D", "1.2.3", "^a+$", "[", "a b"]
PATTERNS = ["^[a-z]+$", "^\\\\d+$", "a", "(?i)^h", "^.{2,}$", "^\\\\w+$", "[[:alpha:]]",
            "^\\\\p{Lu}"]
FORMATS = ["email", "ipv4", "ipv6", "date", "time", "date-time", "uri", "hostname", "duration",
           "uuid", "regex", "semver", "unknown-format"]
TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"]
DRAFTS = [None, None, None, "http://json-schema.org/draft-07/schema#",
          "http://json-schema.org/draft-04/schema#", "https://json-schema.org/draft/2019-09/schema"]
KEYS = ["a", "b", "c", "n", "s", "l", "m"]

# YAML scalars for the values file (numbers there are float64, YAML 1.1 booleans).
SCALARS = ["1", "1.0", "0.1", "0.3", "1e20", "100000000000000000001", "-0", "3", "2.5", "65536",
           "0x10", "-5", "10", "true", "no", "null", "~", '""', "a", "abc", "Hello", "'12'",
           "a@b.c", "1.2.3.4", "2024-02-29", "'2023-02-29'", "http://x.io/a", "héllo", "'a b'",
           "1.2.3", "'[['"]


def number(rng):
    return rng.choice(NUMBERS)


def collection(rng, r, depth, item, key, lists, maps):
    """A flow list (r below `lists`) or map (below `maps`) of items made by item(rng, depth + 1),
    keys written by key(); None for a scalar (or below the second level)."""
    if depth < 2 and r < lists:
        return "[%s]" % ", ".join(item(rng, depth + 1) for _ in range(rng.randint(0, 3)))
    if depth < 2 and r < maps:
        keys = rng.sample(KEYS, rng.randint(0, 2))
        return "{%s}" % ", ".join("%s: %s" % (key(k), item(rng, depth + 1)) for k in keys)
    return None


def literal(rng, depth=0):
    """A JSON literal as text, for enum and const."""
    r = rng.random()
    c = collection(rng, r, depth, literal, json.dumps, 0.12, 0.2)
    if c is not None:
        return c
    if r < 0.6:
        return number(rng)
    if r < 0.85:
        return json.dumps(rng.choice(STRINGS), ensure_ascii=False)
    return rng.choice(["true", "false", "null"])


def count(rng):
    return rng.choice(["0", "1", "2", "3", "2.0"])


def schema(rng, depth=0):
    """A schema as JSON text: a few keywords drawn at random."""
    if depth > 0 and rng.random() < 0.08:
        return rng.choice(["true", "false"])
    parts = []
    kinds = rng.sample(range(20), rng.randint(1, 3))
    for k in kinds:
        if k == 0:
            if rng.random() < 0.25:
                parts.append('"type": [%s]' % ", ".join(json.dumps(t) for t in rng.sample(TYPES, 2)))
            else:
                parts.append('"type": %s' % json.dumps(rng.choice(TYPES)))
        elif k == 1:
            parts.append('"enum": [%s]' % ", ".join(literal(rng) for _ in range(rng.randint(1, 4))))
        elif k == 2:
            parts.append('"const": %s' % literal(rng))
        elif k == 3:
            key = rng.choice(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                              "multipleOf"])
            value = number(rng)
            if key == "multipleOf" and value.lstrip("-") in ("0", "-0.0", "0.0"):
                value = "0.5"
            parts.append('"%s": %s' % (key, value))
        elif k == 4:
            parts.append('"%s": %s' % (rng.choice(["minLength", "maxLength"]), count(rng)))
        elif k == 5:
            parts.append('"pattern": "%s"' % rng.choice(PATTERNS))
        elif k == 6:
            parts.append('"format": %s' % json.dumps(rng.choice(FORMATS)))
        elif k == 7:
            key = rng.choice(["minItems", "maxItems", "minProperties", "maxProperties"])
            parts.append('"%s": %s' % (key, count(rng)))
        elif k == 8 and depth < 2:
            key = rng.choice(["items", "contains", "additionalProperties", "propertyNames", "not"])
            parts.append('"%s": %s' % (key, schema(rng, depth + 1)))
        elif k == 9:
            parts.append('"uniqueItems": %s' % rng.choice(["true", "false"]))
        elif k == 10:
            parts.append('"required": [%s]' % ", ".join(json.dumps(x) for x in
                                                        rng.sample(KEYS, rng.randint(1, 2))))
        elif k == 11 and depth < 2:
            key = rng.choice(["allOf", "anyOf", "oneOf"])
            parts.append('"%s": [%s]' % (key, ", ".join(schema(rng, depth + 1)
                                                         for _ in range(rng.randint(1, 3)))))
        elif k == 12 and depth < 2:
            parts.append('"if": %s, "then": %s' % (schema(rng, depth + 1), schema(rng, depth + 1)))
            if rng.random() < 0.5:
                parts.append('"else": %s' % schema(rng, depth + 1))
        elif k == 13 and depth < 2:
            props = rng.sample(KEYS, rng.randint(1, 2))
            parts.append('"properties": {%s}' % ", ".join(
                "%s: %s" % (json.dumps(p), schema(rng, depth + 1)) for p in props))
        elif k == 14:
            parts.append('"$ref": "%s"' % rng.choice(["#/definitions/d1", "#/definitions/d2",
                                                       "d3.json", "#a4", "d3.json#/minimum"]))
        elif k == 15 and depth < 2:
            parts.append('"patternProperties": {"%s": %s}' % (rng.choice(PATTERNS),
                                                              schema(rng, depth + 1)))
        elif k == 16 and depth < 2:
            key = rng.choice(["prefixItems", "unevaluatedItems", "unevaluatedProperties",
                              "dependentSchemas", "additionalItems"])
            if key == "prefixItems":
                parts.append('"prefixItems": [%s]' % ", ".join(schema(rng, depth + 1)
                                                             for _ in range(rng.randint(1, 2))))
            elif key == "dependentSchemas":
                parts.append('"dependentSchemas": {%s: %s}' % (json.dumps(rng.choice(KEYS)),
                                                               schema(rng, depth + 1)))
            else:
                parts.append('"%s": %s' % (key, schema(rng, depth + 1)))
        elif k == 17:
            key = rng.choice(["dependentRequired", "dependencies"])
            parts.append('"%s": {%s: [%s]}' % (key, json.dumps(rng.choice(KEYS)),
                                               json.dumps(rng.choice(KEYS))))
        elif k == 18:
            parts.append('"%s": %s' % (rng.choice(["minContains", "maxContains"]), count(rng)))
        elif k == 19:
            key = rng.choice(["title", "description", "$comment", "$id", "id", "examples",
                              "deprecated", "readOnly", "writeOnly", "contentEncoding", "default",
                              "$anchor", "uniqueItems"])
            parts.append('"%s": %s' % (key, rng.choice(['"text"', "5", "true", "[1]", "{}"])))
    return "{%s}" % ", ".join(parts)


def document(rng):
    """The chart's values.schema.json: an object with a few properties."""
    props = rng.sample(KEYS, rng.randint(1, 3))
    parts = []
    draft = rng.choice(DRAFTS)
    if draft:
        parts.append('"$schema": %s' % json.dumps(draft))
    parts.append('"properties": {%s}' % ", ".join(
        "%s: %s" % (json.dumps(p), schema(rng, 1)) for p in props))
    if rng.random() < 0.3:
        parts.append('"required": [%s]' % json.dumps(rng.choice(KEYS)))
    # d3 is a resource of its own (its '#/...' and anchors are its own), d4 has an anchor: an
    # `$id` "#a4" before 2019-09, `$anchor` from then on.
    def with_key(key_value):
        sub = schema(rng, 1)
        if not sub.startswith("{"):  # a boolean schema: as an object
            sub = "{}" if sub == "true" else '{"not": {}}'
        return ("{" + key_value + ", " + sub[1:]).replace(", }", "}")

    id_key = "id" if draft and "draft-04" in draft else "$id"
    anchor = ('"$anchor": "a4"' if draft is None or "2019" in draft
              else '"%s": "#a4"' % id_key)
    parts.append('"definitions": {"d1": %s, "d2": %s, "d3": %s, "d4": %s}' % (
        schema(rng, 1), schema(rng, 1), with_key('"%s": "d3.json"' % id_key), with_key(anchor)))
    return "{%s}\n" % ", ".join(parts)


def yaml_value(rng, depth=0):
    c = collection(rng, rng.random(), depth, yaml_value, str, 0.15, 0.25)
    return c if c is not None else rng.choice(SCALARS)


def values(rng):
    return "".join("%s: %s\n" % (k, yaml_value(rng)) for k in rng.sample(KEYS, rng.randint(1, 4)))


def lines(stderr):
    return sorted(stderr.decode("utf-8", "replace").strip().split("\n"))


def classify(h, o):
    if h[0] == 0 and o[0] == 0:
        return None if h[1] == o[1] else "output"
    if h[0] == 0:
        return "helm-only"
    if o[0] == 0:
        return "ours-only"
    return None if lines(h[2]) == lines(o[2]) else "wording"


def main():
    ap = campaign_arguments(__doc__)
    ap.add_argument("--count", type=int, default=300, help="schemas to try")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=0, help="print this many differing cases in full")
    opts = ap.parse_args()
    tool = campaign_tool(opts, "schema_campaign.py")
    rng = random.Random(opts.seed)
    cases = [(document(rng), values(rng)) for _ in range(opts.count)]
    kinds = collections.Counter()
    helm_refused = 0
    shown = []
    with tempfile.TemporaryDirectory(prefix="schemas-") as work:
        env = campaign_env(work)
        local = threading.local()
        slots = iter(range(10 ** 6))
        lock = threading.Lock()

        def check(case):
            if not hasattr(local, "chart"):
                with lock:
                    local.chart = os.path.join(work, "c%d" % next(slots))
                os.makedirs(os.path.join(local.chart, "templates"))
                with open(os.path.join(local.chart, "Chart.yaml"), "w") as f:
                    f.write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
                with open(os.path.join(local.chart, "templates", "t.yaml"), "w") as f:
                    f.write("v: {{ toJson .Values }}\n")
            with open(os.path.join(local.chart, "values.schema.json"), "w") as f:
                f.write(case[0])
            with open(os.path.join(local.chart, "values.yaml"), "w") as f:
                f.write(case[1])
            h = run([opts.helm, "template", "rel", local.chart], env)
            o = run([tool, "render", "--chart", local.chart, "--release", "rel"], env)
            return case, classify(h, o), h, o

        with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            for case, kind, h, o in pool.map(check, cases):
                helm_refused += h[0] != 0
                if kind is None:
                    continue
                kinds[kind] += 1
                if len(shown) < opts.show:
                    shown.append((case, kind, h, o))
    for (schema_text, values_text), kind, h, o in shown:
        print("=== %s\n--- values.schema.json:\n%s--- values.yaml:\n%s--- helm (exit %d):\n%s%s"
              "--- gitops-render (exit %d):\n%s%s" %
              (kind, schema_text, values_text, h[0], h[1].decode("utf-8", "replace"),
               h[2].decode("utf-8", "replace"), o[0], o[1].decode("utf-8", "replace"),
               o[2].decode("utf-8", "replace")))
    print("%d of %d schemas differ (%s); helm refused %d" % (
        sum(kinds.values()), len(cases),
        ", ".join("%s %d" % k for k in sorted(kinds.items())) or "none", helm_refused))
    return 0


if __name__ == "__main__":
    sys.exit(main())
