#!/usr/bin/env bash
# How parallax/report/static/world.json and topojson-client.min.js were made.
#
# world.json: Natural Earth 1:110m country outlines as TopoJSON, from the npm
# package world-atlas (ISC licence; Natural Earth data is public domain),
# copied unchanged. topojson-client.min.js: the minified build of the npm
# package topojson-client (ISC licence), which the report inlines to decode
# the TopoJSON in the browser; its licence notice is prepended here.
# Needs node/npm and the npm registry; run from the repository root.
set -euo pipefail
WORLD_ATLAS_VERSION="${WORLD_ATLAS_VERSION:-2.0.2}"
TOPOJSON_CLIENT_VERSION="${TOPOJSON_CLIENT_VERSION:-3.1.0}"
dest="parallax/report/static"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && \
  npm install --no-audit --no-fund "world-atlas@${WORLD_ATLAS_VERSION}" \
    "topojson-client@${TOPOJSON_CLIENT_VERSION}" >/dev/null)
cp "$tmp/node_modules/world-atlas/countries-110m.json" "$dest/world.json"
{
  echo "/*! topojson-client ${TOPOJSON_CLIENT_VERSION} (npm), ISC licence:"
  sed 's/^/ * /' "$tmp/node_modules/topojson-client/LICENSE"
  echo " */"
  cat "$tmp/node_modules/topojson-client/dist/topojson-client.min.js"
  echo
} > "$dest/topojson-client.min.js"
echo "wrote $dest/world.json ($(wc -c < "$dest/world.json") bytes) and $dest/topojson-client.min.js"
