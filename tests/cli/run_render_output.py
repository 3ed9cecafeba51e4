#!/usr/bin/env python3
"""gitops-render render writes the same bytes into a regular file as into a pipe, for a chart whose
output is large (written straight from the render's buffers) and for a small one, also after
text a file holds already (appended, or written from where stdout stands), and a failed
write (a full device) exits 3 with the reason on stderr and not 0; --output-dir refuses
--show-only before writing and reports a directory it cannot create with exit 3.

Usage: run_render_output.py GITOPS_RENDER SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile


def output_dir_problems(tool, root, work):
    """--output-dir refuses --show-only before writing anything, and reports a directory it
    cannot create (a file in the way) as an I/O failure, exit 3."""
    problems = []
    chart = os.path.join(root, "tests", "parity", "cases", "basic")
    target = os.path.join(work, "out-dir")
    r = subprocess.run([tool, "render", "rel", chart, "--output-dir", target, "--show-only",
                        "templates/x.yaml"], capture_output=True)
    if r.returncode != 2 or b"--show-only cannot be used with --output-dir" not in r.stderr:
        problems.append("--output-dir with --show-only: exit %d, stderr %r" % (r.returncode, r.stderr[:200]))
    if os.path.exists(target):
        problems.append("--output-dir with --show-only wrote %s" % target)
    blocker = os.path.join(work, "blocker")
    with open(blocker, "w") as f:
        f.write("a file where a directory should be\n")
    r = subprocess.run([tool, "render", "rel", chart, "--output-dir", blocker], capture_output=True)
    if r.returncode != 3 or b"Not a directory" not in r.stderr:
        problems.append("--output-dir under a file: exit %d, stderr %r" % (r.returncode, r.stderr[:200]))
    return problems


def main(argv):
    tool, root = argv[1], argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as work:
        values = os.path.join(work, "values.yaml")
        with open(values, "w") as f:
            subprocess.run([sys.executable, os.path.join(root, "bench", "gen_values.py"), "300"],
                           stdout=f, check=True)
        charts = [
            ("bench chart, 300 workloads", [os.path.join(root, "bench", "chart"), "-f", values]),
            ("small chart", [os.path.join(root, "tests", "parity", "cases", "basic")]),
        ]
        for label, args in charts:
            cmd = [tool, "render", "rel"] + args
            piped = subprocess.run(cmd, capture_output=True)
            if piped.returncode != 0 or not piped.stdout:
                failures.append("%s: piped run failed (%d): %s" % (label, piped.returncode,
                                                                   piped.stderr.decode()[:300]))
                continue
            path = os.path.join(work, "out.yaml")
            with open(path, "wb") as out:
                filed = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
            with open(path, "rb") as f:
                written = f.read()
            if filed.returncode != 0 or written != piped.stdout:
                failures.append("%s: the file holds %d bytes (exit %d), the pipe gave %d" %
                                (label, len(written), filed.returncode, len(piped.stdout)))
            # Into a file that holds text already: opened to append, and opened to write from
            # where its text ends; what was there stays, the output follows it, and nothing more.
            before = b"# kept\n" * 1000
            for mode in ("ab", "r+b"):
                with open(path, "wb") as f:
                    f.write(before)
                with open(path, mode) as out:
                    out.seek(0, os.SEEK_END)
                    after = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
                with open(path, "rb") as f:
                    written = f.read()
                if after.returncode != 0 or written != before + piped.stdout:
                    failures.append("%s: a file with text in it (%s) holds %d bytes (exit %d), "
                                    "expected %d" % (label, mode, len(written), after.returncode,
                                                     len(before) + len(piped.stdout)))
            with open("/dev/full", "wb") as full:
                refused = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE)
            err = refused.stderr.decode()
            if refused.returncode != 3 or "could not write the output: No space left on device" not in err:
                failures.append("%s: into a full device: exit %d, stderr %r" %
                                (label, refused.returncode, err[:300]))
        failures += output_dir_problems(tool, root, work)
    for f in failures:
        print("FAIL " + f)
    print("%d problems" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
