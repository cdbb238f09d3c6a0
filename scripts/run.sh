#!/usr/bin/env bash
# Set up a fresh machine and run the main job: the SPARQL server (`regiodeal serve`) once it
# exists, else the graph check (`regiodeal check`). Arguments go to that sub-command.
set -euo pipefail

APT_PACKAGES=(
  default-jre-headless:java # HermiT and Pellet reasoners (regiodeal check)
)

cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup-lib.sh
ensure_apt_packages "${APT_PACKAGES[@]}"
ensure_venv

if .venv/bin/regiodeal serve --help >/dev/null 2>&1; then
  echo "==> regiodeal serve (REGIODEAL_HOST / REGIODEAL_PORT to change the address)"
  exec .venv/bin/regiodeal serve "$@"
fi
exec .venv/bin/regiodeal check "$@"
