# Sourced by run.sh and test.sh: create .venv and install the project with the given extras, only
# when pyproject.toml changed since the last install (its hash is kept in .venv/.installed).
ensure_venv() {
  local extras="$1" stamp want
  local py=${PYTHON:-python3}
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) extras=[$extras]"
  stamp=.venv/.installed
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
    echo "$want" > "$stamp"
  fi
}
