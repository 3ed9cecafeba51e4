#!/usr/bin/env python3
"""Kustomize builds of the golden trees: for every case and every environment of its expected tree,
`kubectl kustomize clusters/<env>` must build, and what it builds must hang together as Argo CD
will read it:
  - every object has apiVersion, kind and metadata.name, and (group, kind, namespace, name) is
    unique;
  - the environment's AppProject is there, and every Application belongs to it;
  - every Application's source repository is in the project's sourceRepos, and its destination
    namespace in the project's destinations;
  - the app's Application points at charts/app (or rendered/<env>) of this repository;
  - every path the root Application and the kustomizations name exists in the tree.

Usage: run_kustomize.py KUBECTL"""
import os
import subprocess
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def check_env(kubectl, root, env):
    problems = []
    run = subprocess.run([kubectl, "kustomize", os.path.join(root, "clusters", env)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return [f"kubectl kustomize clusters/{env} failed: {run.stderr.strip()}"]
    objects = [o for o in yaml.safe_load_all(run.stdout) if o is not None]
    if not objects:
        return [f"clusters/{env} builds to nothing"]
    with open(os.path.join(root, "config", "app-config.yaml")) as f:
        config = yaml.safe_load(f)
    seen = set()
    for o in objects:
        meta = o.get("metadata") or {}
        group = (o.get("apiVersion") or "").rpartition("/")[0]
        key = (group, o.get("kind"), meta.get("namespace", ""), meta.get("name"))
        if not o.get("apiVersion") or not key[1] or not key[3]:
            problems.append(f"object without apiVersion, kind or name: {key}")
        if key in seen:
            problems.append(f"duplicate object {key}")
        seen.add(key)
    project_name = f"{config['project']}-{env}"
    projects = [o for o in objects if o["kind"] == "AppProject"]
    if [p["metadata"]["name"] for p in projects] != [project_name]:
        return problems + [f"expected exactly the AppProject {project_name}, got {projects}"]
    spec = projects[0]["spec"]
    repos = set(spec["sourceRepos"])
    destinations = {d["namespace"] for d in spec["destinations"]}
    apps = [o for o in objects if o["kind"] == "Application"]
    for app in apps:
        name = app["metadata"]["name"]
        s = app["spec"]
        if s["project"] != project_name:
            problems.append(f"Application {name} is in project {s['project']}")
        repo = s["source"]["repoURL"]
        if repo and repo not in repos:
            problems.append(f"Application {name}: {repo} is not in the project's sourceRepos")
        if s["destination"]["namespace"] not in destinations:
            problems.append(f"Application {name}: namespace {s['destination']['namespace']} "
                            "is not a destination of the project")
    app = [a for a in apps if a["metadata"]["name"] == project_name]
    if len(app) != 1:
        problems.append(f"no Application {project_name} for the app")
    else:
        source = app[0]["spec"]["source"]
        if source["repoURL"] != config["gitops"]["repoUrl"]:
            problems.append("the app's Application does not point at this repository")
        path = source["path"]
        if not os.path.isdir(os.path.join(root, path)):
            problems.append(f"the app's Application points at {path}, which is not in the tree")
        for f in source.get("helm", {}).get("valueFiles", []):
            if not os.path.isfile(os.path.normpath(os.path.join(root, path, f))):
                problems.append(f"the app's value file {f} is not in the tree")
        if app[0]["spec"]["destination"]["namespace"] != config["namespace"]:
            problems.append("the app's Application does not deploy into the configured namespace")
    with open(os.path.join(root, "apps", "root", env, "application.yaml")) as f:
        root_app = yaml.safe_load(f)
    if root_app["spec"]["source"]["path"] != f"clusters/{env}":
        problems.append("the root Application does not sync clusters/" + env)
    return problems


def main():
    kubectl = sys.argv[1]
    passed = failed = 0
    for case in sorted(d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d))):
        root = os.path.join(HERE, case, "expected")
        envs = sorted(os.listdir(os.path.join(root, "clusters")))
        problems = []
        if not envs:
            problems.append("no clusters/<env> in the tree")
        for env in envs:
            problems += [f"{env}: {p}" for p in check_env(kubectl, root, env)]
        if problems:
            failed += 1
            print(f"FAIL {case}\n  " + "\n  ".join(problems))
        else:
            passed += 1
            print(f"PASS {case} ({', '.join(envs)})")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
