#!/usr/bin/env bash
# One entry point for set-up, the app and the tests on a fresh Debian machine
# with Python 3.11, pip and git:
#   bash dev.sh app     set up, then start the app on the embedded sample
#   bash dev.sh test    set up, then run the whole test suite (pytest, one worker per
#                       core with pytest-xdist; add -n 0 for one process)
#   bash dev.sh setup   set up only (system packages, .venv, web assets)
# Set-up is idempotent and skipped when nothing it depends on changed.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.setup-stamp
# nodejs and npm come with scripts/install_web_assets.sh, only when npm is missing
SYSTEM_PACKAGES=(chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)

system_packages() {
  local missing=()
  for package in "${SYSTEM_PACKAGES[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Please install these Debian packages as root: ${missing[*]}" >&2; return 1
    fi
  fi
  echo "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup() {
  local want
  want=$(cat pyproject.toml dev.sh scripts/*.sh 2>/dev/null | sha1sum | cut -c1-40 || true)
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -d static/vendor ]; then
    return 0
  fi
  echo "setting up (system packages, $VENV, web assets)..."
  system_packages
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e '.[dev]'
  if [ -f scripts/install_web_assets.sh ]; then bash scripts/install_web_assets.sh; fi
  echo "$want" > "$STAMP"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  setup) setup ;;
  app) setup; exec "$VENV/bin/servicecircle" app "$@" ;;
  test) setup; exec "$VENV/bin/python" -m pytest -n auto "$@" ;;
  *) echo "usage: bash dev.sh {app|test|setup} [args...]" >&2; exit 64 ;;
esac
