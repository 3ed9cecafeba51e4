#!/usr/bin/env python3
"""Kustomize builds of the golden trees. For an Argo CD repository, for every environment,
`kubectl kustomize clusters/<env>` must build, and what it builds must hang together as Argo CD
will read it:
  - every object has apiVersion, kind and metadata.name, and (group, kind, namespace, name) is
    unique;
  - the environment's AppProject is there, and every Application belongs to it;
  - every Application's source repository is in the project's sourceRepos, and its destination
    namespace in the project's destinations;
  - the app's Application points at charts/app (or rendered/<env>) of this repository;
  - every path the root Application and the kustomizations name exists in the tree.
For a Flux repository, clusters/<env>/*.yaml are Flux Kustomizations (Flux builds that folder
itself, beside its own flux-system/): every path they name exists and builds with kubectl
kustomize when it has a kustomization.yaml, every dependsOn names one of them, and the app's
HelmRelease points at charts/app and value files that exist.

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


def check_flux_env(kubectl, root, env):
    problems = []
    cluster = os.path.join(root, "clusters", env)
    objects = []
    for name in sorted(os.listdir(cluster)):
        with open(os.path.join(cluster, name)) as f:
            objects += [o for o in yaml.safe_load_all(f) if o is not None]
    kustomizations = [o for o in objects if o["kind"] == "Kustomization"
                      and o["apiVersion"].startswith("kustomize.toolkit.fluxcd.io/")]
    if not kustomizations:
        return [f"clusters/{env} holds no Flux Kustomization"]
    names = {k["metadata"]["name"] for k in kustomizations}
    with open(os.path.join(root, "config", "app-config.yaml")) as f:
        config = yaml.safe_load(f)
    releases = []
    for k in kustomizations:
        name, spec = k["metadata"]["name"], k["spec"]
        for dep in spec.get("dependsOn", []):
            if dep["name"] not in names:
                problems.append(f"{name} depends on {dep['name']}, which is not defined")
        path = os.path.normpath(os.path.join(root, spec["path"]))
        if not os.path.isdir(path):
            problems.append(f"{name} points at {spec['path']}, which is not in the tree")
            continue
        if not os.path.isfile(os.path.join(path, "kustomization.yaml")):
            continue  # a plain folder (rendered/<env>): Flux applies its files as they are
        run = subprocess.run([kubectl, "kustomize", path], capture_output=True, text=True)
        if run.returncode != 0:
            problems.append(f"kubectl kustomize {spec['path']} failed: {run.stderr.strip()}")
            continue
        built = [o for o in yaml.safe_load_all(run.stdout) if o is not None]
        releases += [o for o in built if o["kind"] == "HelmRelease" and
                     o["spec"]["chart"]["spec"].get("sourceRef", {}).get("kind") == "GitRepository"]
    rendered = any(k["spec"]["path"].startswith("./rendered/") for k in kustomizations)
    if len(releases) != (0 if rendered else 1):
        problems.append(f"{len(releases)} HelmReleases of charts/app (rendered manifests: {rendered})")
    for r in releases:
        chart = r["spec"]["chart"]["spec"]
        if os.path.normpath(chart["chart"]) != "charts/app":
            problems.append(f"HelmRelease {r['metadata']['name']} does not install charts/app")
        for f in chart.get("valuesFiles", []):
            if not os.path.isfile(os.path.join(root, f)):
                problems.append(f"HelmRelease value file {f} is not in the tree")
        if r["spec"]["targetNamespace"] != config["namespace"]:
            problems.append("the app's HelmRelease does not deploy into the configured namespace")
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
        with open(os.path.join(root, "config", "app-config.yaml")) as f:
            flux = yaml.safe_load(f)["gitops"]["provider"] == "flux"
        for env in envs:
            check = check_flux_env if flux else check_env
            problems += [f"{env}: {p}" for p in check(kubectl, root, env)]
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
