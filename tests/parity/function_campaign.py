#!/usr/bin/env python3
"""A differential campaign against the live helm for the template functions: random calls (Sprig's
and Helm's functions, the builtins, printf's verbs) with arguments of every kind, literal, from the
values (numbers there are float64) and from nested calls, are rendered by both tools and compared
(the output, the exit code and the error's first line). Like mutation_campaign.py it is not a test:
it measures how often, and how, the engine differs from Helm, grouped by kind of difference and by
function, so that the next fix can go where most of them are. Deterministic for a seed.

  tests/parity/function_campaign.py --build build --count 2000 --seed 1
  tests/parity/function_campaign.py --build build --count 500 --show 10 --only trunc,substr

Each call is rendered as `{{ $r := CALL }}` followed by printf "%v" of the result (as JSON, so
that it stays on a YAML comment's line) and its Go type ("%T"). Calls go to the tools in batches,
one template of many calls; a batch whose results differ is run again call by call. A difference is
one of:
  output     both rendered, and the text differs: the engine is silently wrong
  ours-only  Helm failed and the engine rendered
  helm-only  Helm rendered and the engine failed (a refusal names what it refuses)
  wording    both failed, with different first lines
  random     an output that differs where Helm's depends on chance: `keys` and `values` list a
             map in Go's iteration order, which differs from run to run (the engine sorts)

A call classed `random` at first is rendered by Helm again, 12 times and, while Helm keeps giving
one output, up to --helm-runs times in all: if one of those outputs is the engine's, the call
agrees; if Helm gave one output every time, the difference is `output` (a map of one key has one
order; Go starts a small map's iteration at a random one of its 8 slots, so the rarest order of a
map of up to 8 keys comes one run in 8, and 40 runs miss it once in 200); otherwise it stays
`random` (an order Helm gives but did not in those runs, or one it never gives).
"""
import collections
import concurrent.futures
import os
import random
import re
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutation_campaign import (campaign_arguments, campaign_env, campaign_tool, message,  # noqa: E402
                               run)

VALUES = """\
i: 3
neg: -4
f: 2.5
big: 1000000
s: Hello World
empty: ""
t: true
n: null
l: [b, 1, a]
nums: [3, 1, 2]
m: {a: 1, b: [x, y], c: {d: e}}
"""

# Arguments by kind: S string, I int, F float, L list, M map, B bool, R regex, A anything.
POOL = {
    "S": ['""', '"a"', '"Hello World"', '"foo-bar_baz Qux"', '"h\u00e9llo w\u00f6rld"',
          '"  padded  "', '"a,b,,c"', '"line1\\nline2"', '"12"', '"3.5"', '"true"', '"x.tar.gz"',
          '"/a/b/../c/"', '"AbC dEf"', ".Values.s", ".Values.empty", '"a b c d e f g"',
          # strings YAML and JSON writers must quote or fold with care
          '"yes"', '"Off"', '"~"', '"null"', '"1e3"', '"0x1F"', '"012"', '"1_000"', '"+1"', '".5"',
          '".inf"', '"-.Inf"', '".nan"', '"2001-12-14"', '"1:20"', '":"', '"- a"', '"a: b"',
          '"#c"', '"key: "', '" lead"', '"trail "', '"tab\\there"', '"multi\\nline\\n"',
          '"multi\\n  indented\\n\\n"', '"\'q\'"', '"\\"dq\\""', '"@at"', '"`tick"', '"%pct"',
          '"!bang"', '"&amp"', '"*star"', '"|pipe"', '">gt"', '"{"', '"[x]"', '"<<"', '"="',
          '"\\u00e9t\\u00e9"', '"\\u00a0nbsp"', '"line\\u2028sep"', '"\\x7f"', '"a\\rb"',
          '"very long words that go on and on past the width where a writer might fold them into lines"'],
    "I": ["0", "1", "-1", "2", "3", "7", "-3", "64", "1000000", ".Values.i", ".Values.neg",
          '(len "abc")', ".Values.big"],
    "F": ["1.5", "-2.5", "0.1", "1e21", "3.0", ".Values.f", "1e-7", "2.675"],
    "L": ["(list)", "(list 1 2 3)", '(list "b" "a" "c")', '(list 1 "a" 2.5 nil)', ".Values.l",
          ".Values.nums", '(list (list 1) (dict "a" 1))', '(list "a" "a" "b")', "(list 3.5 1 2)"],
    "M": ["(dict)", '(dict "a" 1 "b" "x")', ".Values.m", '(dict "b" (dict "c" 1) "a" (list 1 2))',
          '(dict "k" nil)'],
    "B": ["true", "false", ".Values.t"],
    "R": ['"a+"', '"[0-9]+"', '"^h"', '"(\\\\w)(\\\\w)"', '"."', '""', '"o"', '"[aeiou]"',
          '"(?i)hello"', '"a|b"'],
    "A": ["nil", ".Values.n", ".Values.missing"],
}
FORMATS = ['"%v"', '"%d"', '"%s"', '"%q"', '"%5.2f"', '"%x"', '"%06.2f"', '"%-4s|"', '"%t"',
           '"%e"', '"%g"', '"%03d"', '"%+d"', '"%%"', '"%T"', '"%v-%v"', '"%#v"', '"%8.3s|"',
           '"%X"', '"%o"', '"%b"', '"%c"', '"%U"', '"%.0f"', '"%10v|"']

# name: parameter kinds; "*K" at the end: any number more of kind K.
FUNCTIONS = {
    # strings
    "trim": "S", "trimAll": "SS", "trimPrefix": "SS", "trimSuffix": "SS", "upper": "S",
    "lower": "S", "title": "S", "untitle": "S", "repeat": "IS", "substr": "IIS", "nospace": "S",
    "trunc": "IS", "abbrev": "IS", "abbrevboth": "IIS", "initials": "S", "wrap": "IS",
    "wrapWith": "ISS", "contains": "SS", "hasPrefix": "SS", "hasSuffix": "SS", "quote": "*A",
    "squote": "*A", "cat": "*A", "indent": "IS", "nindent": "IS", "replace": "SSS",
    "plural": "SSI", "snakecase": "S", "camelcase": "S", "kebabcase": "S", "swapcase": "S",
    "toString": "A", "toStrings": "L", "join": "SL", "split": "SS", "splitList": "SS",
    "splitn": "SIS", "sortAlpha": "L", "regexMatch": "RS", "regexFind": "RS",
    "regexFindAll": "RSI", "regexReplaceAll": "RSS", "regexReplaceAllLiteral": "RSS",
    "regexSplit": "RSI", "regexQuoteMeta": "S", "b64enc": "S", "b64dec": "S", "b32enc": "S",
    "b32dec": "S", "sha1sum": "S", "sha256sum": "S", "adler32sum": "S", "base": "S", "dir": "S",
    "ext": "S", "clean": "S", "isAbs": "S", "html": "*A", "js": "*A", "urlquery": "*A",
    "print": "*A", "println": "*A", "printf": "f*A", "urlJoin": "M", "urlParse": "S",
    # numbers
    "add": "II*I", "add1": "I", "sub": "II", "mul": "II*I", "div": "II", "mod": "II",
    "max": "I*I", "min": "I*I", "floor": "F", "ceil": "F", "round": "FI", "addf": "FF*F",
    "subf": "FF", "mulf": "FF", "divf": "FF", "maxf": "F*F", "minf": "F*F", "int": "A",
    "int64": "A", "float64": "A", "atoi": "S", "seq": "I*I", "until": "I", "untilStep": "III",
    "len": "A", "toDecimal": "S", "biggest": "I*I",
    # lists
    "list": "*A", "first": "L", "last": "L", "rest": "L", "initial": "L", "append": "LA",
    "prepend": "LA", "concat": "L*L", "reverse": "L", "uniq": "L", "without": "LA", "has": "AL",
    "compact": "L", "slice": "LI", "chunk": "IL", "index": "LI", "mustFirst": "L",
    "mustLast": "L", "mustRest": "L", "mustAppend": "LA", "mustUniq": "L",
    # dicts
    "dict": "*A", "get": "MS", "set": "MSA", "unset": "MS", "hasKey": "MS", "pluck": "SM*M",
    "keys": "M*M", "values": "M", "pick": "MS*S", "omit": "MS*S", "merge": "MM*M",
    "mergeOverwrite": "MM*M", "deepCopy": "A", "dig": "SAM",
    # types, defaults, encodings
    "kindOf": "A", "typeOf": "A", "kindIs": "SA", "typeIs": "SA", "typeIsLike": "SA",
    "empty": "A", "default": "AA", "coalesce": "*A", "ternary": "AAB", "toJson": "A",
    "toPrettyJson": "A", "toRawJson": "A", "fromJson": "S", "fromJsonArray": "S", "toYaml": "A",
    "fromYaml": "S", "fromYamlArray": "S", "required": "SA", "semver": "S",
    "semverCompare": "SS", "eq": "AA*A", "ne": "AA", "lt": "AA", "le": "AA", "gt": "AA",
    "ge": "AA", "and": "A*A", "or": "A*A", "not": "A", "all": "*A", "any": "*A",
}

# Strings worth handing to the decoders and parsers.
SPECIAL = {
    "fromJson": ['"{\\"a\\": 1, \\"b\\": [1.5, \\"x\\"]}"', '"[1, 2]"', '"1e3"', '"nope"'],
    "fromJsonArray": ['"[1, \\"a\\", {\\"b\\": null}]"', '"{}"'],
    "fromYaml": ['"a: 1\\nb: [x, 2.5]\\n"', '"- 1\\n- 2\\n"', '"a: yes\\nb: 0x1F\\n"', '": x"'],
    "fromYamlArray": ['"- a\\n- 1.0\\n"', '"a: 1"'],
    "semver": ['"1.2.3"', '"v1.2.3-rc.1+build"', '"1.2"', '"x"'],
    "semverCompare": ['">=1.2.0"', '"~1.2"', '"^1.0 || >=3"', '"1.2.3"', '"v1.30.1"'],
    "b64dec": ['"aGVsbG8="', '"aGVsbG8"', '"!!"'],
    "b32dec": ['"NBSWY3DP"', '"x"'],
    "atoi": ['"42"', '"-7"', '"4.5"', '"x"'],
    "toDecimal": ['"0777"', '"10"', '"9"'],
    "urlParse": ['"https://u:p@h.example:8080/p/a?q=1&r=x#frag"', '"/rel?x"'],
    "kindIs": ['"string"', '"map"', '"slice"', '"float64"', '"int"', '"invalid"'],
    "typeIs": ['"string"', '"float64"', '"int"', '"[]interface {}"', '"map[string]interface {}"'],
    "typeIsLike": ['"string"', '"*string"', '"float64"'],
}


def expression(rng, kind="A", depth=0):
    """A random argument of `kind`, now and then of another kind (Helm's error path)."""
    if rng.random() < 0.12:
        kind = rng.choice("SIFLMBA")
    if depth < 2 and rng.random() < 0.18:
        candidates = [n for n, k in FUNCTIONS.items() if kind == "A" or returns(n) == kind]
        if candidates:
            return "(%s)" % call(rng, rng.choice(candidates), depth + 1)
    pool = POOL[kind] + (POOL["A"] if kind == "A" else [])
    if kind == "A":
        pool = pool + [rng.choice(POOL[k]) for k in "SIFLMB"]
    return rng.choice(pool)


def returns(name):
    """The kind a function gives, roughly (for nesting)."""
    if name in ("list", "splitList", "regexFindAll", "regexSplit", "until", "untilStep", "keys",
                "values", "sortAlpha", "toStrings", "uniq", "compact", "reverse", "rest", "initial",
                "append", "prepend", "concat", "without", "chunk", "slice", "pluck"):
        return "L"
    if name in ("dict", "merge", "mergeOverwrite", "pick", "omit", "set", "unset", "fromYaml",
                "fromJson", "split", "urlParse", "semver"):
        return "M"
    if name in ("add", "add1", "sub", "mul", "div", "mod", "max", "min", "int", "int64", "len",
                "atoi", "round", "biggest", "toDecimal"):
        return "I"
    if name in ("floor", "ceil", "addf", "subf", "mulf", "divf", "maxf", "minf", "float64"):
        return "F"
    if name in ("contains", "hasPrefix", "hasSuffix", "regexMatch", "empty", "has", "hasKey",
                "kindIs", "typeIs", "typeIsLike", "isAbs", "semverCompare", "eq", "ne", "lt",
                "le", "gt", "ge", "not"):
        return "B"
    return "S"


def call(rng, name, depth=0):
    if name == "dict":
        args = []
        for _ in range(rng.choice([0, 1, 2, 3])):
            args += [rng.choice(['"a"', '"b"', '"z"']), expression(rng, "A", depth)]
        if rng.random() < 0.1:
            args.append(expression(rng, "A", depth))  # a key without its value
        return " ".join(["dict"] + args)
    kinds = FUNCTIONS[name]
    args = []
    for i, k in enumerate(kinds):
        if k == "*":
            more = kinds[i + 1]
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                args.append(expression(rng, more, depth))
            break
        if k == "f":
            args.append(rng.choice(FORMATS))
        elif name in SPECIAL and k == "S" and rng.random() < 0.7:
            args.append(rng.choice(SPECIAL[name]))
        else:
            args.append(expression(rng, k, depth))
    return " ".join([name] + args)


def template_of(calls):
    """One template rendering each call's result (and type) on lines of YAML comments."""
    out = []
    for n, c in enumerate(calls):
        out.append('{{- $r := %s }}\n# %d v: {{ printf "%%v" $r | toJson }} t: {{ printf "%%T" $r }}\n'
                   % (c, n))
    return "".join(out)


def classify(h, o, call_text=""):
    if h[0] == 0 and o[0] == 0:
        if h[1] == o[1]:
            return None
        return "random" if re.search(r"\b(keys|values) ", call_text) else "output"
    if h[0] == 0:
        return "helm-only"
    if o[0] == 0:
        return "ours-only"
    return None if message(h[2]) == message(o[2]) else "wording"


class Renderer:
    """Renders a template with both tools, in a chart of the calling thread's own."""

    def __init__(self, work, helm, tool):
        self.work, self.helm, self.tool = work, helm, tool
        self.env = campaign_env(work)
        self.local = threading.local()
        self.slots = 0
        self.lock = threading.Lock()

    def both(self, text):
        if not hasattr(self.local, "slot"):
            with self.lock:
                self.local.slot, self.slots = self.slots, self.slots + 1
        chart = os.path.join(self.work, "c%d" % self.local.slot)
        if not os.path.isdir(chart):
            os.makedirs(os.path.join(chart, "templates"))
            with open(os.path.join(chart, "Chart.yaml"), "w") as f:
                f.write("apiVersion: v2\nname: c\nversion: 0.1.0\n")
            with open(os.path.join(chart, "values.yaml"), "w") as f:
                f.write(VALUES)
        with open(os.path.join(chart, "templates", "t.yaml"), "w") as f:
            f.write(text)
        h = run([self.helm, "template", "rel", chart], self.env)
        o = run([self.tool, "render", "--chart", chart, "--release", "rel"], self.env)
        return h, o

    def helm_outputs(self, times):
        """The outputs of Helm rendering this thread's last template `times` times more."""
        chart = os.path.join(self.work, "c%d" % self.local.slot)
        return {run([self.helm, "template", "rel", chart], self.env)[1] for _ in range(times)}


def settle_random(renderer, most, h, o):
    """The class of a `random` difference once Helm has rendered the call again (see above)."""
    outputs = {h[1]}
    runs = 1
    while runs < most and o[1] not in outputs and (runs == 1 or len(outputs) == 1):
        more = min(12, most - runs) if runs == 1 else most - runs
        outputs |= renderer.helm_outputs(more)
        runs += more
    if o[1] in outputs:
        return None
    return "output" if len(outputs) == 1 else "random"


def main():
    ap = campaign_arguments(__doc__)
    ap.add_argument("--count", type=int, default=1000, help="calls to try")
    ap.add_argument("--batch", type=int, default=20, help="calls per template at first")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=0, help="print this many differing calls in full")
    ap.add_argument("--only", default="", help="comma-separated functions to call (default: all)")
    ap.add_argument("--helm-runs", type=int, default=40,
                    help="Helm's runs in all of a call whose output depends on map order")
    opts = ap.parse_args()
    tool = campaign_tool(opts, "function_campaign.py")
    names = [n for n in opts.only.split(",") if n] or sorted(FUNCTIONS)
    for n in names:
        if n not in FUNCTIONS:
            sys.exit("function_campaign.py: no function %s in the campaign's table" % n)
    rng = random.Random(opts.seed)
    calls = [call(rng, rng.choice(names)) for _ in range(opts.count)]
    batches = [calls[i:i + opts.batch] for i in range(0, len(calls), opts.batch)]
    kinds = collections.Counter()
    by_function = collections.Counter()
    helm_failed = 0
    shown = []
    with tempfile.TemporaryDirectory(prefix="functions-") as work:
        r = Renderer(work, opts.helm, tool)

        def check_batch(index):
            batch = batches[index]
            h, o = r.both(template_of(batch))
            if h[0] == 0 and classify(h, o, " ".join(batch)) is None:
                return [(c, None, h, o) for c in batch]
            results = []
            for c in batch:
                hc, oc = r.both(template_of([c]))
                kind = classify(hc, oc, c)
                if kind == "random":
                    kind = settle_random(r, opts.helm_runs, hc, oc)
                results.append((c, kind, hc, oc))
            return results

        with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
            for results in pool.map(check_batch, range(len(batches))):
                for c, kind, h, o in results:
                    helm_failed += h[0] != 0
                    if kind is None:
                        continue
                    kinds[kind] += 1
                    by_function[(kind, c.split()[0])] += 1
                    if len(shown) < opts.show:
                        shown.append((c, kind, h, o))
    for c, kind, h, o in shown:
        print("=== %s: {{ %s }}\n--- helm (exit %d):\n%s%s--- gitops-render (exit %d):\n%s%s" %
              (kind, c, h[0], h[1].decode("utf-8", "replace"), h[2].decode("utf-8", "replace"),
               o[0], o[1].decode("utf-8", "replace"), o[2].decode("utf-8", "replace")))
    for (kind, name), count in by_function.most_common():
        print("%4d  %-9s %s" % (count, kind, name))
    print("%d of %d calls differ (%s); helm failed on %d" % (
        sum(kinds.values()), len(calls),
        ", ".join("%s %d" % k for k in sorted(kinds.items())) or "none", helm_failed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
