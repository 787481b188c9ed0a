#!/usr/bin/env bash
# scripts/fixed-build.sh DIR: a build of the CLI that later builds of the checkout cannot change, for long runs
# (`KIT=DIR/Kit.Cli.dll results/run.sh ...`, `dotnet DIR/Kit.Cli.dll study run ...`).
# Why: Directory.Build.props hard-links build outputs to save disk, so `dotnet build -o DIR` alone leaves DIR/Kit.Cli.dll
# the same file as obj/Release/.../Kit.Cli.dll; the next build of the checkout rewrites it under a running process
# (seen: BadImageFormatException at the end of a run). This builds without links and checks that no Kit*.dll is shared.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: scripts/fixed-build.sh DIR}"
dotnet build "$root/src/Kit.Cli/Kit.Cli.csproj" -c Release -nologo -v quiet -o "$out" \
  -p:CreateHardLinksForCopyLocalIfPossible=false -p:CreateHardLinksForCopyFilesToOutputDirectoryIfPossible=false \
  -p:CreateHardLinksForCopyAdditionalFilesIfPossible=false -p:CreateHardLinksForPublishFilesIfPossible=false
for f in "$out"/Kit*.dll; do
  links=$(stat -c %h "$f")
  [ "$links" -eq 1 ] || { echo "fixed-build.sh: $f has $links hard links; it would change with the checkout's next build" >&2; exit 1; }
done
echo "fixed build in $out: dotnet $out/Kit.Cli.dll ..."
