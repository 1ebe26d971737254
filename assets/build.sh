#!/usr/bin/env bash
# Rebuild every vendored front-end asset from the pinned npm packages.
# Usage (from anywhere): bash assets/build.sh
# Idempotent: a rerun leaves the outputs byte-identical, so CI can run it and
# then `git status --porcelain -- hoanhap/web/static tests/browser/vendor`.
set -euo pipefail

ASSETS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$ASSETS_DIR")"
STATIC_DIR="$REPO_DIR/hoanhap/web/static/hoanhap"
AXE_DIR="$REPO_DIR/tests/browser/vendor"
NM="$ASSETS_DIR/node_modules"
GOVUK="$NM/govuk-frontend/dist/govuk"
FONTS="$NM/@fontsource/be-vietnam-pro/files"

cd "$ASSETS_DIR"
# Exact versions from package-lock.json; no install scripts are needed.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Generated directories are recreated from scratch (hoanhap/js and
# hoanhap/images are not removed: js/ is hand-written).
rm -rf "$STATIC_DIR/css" "$STATIC_DIR/vendor" "$STATIC_DIR/fonts"
mkdir -p "$STATIC_DIR/css" "$STATIC_DIR/fonts" "$STATIC_DIR/images" \
  "$STATIC_DIR/vendor/govuk-frontend" "$STATIC_DIR/vendor/htmx" "$STATIC_DIR/vendor/echarts" "$AXE_DIR"

# 1. CSS: GOV.UK Frontend + Be Vietnam Pro + project styles.
"$NM/.bin/sass" --style=compressed --no-source-map --quiet-deps \
  --load-path="$NM" scss/hoanhap.scss "$STATIC_DIR/css/hoanhap.css"

# 2. GOV.UK Frontend JavaScript (ES module). Its map is shipped too, because
#    the file ends with a sourceMappingURL comment and Django's
#    ManifestStaticFilesStorage fails on a missing map.
cp "$GOVUK/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js.map" \
  "$STATIC_DIR/vendor/govuk-frontend/"

# 3. GOV.UK Frontend images: every one carries the crown or the Royal Arms, so
#    none is copied. A new upstream image stops the build until it is reviewed.
crown_images=" favicon.ico favicon.svg govuk-crest.svg govuk-icon-180.png govuk-icon-192.png govuk-icon-512.png govuk-icon-mask.svg govuk-opengraph-image.png "
for image in "$GOVUK"/assets/images/*; do
  name="$(basename "$image")"
  if [[ "$crown_images" != *" $name "* ]]; then
    echo "build.sh: new GOV.UK Frontend image '$name': check it has no crown, then copy it or add it to crown_images" >&2
    exit 1
  fi
done

# 4. htmx (classic script).
cp "$NM/htmx.org/dist/htmx.min.js" "$STATIC_DIR/vendor/htmx/htmx.min.js"

# 4b. Apache ECharts (classic UMD script, sets window.echarts; no source-map
#     comment) and its Vietnamese locale (registers "VI" for the aria texts).
cp "$NM/echarts/dist/echarts.min.js" "$STATIC_DIR/vendor/echarts/echarts.min.js"
cp "$NM/echarts/i18n/langVI.js" "$STATIC_DIR/vendor/echarts/langVI.js"

# 5. Be Vietnam Pro: 400, 700 and 400 italic; Vietnamese, Latin, Latin Extended.
for face in 400-normal 700-normal 400-italic; do
  for subset in vietnamese latin-ext latin; do
    cp "$FONTS/be-vietnam-pro-$subset-$face.woff2" "$STATIC_DIR/fonts/"
  done
done

# 6. Our own favicon (no crown), generated deterministically.
python3 "$ASSETS_DIR/tools/make_favicons.py" "$STATIC_DIR/images"

# 7. axe-core, for browser tests only (never served by the app).
cp "$NM/axe-core/axe.min.js" "$AXE_DIR/axe.min.js"

# 8. Licence texts shipped in the packages (GOV.UK Frontend's npm package has
#    none: licenses/govuk-frontend.MIT.txt is kept by hand from its repository).
cp "$NM/htmx.org/LICENSE" licenses/htmx.org.0BSD.txt
cp "$NM/@fontsource/be-vietnam-pro/LICENSE" licenses/be-vietnam-pro.OFL-1.1.txt
cp "$NM/axe-core/LICENSE" licenses/axe-core.MPL-2.0.txt
cp "$NM/axe-core/LICENSE-3RD-PARTY.txt" licenses/axe-core.third-party.txt
cp "$NM/sass/LICENSE" licenses/sass.MIT.txt
cp "$NM/echarts/LICENSE" licenses/echarts.Apache-2.0.txt
cp "$NM/echarts/NOTICE" licenses/echarts.NOTICE.txt
cp "$NM/echarts/licenses/LICENSE-d3" licenses/echarts.d3.BSD-3-Clause.txt
cp "$NM/zrender/LICENSE" licenses/zrender.BSD-3-Clause.txt

# Licences also travel with the served files.
cp licenses/govuk-frontend.MIT.txt "$STATIC_DIR/vendor/govuk-frontend/LICENSE.txt"
cp licenses/htmx.org.0BSD.txt "$STATIC_DIR/vendor/htmx/LICENSE.txt"
cp licenses/be-vietnam-pro.OFL-1.1.txt "$STATIC_DIR/fonts/OFL.txt"
cp licenses/echarts.Apache-2.0.txt "$STATIC_DIR/vendor/echarts/LICENSE.txt"
cp licenses/echarts.NOTICE.txt "$STATIC_DIR/vendor/echarts/NOTICE.txt"
cp licenses/echarts.d3.BSD-3-Clause.txt "$STATIC_DIR/vendor/echarts/LICENSE-d3.txt"
cp licenses/zrender.BSD-3-Clause.txt "$STATIC_DIR/vendor/echarts/LICENSE-zrender.txt"

# 9. Check the output (no GDS Transport, every url() resolves, ...).
node "$ASSETS_DIR/tools/check-output.mjs" "$STATIC_DIR"
