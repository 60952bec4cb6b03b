#!/usr/bin/env bash
# Re-create requirements.lock: resolve pyproject.toml's dependencies (with
# the test extras) in a clean throwaway environment and freeze the result,
# so every machine installs the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
# torch first, pinned: the CPU build (an unpinned resolve may pick a CUDA one)
"$tmp/venv/bin/pip" install -q torch==2.13.0
"$tmp/venv/bin/pip" install -q '.[test]'
"$tmp/venv/bin/pip" freeze --exclude parallax | grep -v '^-e ' > requirements.lock
echo "requirements.lock: $(wc -l < requirements.lock) packages"
