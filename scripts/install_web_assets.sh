#!/usr/bin/env bash
# Install the map's third-party web assets (Leaflet and plugins) into
# static/vendor/ so that maps render with no internet and no CDN.
#
# The files come from the npm registry (pinned versions below), are installed
# into build/web-assets/ and the needed files are copied to static/vendor/.
# static/vendor/ is git-ignored: it is created by the set-up, never committed.
#
# Usage: scripts/install_web_assets.sh [--force]
#   --force   reinstall even when static/vendor/ is already complete
#
# Needs npm; when it is missing and apt-get is available, installs the Debian
# packages nodejs and npm first (as root, or through sudo).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build/web-assets"
VENDOR="$ROOT/static/vendor"
STAMP="$VENDOR/MANIFEST.txt"

# name@version pins; keep in step with servicecircle/maps/web.py (LOCAL_ASSETS).
PACKAGES=(
  "leaflet@1.9.4"
  "leaflet-draw@1.0.4"
  "leaflet.markercluster@1.5.3"
  "leaflet.awesome-markers@2.0.5"
  "jquery@3.7.1"
  "bootstrap@5.2.2"
  "@fortawesome/fontawesome-free@6.2.0"
)

FORCE=0
if [[ "${1:-}" == "--force" ]]; then FORCE=1; fi

if [[ $FORCE -eq 0 && -f "$STAMP" ]] && [[ "$(head -n 1 "$STAMP")" == "${PACKAGES[*]}" ]]; then
  echo "web assets already installed in $VENDOR"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "npm not found: installing the Debian packages nodejs and npm"
    SUDO=""
    if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nodejs npm
  else
    echo "error: npm is needed to install the map assets; install Node.js and npm, then re-run $0" >&2
    exit 1
  fi
fi

mkdir -p "$BUILD"
# A private package.json keeps npm from walking up into other projects.
if [[ ! -f "$BUILD/package.json" ]]; then
  echo '{"name": "servicecircle-web-assets", "private": true}' >"$BUILD/package.json"
fi
echo "installing ${PACKAGES[*]} from the npm registry"
npm install --prefix "$BUILD" --no-audit --no-fund --ignore-scripts --no-save \
  --loglevel=error "${PACKAGES[@]}"

NM="$BUILD/node_modules"
TMP="$VENDOR.tmp"
rm -rf "$TMP"
mkdir -p "$TMP"

copy() {  # copy SRC (relative to node_modules) to DEST (relative to vendor)
  local src="$NM/$1" dest="$TMP/$2"
  if [[ ! -e "$src" ]]; then
    echo "error: $src is missing from the npm package" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$dest")"
  cp -R "$src" "$dest"
}

copy leaflet/dist/leaflet.js                               leaflet/leaflet.js
copy leaflet/dist/leaflet.css                              leaflet/leaflet.css
copy leaflet/dist/images                                   leaflet/images
copy leaflet/LICENSE                                       leaflet/LICENSE
copy leaflet-draw/dist/leaflet.draw.js                     leaflet-draw/leaflet.draw.js
copy leaflet-draw/dist/leaflet.draw.css                    leaflet-draw/leaflet.draw.css
copy leaflet-draw/dist/images                              leaflet-draw/images
copy leaflet.markercluster/dist/leaflet.markercluster.js   markercluster/leaflet.markercluster.js
copy leaflet.markercluster/dist/MarkerCluster.css          markercluster/MarkerCluster.css
copy leaflet.markercluster/dist/MarkerCluster.Default.css  markercluster/MarkerCluster.Default.css
copy leaflet.markercluster/MIT-LICENCE.txt                 markercluster/LICENSE
copy leaflet.awesome-markers/dist/leaflet.awesome-markers.js  awesome-markers/leaflet.awesome-markers.js
copy leaflet.awesome-markers/dist/leaflet.awesome-markers.css awesome-markers/leaflet.awesome-markers.css
copy leaflet.awesome-markers/dist/images                   awesome-markers/images
copy leaflet.awesome-markers/LICENSE                       awesome-markers/LICENSE
copy jquery/dist/jquery.min.js                             jquery/jquery.min.js
copy jquery/LICENSE.txt                                    jquery/LICENSE
copy bootstrap/dist/js/bootstrap.bundle.min.js             bootstrap/js/bootstrap.bundle.min.js
copy bootstrap/dist/css/bootstrap.min.css                  bootstrap/css/bootstrap.min.css
copy bootstrap/LICENSE                                     bootstrap/LICENSE
copy @fortawesome/fontawesome-free/css/all.min.css         fontawesome/css/all.min.css
copy @fortawesome/fontawesome-free/webfonts                fontawesome/webfonts
copy @fortawesome/fontawesome-free/LICENSE.txt             fontawesome/LICENSE

# Source-map comments point at files we do not ship; drop them so browsers
# do not request them.
find "$TMP" -name '*.js' -o -name '*.css' | while read -r f; do
  sed -i -E '/^\/[\/*][#@] sourceMappingURL=.*$/d' "$f"
done

{
  echo "${PACKAGES[*]}"
  echo "installed by scripts/install_web_assets.sh from the npm registry; do not commit"
} >"$TMP/MANIFEST.txt"

rm -rf "$VENDOR"
mv "$TMP" "$VENDOR"
echo "web assets installed in $VENDOR ($(du -sh "$VENDOR" | cut -f1))"
