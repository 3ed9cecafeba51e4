#!/usr/bin/env python3
"""Runs gitops-render on every payload of tests/inputs/invalid and checks that it is refused with
exactly the diagnostics its .expect file lists (code, JSON pointer, line), exit code 2, and that
`generate` writes nothing. Usage: run_invalid.py BUILD_DIR"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    binary = os.path.join(os.path.abspath(sys.argv[1]), "gitops-render")
    folder = os.path.join(HERE, "invalid")
    passed = failed = 0
    for name in sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json")):
        payload = os.path.join(folder, name + ".json")
        with open(os.path.join(folder, name + ".expect")) as f:
            expected = sorted(tuple(line.split()) for line in f if line.strip())
        problems = []
        run = subprocess.run([binary, "validate", "--format", "json", payload], capture_output=True, text=True)
        if run.returncode != 2:
            problems.append(f"validate exited {run.returncode}, expected 2")
        try:
            diagnostics = json.loads(run.stderr)["diagnostics"]
        except (ValueError, KeyError):
            problems.append("stderr is not the JSON diagnostics:\n" + run.stderr)
            diagnostics = []
        got = sorted((d["code"], d["pointer"] or "-", str(d["line"]))
                     for d in diagnostics if d["severity"] == "error")
        if got != expected:
            problems.append(f"diagnostics differ:\n  expected {expected}\n  got      {got}")
        for d in diagnostics:
            if "/env/" in d["pointer"] and "hunter2" in d["message"] + d["hint"]:
                problems.append("a secret value was echoed")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "repo")
            gen = subprocess.run([binary, "generate", "--input", payload, "--out", out],
                                 capture_output=True, text=True)
            if gen.returncode != 2:
                problems.append(f"generate exited {gen.returncode}, expected 2")
            if os.listdir(tmp):
                problems.append("generate wrote " + ", ".join(os.listdir(tmp)))
        if problems:
            failed += 1
            print(f"FAIL {name}\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"PASS {name}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
