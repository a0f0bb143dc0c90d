# Sourced by run.sh and test.sh: create .venv and install the project with the given extras, pinned by
# constraints.txt (regenerate it on purpose with scripts/lock.sh), only when pyproject.toml or
# constraints.txt changed since the last install (their hashes are kept in .venv/.installed).
ensure_venv() {
  local extras="$1" stamp want
  local py=${PYTHON:-python3}
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  want="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1) extras=[$extras]"
  stamp=.venv/.installed
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".${extras:+[$extras]}"
    echo "$want" > "$stamp"
  fi
}
