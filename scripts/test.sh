#!/usr/bin/env bash
# Set up a virtual environment with the project and its test extras, then run the whole suite.
# pytest's exit code 5 (no tests collected) is a failure here.
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
  exit 1
fi
exit "$status"
