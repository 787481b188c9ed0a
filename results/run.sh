#!/usr/bin/env bash
# Runs one committed-results experiment: `results/run.sh SPEC SEED [DENSE_PT]` trains (or continues with --resume)
# in artifacts/runs/NAME-seedSEED on one torch thread, then copies what a reader needs (result.json and its
# checksum, admm_log.csv, the spec as it ran, the console log) into results/NAME-seedSEED/. Checkpoints (.pt)
# stay in artifacts/. DENSE_PT: a starting checkpoint (e.g. artifacts/runs/lenet5-mnist-dense-seed1/model.pt, made by
# the `kit train` command recorded in results/lenet5-mnist-dense-seed1/); result.json records its path and SHA-256.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
spec="$1"; seed="$2"; dense="${3:-}"
name="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["name"])' "$spec")"
run="artifacts/runs/$name-seed$seed"
tmpspec="$(mktemp --suffix .json)"
python3 - "$spec" "$seed" "$tmpspec" <<'PY'
import json,sys
d=json.load(open(sys.argv[1])); d["seed"]=int(sys.argv[2]); d["threads"]=1
json.dump(d,open(sys.argv[3],"w"),indent=2)
PY
args=(compress --spec "$tmpspec" --threads 1 --out "$run")
if [ -n "$dense" ]; then args+=(--dense "$dense"); fi
if [ -f "$run/checkpoint/journal.json" ] && [ ! -f "$run/result.json" ]; then args=(compress --resume "$run"); fi
mkdir -p "$run"
# KIT=path/Kit.Cli.dll runs a fixed build made by scripts/fixed-build.sh (a long queue of runs then survives edits and rebuilds
# of the checkout; a plain `dotnet build -o` is not fixed: its Kit.Cli.dll is a hard link into obj/).
kit=(./kit); [ -n "${KIT:-}" ] && kit=(dotnet "$KIT")
OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE "${kit[@]}" "${args[@]}" 2>&1 | stdbuf -oL tr '\r' '\n' | grep --line-buffered -v ' batch [0-9]*/' | tee -a "$run/run.log"
rm -f "$tmpspec"
"$root/results/collect.sh" "$run"
# The run's final model as a compact file (model.kitm + model.kitm.json: the cheapest exact format), never the .pt.
"${kit[@]}" study backfill-models --results results --artifacts artifacts/runs --runs "$(basename "$run")"
