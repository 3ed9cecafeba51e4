#!/usr/bin/env python3
"""End-to-end tests of generate against real git (no mocks).

- race: two generate --commit --push processes on one branch at once, 20 times; afterwards every
  process either exited 0 with its change in the remote's history, or exited 4; git fsck is clean.
- no-op: generating the same payload again makes no commit.
- kill: generate killed at random points, 50 times each into a directory and into a bare
  repository; the target is always the old or the new state, never between, with no stray files.
- set-image: commit subjects, the per-environment roll, no commit for no change, a bad tag.
- render mode: --render-mode manifests commits rendered/<env>/, and later runs keep the mode.
- pre-commit: Debian's pre-commit runs the hook on a generated repository; a good commit passes,
  a commit with a broken app-config fails with file:line:col.

Usage: run_git_tests.py BUILD_DIR"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ENV = dict(os.environ, GIT_AUTHOR_NAME="ci", GIT_AUTHOR_EMAIL="ci@example.test",
           GIT_COMMITTER_NAME="ci", GIT_COMMITTER_EMAIL="ci@example.test",
           GIT_CONFIG_NOSYSTEM="1", HOME=tempfile.gettempdir())


def git(*args, cwd=None, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=ENV)
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr}")
    return r.stdout


def payload(tmp, tag, name="web"):
    with open(os.path.join(ROOT, "examples", "minimal.json")) as f:
        p = json.load(f)
    p["deployed_apps"][0]["image"] = f"ghcr.io/example/{name}:{tag}"
    path = os.path.join(tmp, f"payload-{name}-{tag}.json")
    with open(path, "w") as f:
        json.dump(p, f)
    return path


def tree(root, skip_git=True):
    out = {}
    for dirpath, dirs, names in os.walk(root):
        if skip_git and ".git" in dirs:
            dirs.remove(".git")
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def test_race(binary, tmp):
    remote = os.path.join(tmp, "remote.git")
    git("init", "-q", "--bare", "-b", "main", remote)
    seed = os.path.join(tmp, "seed")
    git("clone", "-q", remote, seed)
    r = subprocess.run([binary, "generate", "--input", payload(tmp, "0.0.1"), "--repo", seed, "--commit",
                        "--push", "origin"], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    problems = []
    for round_ in range(20):
        procs = []
        for side in ("a", "b"):
            clone = os.path.join(tmp, f"{side}{round_}")
            git("clone", "-q", "--no-local", remote, clone)
            tag = f"{round_}.0.{1 if side == 'a' else 2}"
            procs.append((tag, subprocess.Popen(
                [binary, "generate", "--input", payload(tmp, tag), "--repo", clone, "--commit",
                 "--push", "origin"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)))
        errors = [p.communicate(timeout=60)[1] for _, p in procs]
        results = [(tag, p.returncode, err) for (tag, p), err in zip(procs, errors)]
        history = git("log", "-p", "main", cwd=remote)
        for tag, code, err in results:
            if code not in (0, 4):
                problems.append(f"round {round_}: exit {code}: {err}")
                continue
            if code == 0:
                if f"+    tag: {tag}\n" not in history:
                    problems.append(f"round {round_}: {tag} exited 0 but is not in the history")
    fsck = subprocess.run(["git", "fsck", "--strict"], cwd=remote, capture_output=True, text=True)
    if fsck.returncode != 0:
        problems.append("git fsck: " + fsck.stderr)
    return problems


def test_noop(binary, tmp):
    repo = os.path.join(tmp, "noop")
    git("init", "-q", "-b", "main", repo)
    p = payload(tmp, "1.0.0")
    for _ in range(2):
        r = subprocess.run([binary, "generate", "--input", p, "--repo", repo, "--commit"],
                           capture_output=True, text=True, env=ENV)
        if r.returncode != 0:
            return [r.stderr]
    count = git("rev-list", "--count", "main", cwd=repo).strip()
    problems = [] if count == "1" else [f"{count} commits after generating the same payload twice"]
    if git("status", "--porcelain", cwd=repo):
        problems.append("working tree not clean: " + git("status", "--porcelain", cwd=repo))
    return problems


def killed_runs(binary, tmp, make_target, state, runs=50):
    """Generates payload A then kills a generate of payload B at a random moment, `runs` times;
    `state()` must always be A's or B's."""
    problems = []
    a, b = payload(tmp, "1.0.0"), payload(tmp, "2.0.0")
    for i in range(runs):
        target = make_target(i)
        subprocess.run([binary, *target(a)], capture_output=True, env=ENV, check=True)
        old = state(i)
        subprocess.run([binary, *target(b)], capture_output=True, env=ENV, check=True)
        new = state(i)
        subprocess.run([binary, *target(a)], capture_output=True, env=ENV, check=True)
        # The moment of the kill depends on the machine's timing, so a failure names it.
        delay = random.uniform(0, 0.02)
        p = subprocess.Popen([binary, *target(b)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, env=ENV)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        _, err = p.communicate()
        now = state(i)
        if now not in (old, new):
            problems.append(f"run {i}, killed after {delay * 1000:.2f} ms (exit {p.returncode}): the target is "
                            f"neither the old nor the new state; the run's stderr: {err.strip() or '(none)'}")
    return problems


def test_kill_directory(binary, tmp):
    base = os.path.join(tmp, "kill-dir")
    os.makedirs(base)

    def make_target(i):
        return lambda p: ["generate", "--input", p, "--out", os.path.join(base, f"out{i}")]

    def state(i):
        return tree(os.path.join(base, f"out{i}"))

    problems = killed_runs(binary, tmp, make_target, state)
    # The next run on a target removes what a killed run left beside it.
    for i in range(50):
        subprocess.run([binary, "generate", "--input", payload(tmp, "3.0.0"), "--out", os.path.join(base, f"out{i}")],
                       capture_output=True, env=ENV, check=True)
    strays = [n for n in os.listdir(base) if n.startswith(".")]
    if strays:
        problems.append("stray temporary directories: " + ", ".join(strays))
    return problems


def test_kill_bare(binary, tmp):
    def make_target(i):
        repo = os.path.join(tmp, f"bare{i}.git")
        if not os.path.exists(repo):
            git("init", "-q", "--bare", "-b", "main", repo)
        return lambda p: ["generate", "--input", p, "--repo", repo, "--commit"]

    def state(i):
        repo = os.path.join(tmp, f"bare{i}.git")
        tree_id = git("rev-parse", "main^{tree}", cwd=repo).strip()
        return tree_id

    problems = killed_runs(binary, tmp, make_target, state)
    for i in range(50):
        repo = os.path.join(tmp, f"bare{i}.git")
        # A re-run after the kill succeeds (a lock the killed run left is recognised as stale).
        rerun = subprocess.run([binary, "generate", "--input", payload(tmp, "3.0.0"), "--repo", repo, "--commit"],
                               capture_output=True, text=True, env=ENV)
        if rerun.returncode != 0:
            problems.append(f"re-run after a kill failed in {repo}: {rerun.stderr}")
        if subprocess.run(["git", "fsck", "--strict"], cwd=repo, capture_output=True).returncode != 0:
            problems.append(f"git fsck failed in {repo}")
        locks = [os.path.join(d, n) for d, _, ns in os.walk(repo) for n in ns if n.endswith(".lock")]
        if locks:
            problems.append("lock files left: " + ", ".join(locks))
    return problems


def test_pre_commit(binary, tmp):
    repo = os.path.join(tmp, "hooked")
    git("init", "-q", "-b", "main", repo)
    r = subprocess.run([binary, "generate", "--input", payload(tmp, "1.0.0"), "--repo", repo, "--commit"],
                       capture_output=True, text=True, env=ENV)
    if r.returncode != 0:
        return [r.stderr]
    # The hook as a repository would use it: this project as the hook repo, the built binary.
    # A repository of its own: the checkout's .git is left behind, as in a worktree it is a file
    # naming the checkout's repository, where the commit below would then land.
    hook_repo = os.path.join(tmp, "hook-repo")
    shutil.copytree(ROOT, hook_repo,
                    ignore=shutil.ignore_patterns(".git", "build*", ".tools", "node_modules", "out"))
    git("init", "-q", "-b", "main", hook_repo)
    git("add", "-A", cwd=hook_repo)
    git("commit", "-q", "-m", "hooks", "--allow-empty", cwd=hook_repo)
    rev = git("rev-parse", "HEAD", cwd=hook_repo).strip()
    with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as f:
        f.write(f"repos:\n- repo: {hook_repo}\n  rev: {rev}\n  hooks:\n  - id: gitops-render-check\n")
    env = dict(ENV, GITOPS_RENDER=binary, PRE_COMMIT_HOME=os.path.join(tmp, "pre-commit-home"))
    problems = []
    subprocess.run(["pre-commit", "install"], cwd=repo, capture_output=True, env=env, check=True)
    git("add", ".pre-commit-config.yaml", cwd=repo)
    good = subprocess.run(["git", "commit", "-q", "-m", "add the hook"], cwd=repo, capture_output=True,
                          text=True, env=env)
    if good.returncode != 0:
        problems.append("a good commit was refused: " + good.stdout + good.stderr)
    config = os.path.join(repo, "config", "app-config.yaml")
    with open(config) as f:
        text = f.read()
    with open(config, "w") as f:
        f.write(text.replace("replicas: 1\n", "replicas: many\n", 1))
    git("add", "config/app-config.yaml", cwd=repo)
    bad = subprocess.run(["git", "commit", "-q", "-m", "break it"], cwd=repo, capture_output=True,
                         text=True, env=env)
    output = bad.stdout + bad.stderr
    if bad.returncode == 0:
        problems.append("a commit with a broken app-config passed the hook")
    elif "config/app-config.yaml:" not in output or "E_SCHEMA" not in output:
        problems.append("the hook did not report file:line:col: " + output)
    return problems


def test_render_mode(binary, tmp):
    """--render-mode manifests commits rendered/<env>/; later runs without the flag, and an image
    roll, keep the mode the repository has; `check` finds it up to date."""
    problems = []
    repo = os.path.join(tmp, "manifests")
    git("init", "-q", "-b", "main", repo)

    def run(*args):
        r = subprocess.run([binary, *args], capture_output=True, text=True, env=ENV, cwd=repo)
        if r.returncode != 0:
            problems.append(f"{' '.join(args)} exited {r.returncode}: {r.stderr}")
        return r

    run("generate", "--input", payload(tmp, "1.0.0"), "--repo", repo, "--commit",
        "--render-mode", "manifests")
    rendered = os.path.join(repo, "rendered", "dev", "manifests.yaml")
    if not os.path.isfile(rendered):
        return problems + ["no rendered/dev/manifests.yaml after --render-mode manifests"]
    with open(os.path.join(repo, "applications", "app", "dev", "application.yaml")) as f:
        if 'path: "rendered/dev"' not in f.read():
            problems.append("the Application does not point at rendered/dev")
    run("generate", "--input", payload(tmp, "1.0.0"), "--repo", repo, "--commit")
    if git("rev-list", "--count", "main", cwd=repo).strip() != "1":
        problems.append("generating again without --render-mode changed the repository")
    run("set-image", "--service", "web", "--tag", "1.1.0", "--repo", repo, "--commit")
    with open(rendered) as f:
        if "ghcr.io/example/web:1.1.0" not in f.read():
            problems.append("set-image did not re-render rendered/dev/manifests.yaml")
    if run("check").returncode != 0:
        problems.append("check does not find the manifests-mode repository up to date")
    run("generate", "--input", payload(tmp, "1.1.0"), "--repo", repo, "--commit",
        "--render-mode", "helm")
    if os.path.exists(rendered):
        problems.append("--render-mode helm kept rendered/")
    return problems


def test_set_image(binary, tmp):
    """set-image commits "S: OLD -> NEW" (with --env: what that environment runs), validates the
    tag, and makes no commit when the image is already there."""
    problems = []
    repo = os.path.join(tmp, "roll")
    git("init", "-q", "-b", "main", repo)

    def run(*args):
        return subprocess.run([binary, *args], capture_output=True, text=True, env=ENV, cwd=repo)

    r = run("generate", "--input", payload(tmp, "1.0.0"), "--repo", repo, "--commit")
    if r.returncode != 0:
        return [r.stderr]
    for args, subject in (
            (("--tag", "1.1.0"), "web: ghcr.io/example/web:1.0.0 -> ghcr.io/example/web:1.1.0"),
            (("--tag", "1.2.0", "--env", "dev"),
             "web (dev): ghcr.io/example/web:1.1.0 -> ghcr.io/example/web:1.2.0")):
        r = run("set-image", "--service", "web", *args, "--commit")
        got = git("log", "-1", "--format=%s", cwd=repo).strip()
        if r.returncode != 0 or got != subject:
            problems.append(f"set-image {' '.join(args)}: exit {r.returncode}, subject {got!r}: "
                            f"{r.stderr}")
    with open(os.path.join(repo, "config", "app-config.yaml")) as f:
        if "images:" not in f.read():
            problems.append("the environment override is not in the working tree's config")
    count = git("rev-list", "--count", "main", cwd=repo).strip()
    run("set-image", "--service", "web", "--tag", "1.2.0", "--env", "dev", "--commit")
    if git("rev-list", "--count", "main", cwd=repo).strip() != count:
        problems.append("rolling to the image already there made a commit")
    r = run("set-image", "--service", "web", "--tag", "no good", "--commit")
    if r.returncode != 2 or git("rev-list", "--count", "main", cwd=repo).strip() != count:
        problems.append(f"a bad tag: exit {r.returncode}, or a commit was made")
    if run("check").returncode != 0:
        problems.append("check does not find the repository up to date after the rolls")
    return problems


def main():
    binary = os.path.join(os.path.abspath(sys.argv[1]), "gitops-render")
    random.seed(11)
    passed = failed = 0
    for test in (test_race, test_noop, test_render_mode, test_set_image, test_kill_directory,
                 test_kill_bare, test_pre_commit):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                problems = test(binary, tmp)
            except Exception as e:  # a broken step is a failure with its message
                problems = [f"{type(e).__name__}: {e}"]
        if problems:
            failed += 1
            print(f"FAIL {test.__name__}\n  " + "\n  ".join(problems[:10]))
        else:
            passed += 1
            print(f"PASS {test.__name__}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
