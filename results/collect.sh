#!/usr/bin/env bash
# collect.sh RUN_DIR: copies what a reader needs from a finished run folder (result.json and its checksum,
# admm_log.csv, run.log) into results/NAME-seedSEED/, and writes spec.json from the spec recorded in result.json
# (the spec exactly as it ran). Checkpoints (.pt) are never copied.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="$1"
[ -f "$run/result.json" ] || { echo "collect.sh: $run/result.json not found (the run has not finished)" >&2; exit 1; }
folder="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["spec"]; print(s["name"]+"-seed"+str(s["seed"]))' "$run/result.json")"
out="$root/results/$folder"
mkdir -p "$out"
cp "$run/result.json" "$run/result.json.sha256" "$run/admm_log.csv" "$out/"
[ -f "$run/run.log" ] && sed "s#$root/##g" "$run/run.log" > "$out/run.log"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); json.dump(r["spec"],open(sys.argv[2],"w"),indent=2); open(sys.argv[2],"a").write("\n")' "$run/result.json" "$out/spec.json"
echo "collected $run -> results/$folder"
