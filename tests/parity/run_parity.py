#!/usr/bin/env python3
"""Parity oracle: renders every case with the real helm and with gitops-render, live, and compares.

Each case is a chart directory tests/parity/cases/<name>/ holding:
  args   one `helm template` flag per line after `rel <chart>`; `{dir}` is replaced by the case directory,
         `{out}` by an empty scratch directory of each run's own (for --output-dir): the files the runs
         write there are compared too, and the directory's path reads `{out}` in what they print
  meta   optional `key: value` lines:
           expect: refused     the case uses a function gitops-render refuses on purpose (nondeterministic
                               in Helm); then only gitops-render runs, and it must exit 2 naming
                               `function:` and the template location `at:` (chart/templates/x:LINE, any column)
           stderr: set         compare stderr as a set of lines (Helm prints schema errors in varying order;
                               this is also switched on automatically when Helm's stderr is a schema error)
           stderr: exact       compare stderr byte for byte even for a schema error (errors at one place
                               come in a fixed order)
           stdout: files       compare stdout as the files `helm template --debug` lists after a document
                               that is not YAML: Helm goes over them in Go's map order, which varies from
                               run to run, so the "---\n# Source: " chunks are compared in any order, each
                               without the white space it ends in (Helm trims only the last one's)
           release: NAME       the release name both tools get instead of `rel` (may be empty)
           env: K=V ...        environment variables both tools get (e.g. HELM_NAMESPACE=prod); `{dir}`
                               in a value is the case directory (KUBECONFIG={dir}/kube/config)
           chart: PATH         render PATH (relative to the case) instead of the case directory, e.g. a
                               packaged chart built by `pack`, or a file that is not a chart at all
  pack   optional: packaged charts (.tgz) to build before rendering, one per line:
           TARGET SOURCE [prefix=NAME] [truncate=BYTES]
         packs the directory SOURCE (relative to the case) into TARGET with entries named
         NAME/<path below SOURCE> (NAME defaults to SOURCE's last element), gzip-compressed, in sorted order
         with fixed times and owners; truncate= keeps only the first BYTES of the result. Such a case is
         copied to a scratch directory, the archives are built there in the order given (so an archive can
         go inside the source of a later one), and `pack` and `src/` are removed before both tools run.

What is compared, per case (never against stored expectations, so nothing can drift from Helm):
  stdout  byte for byte
  stderr  exact, or as a set of lines (see above). Helm's structured log lines (`level=INFO`, `level=WARN`,
          `level=ERROR` before the error it prints,
          as printed by Helm 4's slog logger) are dropped from Helm's side only when gitops-render prints no
          such line itself: the tool deliberately does not log, so they are not part of its contract.
          When it does print them, they are compared as a sorted list (Helm emits them in map order).
  exit    helm 0 -> ours 0; helm 1 -> ours 2 (our code for invalid input / template errors); else equal
gitops-render runs twice per case, executing template files on one thread (--jobs 1) and on several
(--jobs 4, with the stack limit raised to the hard limit); both runs must match Helm.

Prints PASS/FAIL per case (with a short unified diff for failures) and then `N passed, M failed` alone on
the last line. Exit status 0 only when every selected case passed.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import gzip
import io
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
RELEASE = "rel"
TIMEOUT_SECONDS = 60
DIFF_LINES = 40
LOG_LINE = re.compile(r"^(time=\S+ )?level=(INFO|WARN|DEBUG|ERROR)\b")
SCHEMA_MARKER = "values don't meet the specifications of the schema"


def read_lines(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def read_meta(case_dir):
    meta = {}
    for line in read_lines(os.path.join(case_dir, "meta")):
        if ":" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    return meta


def case_args(case_dir, out=None):
    args = [a.replace("{dir}", case_dir) for a in read_lines(os.path.join(case_dir, "args")) if a != ""]
    return [a.replace("{out}", out) for a in args] if out else args


def uses_out(case_dir):
    return any("{out}" in a for a in read_lines(os.path.join(case_dir, "args")))


def tree(root):
    """Every file under root (relative path -> bytes), for comparing what two runs wrote."""
    files = {}
    for base, _, names in os.walk(root):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def run_with_out(cmd_for, scratch, label):
    """Runs cmd_for(args) with a fresh {out}; returns (rc, stdout, stderr, files written)."""
    out = tempfile.mkdtemp(prefix=label + "-", dir=scratch)
    rc, stdout, stderr = cmd_for(out)
    return rc, stdout.replace(out.encode(), b"{out}"), stderr.replace(out.encode(), b"{out}"), tree(out)


def pack_directory(source, prefix):
    """A deterministic .tgz of `source`, entries named prefix/<relative path>, directories included."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def add(path, name):
            info = tar.gettarinfo(path, arcname=name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            info.mode = 0o755 if info.isdir() else 0o644
            if info.isfile():
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)
        add(source, prefix)
        for root, dirs, files in os.walk(source):
            dirs.sort()
            rel = os.path.relpath(root, source)
            for name in sorted(dirs + files):
                inner = name if rel == "." else rel + "/" + name
                add(os.path.join(root, name), prefix + "/" + inner)
    return gzip.compress(raw.getvalue(), mtime=0)


def prepare(case_dir, scratch):
    """The directory both tools render: the case itself, or a scratch copy with its `pack` archives built."""
    lines = [l for l in read_lines(os.path.join(case_dir, "pack")) if l.strip() and not l.startswith("#")]
    if not lines:
        return case_dir
    work = os.path.join(scratch, os.path.basename(case_dir))
    shutil.copytree(case_dir, work, symlinks=True)
    for line in lines:
        target, source, *options = line.split()
        opts = dict(o.split("=", 1) for o in options)
        data = pack_directory(os.path.join(work, source), opts.get("prefix", os.path.basename(source)))
        if "truncate" in opts:
            data = data[: int(opts["truncate"])]
        os.makedirs(os.path.dirname(os.path.join(work, target)), exist_ok=True)
        with open(os.path.join(work, target), "wb") as f:
            f.write(data)
    os.remove(os.path.join(work, "pack"))
    shutil.rmtree(os.path.join(work, "src"), ignore_errors=True)
    return work


def chart_path(case_dir, meta):
    return os.path.join(case_dir, meta["chart"]) if "chart" in meta else case_dir


def widest_stack():
    """In the child: the stack limit raised to the hard limit (often unlimited)."""
    _, hard = resource.getrlimit(resource.RLIMIT_STACK)
    resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))


def run(cmd, env, preexec=None):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                           timeout=TIMEOUT_SECONDS, check=False, preexec_fn=preexec)
        return p.returncode, p.stdout, p.stderr
    except FileNotFoundError as e:
        return 127, b"", ("cannot run: %s\n" % e).encode()
    except subprocess.TimeoutExpired:
        return 124, b"", ("timed out after %ds\n" % TIMEOUT_SECONDS).encode()


def short_diff(label, expected, actual):
    exp = expected.decode("utf-8", "replace").splitlines(keepends=True)
    act = actual.decode("utf-8", "replace").splitlines(keepends=True)
    lines = list(difflib.unified_diff(exp, act, "helm " + label, "gitops-render " + label, n=2))
    if not lines:  # differ only in bytes the decoder merged, or in the final newline
        lines = ["--- helm %s\n+++ gitops-render %s\n" % (label, label),
                 "- %r\n" % expected[:200], "+ %r\n" % actual[:200]]
    more = len(lines) - DIFF_LINES
    out = "".join(l if l.endswith("\n") else l + "\n\\ no newline at end\n" for l in lines[:DIFF_LINES])
    if more > 0:
        out += "... %d more diff lines\n" % more
    return out


def split_logs(err):
    """(log lines sorted, other bytes): Helm prints its log lines in map order, so only their set counts."""
    logs, rest = [], []
    for line in err.splitlines(keepends=True):
        (logs if LOG_LINE.match(line.decode("utf-8", "replace")) else rest).append(line)
    return sorted(logs), b"".join(rest)


def normalise_logs(helm_err, ours_err):
    h_logs, h_rest = split_logs(helm_err)
    o_logs, o_rest = split_logs(ours_err)
    if not o_logs:  # gitops-render deliberately does not log: Helm's log lines are not part of the contract
        return h_rest, o_rest
    return b"".join(h_logs) + h_rest, b"".join(o_logs) + o_rest


# The two ways gitops-render runs a case: template files executed in order on one thread, and on
# several at once (the output must not depend on it). The second runs with the stack limit as
# high as it goes: with an unlimited one a thread's stack must still hold the include depth limit.
JOBS = ("1", "4")


def ours(tool, chart, args, env, jobs, release=RELEASE):
    return run([tool, "render", release, chart, "--jobs", jobs] + args, env,
               widest_stack if jobs != "1" else None)


def check_refused(name, case_dir, meta, tool, env):
    reports = [refused_report(case_dir, meta, tool, env, jobs) for jobs in JOBS]
    return all(ok for ok, _ in reports), "".join(r for _, r in reports)


def refused_report(case_dir, meta, tool, env, jobs):
    rc, out, err = ours(tool, chart_path(case_dir, meta), case_args(case_dir), env, jobs)
    text = err.decode("utf-8", "replace")
    problems = []
    if rc != 2:
        problems.append("exit code %d, want 2" % rc)
    if out:
        problems.append("stdout not empty (%d bytes)" % len(out))
    function = meta.get("function", "")
    if not function or function not in text:
        problems.append("stderr does not name the function %r" % function)
    at = meta.get("at", "")
    if not at or not re.search(re.escape(at) + r":\d+", text):
        problems.append("stderr does not give the location %s:<col>" % at)
    if problems:
        return False, ("  --jobs %s: " % jobs) + "; ".join(problems) + "\n  stderr: " + text.strip()[:400] + "\n"
    return True, ""


def check_case(name, case_dir, helm, tool, env):
    with tempfile.TemporaryDirectory(prefix="parity-case-") as scratch:
        case_dir = prepare(case_dir, scratch)
        meta = read_meta(case_dir)
        if meta.get("expect") == "refused":
            return check_refused(name, case_dir, meta, tool, env)
        chart = chart_path(case_dir, meta)
        env = dict(env, **dict(kv.replace("{dir}", case_dir).split("=", 1)
                               for kv in meta.get("env", "").split()))
        release = meta.get("release", RELEASE)
        if uses_out(case_dir):
            helm_run = run_with_out(
                lambda out: run([helm, "template", release, chart] + case_args(case_dir, out), env), scratch, "helm")
        else:
            helm_run = run([helm, "template", release, chart] + case_args(case_dir), env) + (None,)
        report = []
        for jobs in JOBS:
            if uses_out(case_dir):
                ours_run = run_with_out(
                    lambda out: ours(tool, chart, case_args(case_dir, out), env, jobs, release), scratch, "ours")
            else:
                ours_run = ours(tool, chart, case_args(case_dir), env, jobs, release) + (None,)
            part = compare(meta, helm_run[:3], ours_run[:3])
            if helm_run[3] != ours_run[3]:
                part += "  files written under {out} differ: helm %s, gitops-render %s\n" % (
                    sorted(helm_run[3]), sorted(ours_run[3]))
                for name in sorted(set(helm_run[3]) & set(ours_run[3])):
                    if helm_run[3][name] != ours_run[3][name]:
                        part += short_diff(name, helm_run[3][name], ours_run[3][name])
            if part:
                report.append("  with --jobs %s:\n" % jobs + part)
        return not report, "".join(report)


def source_chunks(out):
    """The chunks of a --debug listing (see `stdout: files`), sorted, trailing white space dropped."""
    parts = re.split(rb"(?m)^(?=---\n# Source: )", out)
    return sorted(p.rstrip() for p in parts if p.strip())


def compare(meta, helm_result, ours):
    h_rc, h_out, h_err = helm_result
    o_rc, o_out, o_err = ours
    h_err, o_err = normalise_logs(h_err, o_err)
    report = []
    want_rc = {0: 0, 1: 2}.get(h_rc, h_rc)
    if h_rc not in (0, 1):
        report.append("  helm itself exited %d (stderr: %s)\n" % (h_rc, h_err.decode("utf-8", "replace")[:300]))
    if o_rc != want_rc:
        report.append("  exit code: helm %d -> want %d, gitops-render gave %d\n" % (h_rc, want_rc, o_rc))
    if meta.get("stdout") == "files":
        h_chunks, o_chunks = source_chunks(h_out), source_chunks(o_out)
        if h_chunks != o_chunks or not o_out.endswith(b"\n"):
            report.append(short_diff("stdout (files in any order)", b"\n".join(h_chunks) + b"\n",
                                     b"\n".join(o_chunks) + b"\n"))
    elif h_out != o_out:
        report.append(short_diff("stdout", h_out, o_out))
    as_set = meta.get("stderr") == "set" or (
        meta.get("stderr") != "exact" and SCHEMA_MARKER.encode() in h_err)
    if as_set:
        if sorted(set(h_err.splitlines())) != sorted(set(o_err.splitlines())):
            report.append(short_diff("stderr (as sorted set of lines)",
                                     b"\n".join(sorted(set(h_err.splitlines()))) + b"\n",
                                     b"\n".join(sorted(set(o_err.splitlines()))) + b"\n"))
    elif h_err != o_err:
        report.append(short_diff("stderr", h_err, o_err))
    return "".join(report)


def main():
    ap = argparse.ArgumentParser(description="Compare gitops-render render with helm template on every case.")
    ap.add_argument("cases", nargs="*", help="case names to run (default: all)")
    ap.add_argument("--build", default=os.path.join(DEFAULT_ROOT, "build"),
                    help="build directory holding gitops-render (default: <root>/build)")
    ap.add_argument("--root", default=DEFAULT_ROOT, help="repository root (holds .tools/bin/helm)")
    ap.add_argument("-k", "--pattern", help="run only cases whose name matches this regular expression")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="cases run in parallel (default 2)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")
    opts = ap.parse_args()

    root = os.path.abspath(opts.root)
    helm = os.path.join(root, ".tools", "bin", "helm")
    tool = os.path.join(os.path.abspath(opts.build), "gitops-render")
    cases_dir = os.path.join(HERE, "cases")
    if not os.access(helm, os.X_OK):
        print("helm not found at %s: run scripts/install-test-tools.sh" % helm)
        print("0 passed, 1 failed")
        return 1

    names = sorted(n for n in os.listdir(cases_dir) if os.path.isdir(os.path.join(cases_dir, n)))
    if opts.cases:
        unknown = [c for c in opts.cases if c not in names]
        if unknown:
            print("unknown case(s): %s" % ", ".join(unknown))
            print("0 passed, %d failed" % len(unknown))
            return 1
        names = [n for n in names if n in opts.cases]
    if opts.pattern:
        names = [n for n in names if re.search(opts.pattern, n)]

    with tempfile.TemporaryDirectory(prefix="parity-home-") as home:
        # Both tools see the same clean environment: no user Helm config, cache or plugins.
        env = dict(os.environ, HOME=home, HELM_CONFIG_HOME=os.path.join(home, "config"),
                   HELM_CACHE_HOME=os.path.join(home, "cache"), HELM_DATA_HOME=os.path.join(home, "data"),
                   LC_ALL="C.UTF-8")
        env.pop("KUBECONFIG", None)
        passed = failed = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            futures = [pool.submit(check_case, n, os.path.join(cases_dir, n), helm, tool, env) for n in names]
            for name, fut in zip(names, futures):
                ok, report = fut.result()
                if ok:
                    passed += 1
                    if not opts.quiet:
                        print("PASS %s" % name)
                else:
                    failed += 1
                    print("FAIL %s" % name)
                    sys.stdout.write(report)
                sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
