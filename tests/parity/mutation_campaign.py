#!/usr/bin/env python3
"""A differential campaign against the live helm: documents as a chart renders them, each with one
or two of the edits that break YAML in practice, are rendered by both tools and compared like a
parity case (stdout, stderr, exit code). It is not a test (it passes nothing and fails nothing): it
measures how often, and in what way, gitops-render words a broken document differently from Helm,
and prints the differences grouped by the two messages, so that the next fix can go where most of
them are. Deterministic for a seed.

  tests/parity/mutation_campaign.py --build build --count 400 --seed 1
  tests/parity/mutation_campaign.py --build build --count 50 --show 5    # five cases in full

The documents are the benchmark chart's at ten workloads (bench/gen_values.py 10); the edits: a
line indented one more or one less, ": x" added to a line, a quote dropped or added, a tab for the
spaces that indent a line, a line doubled, "{{" or "[" opening a value, the space after a key's ':'
taken away.

With --fragments the documents are instead strung together from two to eight lines drawn from a
list of YAML fragments, valid and broken (keys, entries, flow collections, quoted and block
scalars, anchors, tags, tabs, markers), most of them after a ConfigMap's head: a harsher mix than
real charts make, for the rarer paths of the reader.
"""
import argparse
import collections
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CHART_NAME = "c"
TEMPLATE = "templates/doc.yaml"


def base_documents(tool):
    """The benchmark chart's documents at ten workloads, without their frames."""
    values = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_values.py"), "10"],
                            check=True, capture_output=True).stdout
    with tempfile.NamedTemporaryFile(suffix=".yaml") as f:
        f.write(values)
        f.flush()
        out = subprocess.run([tool, "render", "--chart", os.path.join(ROOT, "bench", "chart"), "-f",
                              f.name, "--release", "rel"], check=True, capture_output=True).stdout
    docs = []
    for chunk in out.decode().split("---\n"):
        lines = [l for l in chunk.split("\n") if not l.startswith("# Source: ")]
        text = "\n".join(lines).strip("\n")
        if text:
            docs.append(text)
    return docs


def mutate(rng, doc):
    lines = doc.split("\n")
    i = rng.randrange(len(lines))
    line = lines[i]
    edit = rng.randrange(9)
    if edit == 0:
        lines[i] = " " + line
    elif edit == 1:
        lines[i] = line[1:] if line.startswith(" ") else "  " + line
    elif edit == 2:
        lines[i] = line + ": x"
    elif edit == 3:
        lines[i] = line.replace('"', "", 1) if '"' in line else line + ' "unclosed'
    elif edit == 4:
        lines[i] = "\t" + line.lstrip(" ") if line.startswith(" ") else line + "\t"
    elif edit == 5:
        lines.insert(i, line)
    elif edit == 6:
        lines[i] = line.replace(": ", ": {{", 1) if ": " in line else line + " {"
    elif edit == 7:
        lines[i] = line.replace(": ", ": [", 1) if ": " in line else "- " + line
    else:
        lines[i] = line.replace(": ", ":", 1) if ": " in line else line + ":"
    return "\n".join(lines)


# Lines to string documents together from (--fragments).
FRAGMENTS = [
    "a: 1", 'b: "x"', "c: 'y'", "d:", "- e", "- f: 2", "  g: 3", "    h: [1, 2]", "i: {j: k}",
    "k: |", "  block", "l: >-", "  folded", "m: &anc v", "n: *anc", "o: !!str 5", 'p: "unclosed',
    "q: 'x''y'", "r: [a, b", "s: {t: u", "  - v", "- - w", "x: y: z", "aa: bb #c", "# comment", "",
    "---", "...", "kind: Pod", "metadata:", "  name: n1", "  annotations:", "    helm.sh/hook: test",
    "apiVersion: v1", "\tz: 1", "key with space: 1", "? complex", ": v", '"q k": 1', "null: 1",
    "1: 2", "yes: no", "bb: @x", "cc: `x`", "dd: %x", "ee: - x", 'ff: "a\\qb"', "gg: 'a", "hh: [}",
    "ii: ]", "jj: {a: 1}}", "  kk", "ll:  ", "mm: !tag x", "nn: &a &b x", "oo: *undefined", "- ", "-",
    "pp: |2", "   three", "qq: >+", 'rr: "multi', '  line"', "ss: plain", "  continued", "tt: x #",
    "uu: [a: b]", "vv: {a, b}", 'ww: "\\x41"', 'xx: "\\u00e9"', "yy: ~", "zz: 0x1F", " a2: 1",
    "  - b2", "      c2: 3",
]


def fragments_document(rng):
    lines = [rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 8))]
    if rng.random() < 0.7:
        lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: t"] + lines
    return "\n".join(lines)


def run(cmd, env):
    p = subprocess.run(cmd, capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout, p.stderr


def message(stderr):
    """The first line of an error, its file and line numbers left out (for grouping)."""
    text = stderr.decode("utf-8", "replace").strip().split("\n")[0] if stderr else "(no error)"
    text = re.sub(r"^Error: YAML parse error on [^:]+: ", "", text)
    return re.sub(r"line \d+", "line N", text)


def campaign_arguments(doc):
    """A parser with the options every campaign takes: --build, --helm and --seed."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build directory")
    ap.add_argument("--helm", default=os.path.join(ROOT, ".tools", "bin", "helm"))
    ap.add_argument("--seed", type=int, default=1)
    return ap


def campaign_env(work):
    """The environment both tools run in: Helm's home, cache, config and data in `work`."""
    return dict(os.environ, HOME=work, HELM_CACHE_HOME=work, HELM_CONFIG_HOME=work,
                HELM_DATA_HOME=work, LC_ALL="C.UTF-8")


def campaign_tool(opts, script):
    """gitops-render in the build directory; exits when it or helm is missing."""
    tool = os.path.join(opts.build, "gitops-render")
    for path in (tool, opts.helm):
        if not os.access(path, os.X_OK):
            sys.exit("%s: %s is missing (build, or scripts/install-test-tools.sh)" % (script, path))
    return tool


def main():
    ap = campaign_arguments(__doc__)
    ap.add_argument("--count", type=int, default=200, help="documents to try")
    ap.add_argument("--show", type=int, default=0, help="print this many differing cases in full")
    ap.add_argument("--fragments", action="store_true",
                    help="documents strung together from random YAML fragments")
    opts = ap.parse_args()
    tool = campaign_tool(opts, "mutation_campaign.py")
    docs = [] if opts.fragments else base_documents(tool)
    rng = random.Random(opts.seed)
    differ = collections.Counter()
    helm_errors = 0
    one_refused = 0  # documents one tool renders and the other refuses
    shown = 0
    with tempfile.TemporaryDirectory(prefix="mutation-") as work:
        env = campaign_env(work)
        chart = os.path.join(work, CHART_NAME)
        os.makedirs(os.path.join(chart, "templates"))
        with open(os.path.join(chart, "Chart.yaml"), "w") as f:
            f.write("apiVersion: v2\nname: %s\nversion: 0.1.0\n" % CHART_NAME)
        for n in range(opts.count):
            if opts.fragments:
                doc = fragments_document(rng)
            else:
                doc = rng.choice(docs)
                for _ in range(rng.choice([1, 1, 2])):
                    doc = mutate(rng, doc)
            with open(os.path.join(chart, TEMPLATE), "w") as f:
                f.write(doc.replace("{{", '{{ "{{" }}') + "\n")  # the text itself, not actions
            h = run([opts.helm, "template", "rel", chart], env)
            o = run([tool, "render", "--chart", chart, "--release", "rel"], env)
            helm_errors += h[0] != 0
            want = 0 if h[0] == 0 else 2
            if h[1] == o[1] and h[2] == o[2] and o[0] == want:
                continue
            differ[(message(h[2]), message(o[2]))] += 1
            one_refused += (h[0] == 0) != (o[0] == 0)
            if shown < opts.show:
                shown += 1
                print("=== case %d (seed %d)\n%s\n--- helm (exit %d):\n%s--- gitops-render (exit %d):\n%s" %
                      (n, opts.seed, doc.replace("\t", "<TAB>"), h[0], h[2].decode("utf-8", "replace"),
                       o[0], o[2].decode("utf-8", "replace")))
    for (h, o), count in differ.most_common():
        print("%4d  helm: %s\n      ours: %s" % (count, h, o))
    print("%d of %d documents differ (helm refused %d of them all; one tool refused, the other "
          "rendered: %d)" % (sum(differ.values()), opts.count, helm_errors, one_refused))


if __name__ == "__main__":
    main()
