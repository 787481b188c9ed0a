#!/usr/bin/env bash
# Concurrent adversarial ADMM in the REDUCED setting (one seed; see docs/rq5.md). Run from the repo root.
# THREADS: torch threads per run (default: the spec's).
set -euo pipefail
export OMP_WAIT_POLICY=PASSIVE
d=artifacts/rq5/adv-seed1
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
./kit compress "${threads[@]}" --spec specs/rq5-reduced/rq5-reduced-adv-lenet5-mnist-irregular-10x-seed1.json --out "$d/irregular"
for scheme in column filter_column; do
  ./kit compress "${threads[@]}" --spec specs/rq5-reduced/rq5-reduced-adv-lenet5-mnist-$scheme-10x-seed1.json --dense "$d/irregular/dense.pt" --out "$d/$scheme"
done
for m in irregular/dense irregular/model column/model filter_column/model; do
  tag=${m//\//-}
  ./kit attack "${threads[@]}" --model "$d/$m.pt" --attack pgd --eps 0.1 --steps 40 --step-size 0.01 --limit 1000 --seed 1 --out "$d/attack-pgd-$tag.json"
  ./kit attack "${threads[@]}" --model "$d/$m.pt" --attack fgsm --eps 0.05,0.1,0.15 --limit 1000 --seed 1 --out "$d/attack-fgsm-$tag.json"
done
