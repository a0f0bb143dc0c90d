#!/usr/bin/env bash
# Set up a virtual environment with the project, then serve the catalogue (catalog.db; built from
# the bundled sample first when it is missing) on http://127.0.0.1:8001. Extra arguments go to
# `standards serve` (e.g. --port 8080, --members members.json).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/standards serve "$@"
