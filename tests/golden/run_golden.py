#!/usr/bin/env python3
"""Golden trees: `gitops-render generate --input tests/golden/<case>/input.json --out DIR` must
write exactly tests/golden/<case>/expected/ (every file, byte for byte, nothing more). Each case is
also generated a second time from another working directory with another TZ, LANG and HOME, and
must not change a byte; a re-run over the output must report "no changes".

Usage: run_golden.py BUILD_DIR [--update]   (--update rewrites expected/: review the diff)"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def tree(root):
    files = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            path = os.path.join(dirpath, n)
            with open(path, "rb") as f:
                files[os.path.relpath(path, root)] = f.read()
    return files


def generate(binary, payload, out, env=None, cwd=None):
    return subprocess.run([binary, "generate", "--input", payload, "--out", out],
                          capture_output=True, text=True, env=env, cwd=cwd)


def main():
    binary = os.path.join(os.path.abspath(sys.argv[1]), "gitops-render")
    update = "--update" in sys.argv
    passed = failed = 0
    for case in sorted(d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d))):
        payload = os.path.join(HERE, case, "input.json")
        expected_dir = os.path.join(HERE, case, "expected")
        problems = []
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            run = generate(binary, payload, out)
            if run.returncode != 0:
                problems.append(f"generate exited {run.returncode}: {run.stderr}")
            got = tree(out) if os.path.isdir(out) else {}
            if update:
                shutil.rmtree(expected_dir, ignore_errors=True)
                shutil.copytree(out, expected_dir)
            expected = tree(expected_dir) if os.path.isdir(expected_dir) else {}
            for path in sorted(set(expected) | set(got)):
                if path not in got:
                    problems.append(f"missing {path}")
                elif path not in expected:
                    problems.append(f"unexpected {path}")
                elif got[path] != expected[path]:
                    problems.append(f"differs: {path}")
            # Determinism: another place, zone, locale and home give the same bytes.
            other = os.path.join(tmp, "other")
            env = dict(os.environ, TZ="Pacific/Chatham", LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8", HOME=tmp)
            again = generate(binary, payload, other, env=env, cwd=tmp)
            if again.returncode != 0 or tree(other) != got:
                problems.append("a second run elsewhere gave different bytes")
            rerun = generate(binary, payload, out)
            if rerun.returncode != 0 or "no changes" not in rerun.stdout:
                problems.append(f"re-running generate changed something: {rerun.stdout}{rerun.stderr}")
        if problems:
            failed += 1
            print(f"FAIL {case}\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"PASS {case}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
