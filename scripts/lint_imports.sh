#!/usr/bin/env bash
# Check the import contracts of pyproject.toml ([tool.importlinter]) with import-linter.
# scrapers/ and cli/ install inside the standards_lib namespace (package-dir), which import-linter's graph
# builder does not follow: it reads the folder of standards_lib only. So the check runs on a throw-away tree
# of symbolic links where standards_lib/ holds every entry of the real folder plus scrapers/ and cli/.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/standards_lib"
for entry in "$root"/standards_lib/*; do
  ln -s "$entry" "$tree/standards_lib/"
done
ln -s "$root/scrapers" "$tree/standards_lib/scrapers"
ln -s "$root/cli" "$tree/standards_lib/cli"
cd "$tree"
PYTHONPATH="$tree" "$root/.venv/bin/lint-imports" "$root/pyproject.toml" --no-cache "$@"
