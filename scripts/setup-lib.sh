# Shared set-up for scripts/run.sh and scripts/test.sh (sourced, not run).
# Creates .venv, installs the package with its extras, and installs missing Debian packages.

# Python 3.11 or newer: $PYTHON, else the first python3.1x / python3 that is new enough.
find_python() {
  local candidate
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "error: Python 3.11+ not found (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

# Entries are "package" (installed when dpkg does not list it) or "package:command"
# (installed only when the command is missing, e.g. any JRE gives `java`).
apt_missing() {
  local entry package command
  for entry in "$@"; do
    package=${entry%%:*}
    command=${entry#*:}
    if [[ "$entry" == *:* ]]; then
      command -v "$command" >/dev/null 2>&1 || echo "$package"
    elif ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      echo "$package"
    fi
  done
}

ensure_apt_packages() {
  local missing
  missing=$(apt_missing "$@")
  [[ -z "$missing" ]] && return 0
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "==> installing Debian packages: $missing"
  # shellcheck disable=SC2086  # word splitting of the package list is intended
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

# .venv with `pip install -e '.[test,docs]'`; re-installed only when pyproject.toml changes.
ensure_venv() {
  local python stamp wanted
  if [[ ! -x .venv/bin/python ]]; then
    python=$(find_python)
    echo "==> creating .venv with $python"
    "$python" -m venv .venv
  fi
  stamp=.venv/.regiodeal-install-stamp
  wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    echo "==> pip install -e '.[test,docs]'"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[test,docs]'
    echo "$wanted" >"$stamp"
  fi
}
