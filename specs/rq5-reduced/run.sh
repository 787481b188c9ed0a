#!/usr/bin/env bash
# RQ5 measured results in the REDUCED setting (see docs/rq5.md). Run from the repo root.
# Per seed the three structures start from one dense model (trained by the irregular run, reused via
# --dense), so they differ only in the pruning set. Environment:
#   DATASET   mnist (default; folders artifacts/rq5/seedN) or fashion-mnist (artifacts/rq5/fashion-mnist/seedN)
#   SEEDS     default "1 2 3"
#   PGD_EPS   default 0.1,0.2,0.3;  FGSM_EPS default 0,0.05,0.1,0.15,0.2,0.3
#   PAIRS     transfer pairs, default "mnist-to-fashion-mnist"; also fashion-mnist-to-mnist, fashion-mnist-0-4-to-5-9
#   TRANSFER_SEEDS  default "1" (seed 1 specs have no suffix; seeds 2 and 3 are the -seedN specs)
#   THREADS   torch threads per run (default: the spec's)
#   SKIP_ROBUSTNESS / SKIP_TRANSFER  set to skip that part
# Ends with the tables of docs/rq5.md (`kit rq5 summary`, also written to artifacts/rq5/summary.md).
set -euo pipefail
export OMP_WAIT_POLICY=PASSIVE
out=artifacts/rq5
ds=${DATASET:-mnist}
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
mkdir -p "$out"
if [ -z "${SKIP_ROBUSTNESS:-}" ]; then
  base="$out"; [ "$ds" != mnist ] && base="$out/$ds"
  for seed in ${SEEDS:-1 2 3}; do
    d="$base/seed$seed"
    ./kit compress "${threads[@]}" --spec specs/rq5-reduced/rq5-reduced-lenet5-$ds-irregular-10x-seed$seed.json --out "$d/irregular"
    for scheme in column filter_column; do
      ./kit compress "${threads[@]}" --spec specs/rq5-reduced/rq5-reduced-lenet5-$ds-$scheme-10x-seed$seed.json --dense "$d/irregular/dense.pt" --out "$d/$scheme"
    done
    for m in irregular/dense irregular/model column/model filter_column/model; do
      tag=${m//\//-}
      ./kit attack "${threads[@]}" --model "$d/$m.pt" --attack pgd --eps "${PGD_EPS:-0.1,0.2,0.3}" --steps 40 --step-size 0.01 --limit 1000 --seed $seed --out "$d/attack-pgd-$tag.json"
      ./kit attack "${threads[@]}" --model "$d/$m.pt" --attack fgsm --eps "${FGSM_EPS:-0,0.05,0.1,0.15,0.2,0.3}" --limit 1000 --seed $seed --out "$d/attack-fgsm-$tag.json"
    done
  done
fi
if [ -z "${SKIP_TRANSFER:-}" ]; then
  for pair in ${PAIRS:-mnist-to-fashion-mnist}; do
    for seed in ${TRANSFER_SEEDS:-1}; do
      suffix=""; [ "$seed" != 1 ] && suffix="-seed$seed"
      for scheme in irregular column filter_column; do
        name=rq5-reduced-transfer-$pair-$scheme-10x$suffix
        # seed 1 of MNIST -> Fashion-MNIST keeps its original folder names (transfer/SCHEME)
        dir="$out/transfer/$name"; [ "$pair$suffix" = mnist-to-fashion-mnist ] && dir="$out/transfer/$scheme"
        ./kit transfer "${threads[@]}" --spec specs/rq5-reduced/$name.json --out "$dir"
      done
    done
  done
fi
./kit rq5 summary "$out" --out "$out/summary.md"
