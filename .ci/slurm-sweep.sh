#!/usr/bin/env bash
# CI: the README's Slurm job array, as written there, on a single-node Slurm on 127.0.0.1 (.ci/slurm-local.sh):
# the tiny sweep in quick mode as a 2-task array (scripts/slurm/kit-sweep.sbatch), task 0 requeued in the middle of
# its first entry and started again at once, then `kit merge --require-complete` must list every entry once, in
# quick mode. Ends with the line "slurm-array: Failed: N, Passed: N, Skipped: 0" that .ci/run adds to its count.
set -uo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
state=artifacts/ci/slurm
passed=0; failed=0
ok() { echo "ok: $1"; passed=$((passed + 1)); }
bad() { echo "FAILED: $1"; failed=$((failed + 1)); }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
completed=0
finish() {
  [ "$completed" -eq 1 ] || bad "the step ran to its end (it stopped early)"
  .ci/slurm-local.sh stop "$state" >/dev/null 2>&1
  echo "slurm array step: $(( $(date +%s) - t0 )) s"
  echo "slurm-array: Failed: $failed, Passed: $passed, Skipped: 0"
  [ "$failed" -eq 0 ]
}
trap 'finish; exit $?' EXIT

# The README's commands, verbatim (the test below fails if the README no longer has one of these lines).
build='./kit sweep specs/sweeps/lenet5-mnist-tiny.json --list --quick'
mklogs='mkdir -p logs'
submit='sbatch scripts/slurm/kit-sweep.sbatch'
merge='./kit merge artifacts/sweeps/lenet5-mnist-tiny --sweep specs/sweeps/lenet5-mnist-tiny.json --quick --out artifacts/sweeps/lenet5-mnist-tiny.csv --require-complete'
out=artifacts/sweeps/lenet5-mnist-tiny
for c in "$build" "$mklogs" "$submit" "$merge"; do
  check "README has the line: $c" 'grep -qxF -- "$c" README.md'
done
# The README shows the job script itself: its block must be the shipped file, byte for byte.
check "README's job script is scripts/slurm/kit-sweep.sbatch" \
  'diff <(sed -n "/^<!-- slurm-job-script -->/,/^<!-- \/slurm-job-script -->/p" README.md | sed "1,2d;\$d" | sed "\$d") scripts/slurm/kit-sweep.sbatch'

.ci/slurm-local.sh start "$state" || { bad "single-node Slurm started"; exit 1; }
export SLURM_CONF="$PWD/$state/slurm.conf"
check "Slurm daemons listen on 127.0.0.1 only" '! ss -ltnp | grep -E "slurm(ctld|d)" | grep -vq "127\.0\.0\.1:"'

rm -rf "$out" "$out.csv"
eval "$build" > "$state/list.txt" || { bad "build and list"; exit 1; }
entries=$(grep -c ' part ' "$state/list.txt")
eval "$mklogs"
job=$(eval "$submit" | awk '/Submitted batch job/ {print $4}')
[ -n "$job" ] || { bad "sbatch submitted the array"; exit 1; }
ok "sbatch submitted array job $job ($entries entries)"

# Task 0's first entry (index 0): wait until its first epoch is in the journal, then requeue the task.
first=$(awk '$1 == 0 {print $5 "-" substr($4, 1, 10)}' "$state/list.txt")
journal="$out/$first/checkpoint/journal.json"
for _ in $(seq 600); do
  grep -q '"phase": "dense"' "$journal" 2>/dev/null && [ ! -f "$out/$first/result.json" ] && break
  sleep 0.5
done
if grep -q '"phase": "dense"' "$journal" 2>/dev/null && [ ! -f "$out/$first/result.json" ]; then
  scontrol requeue "${job}_0" && ok "task 0 requeued mid-entry ($first)" || bad "scontrol requeue ${job}_0"
  # Slurm delays a requeued task (BeginTime about 2 minutes ahead); start it now.
  sleep 1
  scontrol update jobid="${job}_0" starttime=now || bad "scontrol update starttime=now"
else
  bad "task 0 reached its first epoch (journal $journal) before finishing the entry"
fi

for _ in $(seq 1200); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 0.5; done
check "the array finished" '[ -z "$(squeue -h -j "$job")" ]'
log0="logs/${job}_0.out"
check "task 0 ran twice (Restarts=1)" 'scontrol show job "${job}_0" | grep -q "Restarts=1"'
check "task 0's log kept both attempts (--open-mode=append)" '[ "$(grep -c "^shard 0/2:" "$log0")" -eq 2 ]'
check "task 0 resumed its entry from the checkpoint" 'grep -q "resuming .*$first: [1-9][0-9]* epochs done" "$log0"'

eval "$merge" > "$state/merge.txt" 2>&1; rc=$?
cat "$state/merge.txt"
check "kit merge --require-complete exits 0" '[ $rc -eq 0 ]'
check "every entry once: $entries experiments, none duplicated, missing or corrupt" \
  'grep -q "^$entries experiments, 0 duplicated, 0 missing, 0 corrupt" "$state/merge.txt"'
csv="$out.csv"
check "the table has one row per entry, each name once" \
  '[ "$(tail -n +2 "$csv" | cut -d, -f1 | sort -u | wc -l)" -eq "$entries" ] && [ "$(tail -n +2 "$csv" | wc -l)" -eq "$entries" ]'
check "every row is marked quick" \
  'col=$(head -1 "$csv" | tr , "\n" | grep -nx quick | cut -d: -f1); [ "$(tail -n +2 "$csv" | cut -d, -f"$col" | sort -u)" = true ]'
./kit merge "$out" --sweep specs/sweeps/lenet5-mnist-tiny.json --out "$state/no-quick.csv" > "$state/no-quick.txt" 2>&1
check "merging without --quick says why every entry is missing" 'grep -q "hint: $entries of the $entries entries have results of a quick run" "$state/no-quick.txt"'
completed=1
