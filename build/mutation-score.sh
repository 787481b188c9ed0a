#!/usr/bin/env bash
# Mutation score of the tests on one core folder of the kit (Stryker.NET, pinned in .config/dotnet-tools.json).
# A benchmark of the tests, not a CI step: one folder takes tens of minutes on 2 cores.
#   bash build/mutation-score.sh Quantization|Pruning|Costs|Admm
# Mutates src/Kit/FOLDER/*.cs and runs only the tests of tests/Kit.Tests/FOLDER (plus the folders named below that
# also exercise it), one test process at a time, at nice 19 (MUTATION_NICE=N to change it on an idle machine). Reports go to artifacts/stryker/FOLDER/ (ignored by git).
# Then `kit mutation import` writes the committed summary results/mutation/FOLDER.json (counts, score, survivors, source
# hashes) from the report, the commit and the measured wall time; `./kit mutation summary --into docs/mutation-testing.md
# README.md` renders the score tables from it.
set -euo pipefail
folder="${1:?usage: build/mutation-score.sh Quantization|Pruning|Costs|Admm}"
case "$folder" in
  Quantization) filter="FullyQualifiedName~Kit.Tests.Quantization" ;;
  Pruning)      filter="FullyQualifiedName~Kit.Tests.Pruning" ;;
  Costs)        filter="FullyQualifiedName~Kit.Tests.Costs" ;;
  Admm)         filter="FullyQualifiedName~Kit.Tests.Admm" ;;
  *) echo "error: unknown folder '$folder' (Quantization, Pruning, Costs, Admm)" >&2; exit 1 ;;
esac
cd "$(dirname "$0")/.."
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
# Buildalyzer (inside Stryker) gives `dotnet --info` 10 s by default; at nice 19 on a busy machine it can take longer.
export DOTNET_INFO_WAIT_TIME=120000
dotnet tool restore > /dev/null
stryker_version="$(dotnet tool list --local | awk '$1 == "dotnet-stryker" { print $2 }')"
# The commit the run tests, taken before it starts (HEAD may move during a long run); the summary's source hashes say
# exactly what was mutated, "-dirty" only warns that the commit alone does not.
commit="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain -- src tests)" ]; then commit="$commit-dirty"; fi
out="$PWD/artifacts/stryker/$folder"
mkdir -p "$out"
# A report left by an earlier run must not be imported as this one's.
rm -f "$out/reports/mutation-report.json"
start=$(date +%s)
run_date="$(date -u +%F)"
(cd tests/Kit.Tests && nice -n "${MUTATION_NICE:-19}" dotnet dotnet-stryker --project Kit.csproj --configuration Release --concurrency 1 \
  --mutate "**/src/Kit/$folder/**/*.cs" --test-case-filter "$filter" \
  --reporter html --reporter json --reporter cleartext --reporter progress --output "$out")
duration=$(( $(date +%s) - start ))
nice -n "${MUTATION_NICE:-19}" ./kit mutation import "$out/reports/mutation-report.json" --folder "$folder" --commit "$commit" \
  --duration-s "$duration" --date "$run_date" --stryker-version "$stryker_version" --out "results/mutation/$folder.json"
echo "next: ./kit docs update   # every generated block, the score tables of docs/mutation-testing.md and README.md among them"
