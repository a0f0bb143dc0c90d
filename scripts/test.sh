#!/usr/bin/env bash
# Set up a virtual environment with the project and its test extras, run the whole suite, then the
# checks: ruff (lint and format), mypy and the import contracts (import-linter, scripts/lint_imports.sh). pytest's exit code 5 (no tests collected) is a failure here.
# The checks run even when a test failed, so one run reports everything; the exit code is pytest's when
# pytest failed, else 1 when a check failed, else 0.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh
ensure_venv test
# Headless Chromium + a CJK font for tests/test_browser.py (Debian packages), installed when missing
# and we may (root with apt-get); otherwise that one test skips and says why.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! { command -v chromium && command -v chromedriver; } >/dev/null; then
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-wqy-zenhei; } >/dev/null \
    || echo "could not install chromium: the browser test will skip" >&2
fi
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  status=1
fi
failed=()
.venv/bin/ruff check . || failed+=("ruff check")
.venv/bin/ruff format --check . || failed+=("ruff format --check")
.venv/bin/mypy || failed+=(mypy)
bash scripts/lint_imports.sh || failed+=(lint-imports)
if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed: ${failed[*]}" >&2
fi
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
if [ "${#failed[@]}" -gt 0 ]; then
  exit 1
fi
exit 0
