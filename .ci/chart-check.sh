#!/usr/bin/env bash
# Browser check of the offline charts: writes one chart page with the kit CLI, renders it in headless Chromium
# with no network use, and passes only if plotly drew (its SVG root, class="main-svg", is in the rendered DOM).
# Installs Debian's chromium when missing. Usage: .ci/chart-check.sh [page.html]  (default: a page the CLI writes)
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/ci/chart-check
mkdir -p "$out"

browser="$(.ci/browser.sh)"

page="${1:-}"
if [ -z "$page" ]; then
  ./kit charts data-balance --out "$out/page" >/dev/null
  page="$out/page/data-balance.html"
fi
[ -f "$page" ] || { echo "chart check: no page $page"; exit 1; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# Flags measured to work headless here (see the platform notes); the virtual time budget lets plotly finish drawing.
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom \
  "file://$(realpath "$page")" > "$out/dom.html" 2> "$out/chromium.log" || true
svgs=$( (grep -o 'class="main-svg"' "$out/dom.html" || true) | wc -l)
charts=$( (grep -oE "Plotly.newPlot\('(chart|kit-chart-)" "$page" || true) | wc -l)
echo "chart check: $page has $charts chart(s); rendered DOM has $svgs plotly SVG layer(s)"
# Plotly draws 3 "main-svg" layers per chart.
if [ "$svgs" -ge 1 ] && [ "$svgs" -ge $((3 * charts)) ]; then echo "chart check: ok"; else echo "chart check: FAILED (plotly did not draw; see $out/chromium.log)"; exit 1; fi
