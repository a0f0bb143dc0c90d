#!/usr/bin/env bash
# Set up a virtual environment with the project (only when pyproject.toml changed since the last
# install), then serve the catalogue (catalog.db; built from the bundled sample first when it is
# missing) on http://127.0.0.1:8001. Extra arguments go to `standards serve` (e.g. --port 8080,
# --members members.json, --db real.db).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv ""
exec .venv/bin/standards serve "$@"
