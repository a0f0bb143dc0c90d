#!/usr/bin/env bash
# Update constraints.txt on purpose: resolve the project's dependencies (with the test and bench extras)
# afresh in a throw-away virtual environment and write the exact versions pip chose. scripts/venv.sh
# (and so run.sh, test.sh and .ci/run) installs from this file; commit it with the change that needed it.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check ".[test,bench]"
{
  echo "# Exact versions for scripts/venv.sh (pip install -c constraints.txt). Regenerate with: bash scripts/lock.sh"
  echo "# Resolved with $("$tmp/venv/bin/python" --version) on $(date -u +%Y-%m-%d)."
  "$tmp/venv/bin/python" -m pip freeze --exclude-editable --disable-pip-version-check | grep -v -i '^brics-standards'
} > constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) packages pinned" >&2
