#!/usr/bin/env bash
# Installs the Debian packages gitops-render builds with. Idempotent; needs root (or sudo).
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config git
  libyaml-cpp-dev nlohmann-json3-dev libvalijson-dev libgit2-dev zlib1g-dev libkrb5-dev libssl-dev libboost-program-options-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev)
if [[ "${1:-}" == "--test" ]]; then
  # Test-only tools: npm carries the real helm and kubectl, Debian the rest.
  packages+=(unzip pre-commit python3 python3-yaml patch clang-format)
  # The machine image may carry its own Node.js and npm; Debian's npm conflicts with that nodejs.
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
