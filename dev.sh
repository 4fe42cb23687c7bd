#!/usr/bin/env bash
# One entry point for set-up, the app and the tests on a fresh Debian machine
# with Python 3.11, pip and git:
#   bash dev.sh app     set up the runtime only, then start the app on the embedded sample
#   bash dev.sh test    set up with the dev and bench extras, then run the whole test suite
#                       (pytest, one worker per core with pytest-xdist; add -n 0 for one process)
#   bash dev.sh bench   set up with the bench extra (the peers: pandana, spopt, pulp), then run
#                       every benchmark at a quick size; --full for the sizes of the closing notes.
#                       Each benchmark exits non-zero when its results disagree with its peer.
#   bash dev.sh setup   set up only (system packages, .venv with dev and bench, web assets)
# Set-up is idempotent and skipped when nothing it depends on changed and the extras asked
# for are installed; it ends by compiling the numba kernels into their cache, so the first
# analysis does not pause to compile.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.setup-stamp  # "<hash of the set-up's inputs> <extras installed, comma-separated>"
# each entry: a script in benchmarks/ and its own arguments (--quick or nothing is added)
BENCHMARKS=(bench_reach "bench_reach --scale --memory-target 1.0" bench_isochrones bench_siting
  bench_mclp_large bench_app bench_load bench_batch "bench_start --target 1.0")
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

# covers HAVE WANT: every extra of the comma list WANT is in the comma list HAVE
covers() {
  local extra
  for extra in ${2//,/ }; do
    [[ ",$1," == *",$extra,"* ]] || return 1
  done
}

# setup [EXTRAS]: the runtime plus the comma-separated extras (none: the runtime only).
# A venv keeps the extras it has ("dev.sh app" on a test venv stays a test venv).
setup() {
  local want extras=${1:-} have_hash="" have_extras=""
  want=$(cat pyproject.toml dev.sh scripts/*.sh servicecircle/reach/_numba.py 2>/dev/null \
    | sha1sum | cut -c1-40 || true)
  if [ -f "$STAMP" ]; then read -r have_hash have_extras < "$STAMP" || true; fi
  if [ "$have_hash" = "$want" ] && covers "$have_extras" "$extras" && [ -d static/vendor ]; then
    return 0
  fi
  extras=$(printf '%s\n' ${have_extras//,/ } ${extras//,/ } | sort -u | paste -sd, -)
  echo "setting up (system packages, $VENV${extras:+ with $extras}, web assets, numba cache)..."
  system_packages
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".${extras:+[$extras]}"
  if [ -f scripts/install_web_assets.sh ]; then bash scripts/install_web_assets.sh; fi
  "$VENV/bin/python" -m servicecircle.reach.warmup
  "$VENV/bin/python" -m servicecircle.siting.warmup
  echo "$want $extras" > "$STAMP"
}

# bench [--full]: every benchmark (quick sizes unless --full); fails when any of them fails
bench() {
  local size=--quick entry script args failed=()
  if [ "${1:-}" = "--full" ]; then size=""; fi
  for entry in "${BENCHMARKS[@]}"; do
    read -r script args <<< "$entry"
    echo "== benchmarks/$script.py $args $size"
    # shellcheck disable=SC2086  # args and size split into words on purpose
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" "benchmarks/$script.py" $args $size \
      || failed+=("$entry")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    echo "benchmarks that failed (disagreement with a peer or a target missed): ${failed[*]}" >&2
    return 1
  fi
  echo "every benchmark agreed with its peers"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  setup) setup dev,bench ;;
  app) setup; exec "$VENV/bin/servicecircle" app "$@" ;;
  test) setup dev,bench; exec "$VENV/bin/python" -m pytest -n auto "$@" ;;
  bench) setup bench; bench "$@" ;;
  *) echo "usage: bash dev.sh {app|test|bench|setup} [args...]" >&2; exit 64 ;;
esac
