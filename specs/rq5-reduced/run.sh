#!/usr/bin/env bash
# RQ5 measured results in the REDUCED setting (see docs/rq5.md). Run from the repo root.
# Per seed the three structures start from one dense model (trained by the irregular run, reused via
# --dense), so they differ only in the pruning set. Environment: SEEDS (default "1 2 3"), PGD_EPS
# (default 0.1,0.2,0.3), SKIP_ROBUSTNESS / SKIP_TRANSFER (set to skip that part). Ends with the tables of docs/rq5.md
# (`kit rq5 summary`, also written to artifacts/rq5/summary.md).
set -euo pipefail
export OMP_WAIT_POLICY=PASSIVE
out=artifacts/rq5
mkdir -p "$out"
if [ -z "${SKIP_ROBUSTNESS:-}" ]; then
  for seed in ${SEEDS:-1 2 3}; do
    d="$out/seed$seed"
    ./kit compress --spec specs/rq5-reduced/rq5-reduced-lenet5-mnist-irregular-10x-seed$seed.json --out "$d/irregular"
    for scheme in column filter_column; do
      ./kit compress --spec specs/rq5-reduced/rq5-reduced-lenet5-mnist-$scheme-10x-seed$seed.json --dense "$d/irregular/dense.pt" --out "$d/$scheme"
    done
    for m in irregular/dense irregular/model column/model filter_column/model; do
      tag=${m//\//-}
      ./kit attack --model "$d/$m.pt" --attack pgd --eps "${PGD_EPS:-0.1,0.2,0.3}" --steps 40 --step-size 0.01 --limit 1000 --seed $seed --out "$d/attack-pgd-$tag.json"
      ./kit attack --model "$d/$m.pt" --attack fgsm --eps 0,0.05,0.1,0.15,0.2,0.3 --limit 1000 --seed $seed --out "$d/attack-fgsm-$tag.json"
    done
  done
fi
if [ -z "${SKIP_TRANSFER:-}" ]; then
  for scheme in irregular column filter_column; do
    ./kit transfer --spec specs/rq5-reduced/rq5-reduced-transfer-mnist-to-fashion-mnist-$scheme-10x.json --out "$out/transfer/$scheme"
  done
fi
./kit rq5 summary "$out" --out "$out/summary.md"
