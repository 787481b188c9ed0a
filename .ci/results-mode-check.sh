#!/usr/bin/env bash
# The default mode of `kit reproduce` and of the notebooks: no training, everything read from the committed results.
# Runs `./kit reproduce` with no mode flag into artifacts/reproduce-results (it fails on any notebook cell error), then
# checks against the committed files themselves that what it shows is the committed study: the scale line of the
# executed RQ2 notebook counts the published runs, and the RQ2 points table has one row per published experiment.
# Usage: .ci/results-mode-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/reproduce-results
./kit reproduce --out "$out"

# Oracle: the folders under results/study, counted without the kit.
published=0; experiments=""
for d in results/study/study-*/; do
  name="$(basename "$d")"
  if [ -f "$d/result.json" ]; then published=$((published + 1)); experiments+="${name%-seed*}"$'\n'
  elif [ -f "$d/metrics.json" ]; then published=$((published + 1)); fi
done
n_exp=$(printf '%s' "$experiments" | sort -u | grep -c . || true)

nb="$out/notebooks/02-rq2-pareto.ipynb"
[ -f "$nb" ] || { echo "results mode check: no executed $nb"; exit 1; }
grep -q "results/study: $published of [0-9]* planned runs published" "$nb" \
  || { echo "results mode check: $nb does not show the $published published runs of results/study"; exit 1; }
grep -q "SMOKE SCALE" "$nb" && { echo "results mode check: $nb shows smoke-scale numbers in results mode"; exit 1; }
rows=$(( $(wc -l < "$out/rq2/points.csv") - 1 ))
[ "$rows" -eq "$n_exp" ] || { echo "results mode check: rq2/points.csv has $rows rows, results/study has $n_exp experiments"; exit 1; }
echo "results mode check: ok ($published published runs, $n_exp experiments shown by the executed RQ2 notebook and rq2/points.csv)"
