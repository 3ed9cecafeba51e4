#!/usr/bin/env python3
"""gitops-render render refuses the `helm template` flags whose output would depend on the network,
the machine, chance or a cluster, each with what to do instead (exit 2, nothing on stdout; a
boolean one given as false is accepted, as the parity case compat_refused_flags_false checks), words the
--color check Helm only logs, says how to fetch a chart named by repository or URL, and refuses
values files Helm would download. The flags it accepts without effect are compared with the live helm
by the parity suite (tests/parity/cases/compat_*).

Usage: run_render_flags.py GITOPS_RENDER SOURCE_DIR
"""
import os
import subprocess
import sys

REFUSED = [
    (["--repo", "https://charts.example.com"], "helm pull --untar"),
    (["--ca-file", "ca.crt"], "for downloading charts"),
    (["--cert-file", "tls.crt"], "for downloading charts"),
    (["--key-file", "tls.key"], "for downloading charts"),
    (["--verify"], "helm verify"),
    (["--enable-dns"], "getHostByName"),
    (["--generate-name"], "give the release a name"),
    (["-g"], "give the release a name"),
    (["--name-template", "{{ .Chart.Name }}"], "give the release a name"),
    (["--post-renderer", "kustomize"], "pipe the output"),
    (["--post-renderer-args", "build"], "pipe the output"),
    (["--dry-run=server"], "render with --dry-run=client"),
    (["--validate"], "kubectl apply --dry-run=server"),
]

# Helm warns of these deprecated flags first, whatever their value.
DEPRECATED = {"--validate": b"Flag --validate has been deprecated, use '--dry-run=server' instead\n"}


def main(argv):
    tool, root = argv[1], argv[2]
    chart = os.path.join(root, "tests", "parity", "cases", "basic")
    failures = []
    for args, advice in REFUSED:
        r = subprocess.run([tool, "render", "rel", chart] + args, capture_output=True)
        flag = {"-g": "--generate-name"}.get(args[0], args[0])
        want = DEPRECATED.get(flag, b"") + ("Error: %s is not supported: " % flag).encode()
        if r.returncode != 2 or r.stdout or not r.stderr.startswith(want) or advice.encode() not in r.stderr:
            failures.append("%s: exit %d, stdout %d bytes, stderr %r" % (
                " ".join(args), r.returncode, len(r.stdout), r.stderr[:300]))
    r = subprocess.run([tool, "render", "rel", chart, "--color", "sometimes"], capture_output=True)
    if r.returncode != 2 or r.stdout or r.stderr != (
            b'Error: invalid color mode "sometimes": must be one of: never, auto, always\n'):
        failures.append("--color sometimes: exit %d, stderr %r" % (r.returncode, r.stderr[:300]))
    # A chart in a repository or registry is not downloaded: the error says how to fetch it. A
    # missing path is Helm's error alone.
    for chart_ref in ("bitnami/nginx", "oci://registry.example.com/charts/nginx"):
        r = subprocess.run([tool, "render", "rel", chart_ref], capture_output=True)
        want = ('Error: path "%s" not found\n\ncharts are rendered from a directory or a .tgz on '
                'disk, never downloaded: fetch it first (helm pull %s --untar)\n' % (chart_ref, chart_ref))
        if r.returncode != 2 or r.stdout or r.stderr != want.encode():
            failures.append("%s: exit %d, stderr %r" % (chart_ref, r.returncode, r.stderr[:300]))
    # Values Helm would download are refused, not read as a path (exit 2, nothing on stdout).
    for flag, url in (("-f", "https://charts.example.com/values.yaml"), ("-f", "oci://r.example.com/v"),
                      ("--set-file", "key=http://charts.example.com/key.txt")):
        r = subprocess.run([tool, "render", "rel", chart, flag, url], capture_output=True)
        shown = url.split("=", 1)[-1]
        if r.returncode != 2 or r.stdout or (
                "%s is not downloaded: values are read from files on disk" % shown).encode() not in r.stderr:
            failures.append("%s %s: exit %d, stderr %r" % (flag, url, r.returncode, r.stderr[:300]))
    r = subprocess.run([tool, "render", "rel", "./no-such-chart"], capture_output=True)
    if r.returncode != 2 or r.stderr != b'Error: path "./no-such-chart" not found\n':
        failures.append("./no-such-chart: exit %d, stderr %r" % (r.returncode, r.stderr[:300]))
    for f in failures:
        print("FAIL", f)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
