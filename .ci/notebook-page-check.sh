#!/usr/bin/env bash
# Browser check of an executed notebook page (kit's NotebookHtml): renders it in headless Chromium with no network
# and passes only if it reads like a notebook: KaTeX typeset at least one formula (its output elements are in the
# rendered DOM, no KaTeX error), markdown became headings, and no raw markdown or TeX delimiters ("##", "$$") are
# left in the visible text. Usage: .ci/notebook-page-check.sh PAGE.html
set -euo pipefail
cd "$(dirname "$0")/.."
page="${1:?usage: .ci/notebook-page-check.sh PAGE.html}"
[ -f "$page" ] || { echo "notebook page check: no page $page"; exit 1; }
out=artifacts/ci/notebook-page-check
mkdir -p "$out"
browser="$(.ci/browser.sh)"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom \
  "file://$(realpath "$page")" > "$out/dom.html" 2> "$out/chromium.log" || true

typeset=$( (grep -o 'class="katex"' "$out/dom.html" || true) | wc -l)
errors=$( (grep -o 'class="katex-error"' "$out/dom.html" || true) | wc -l)
headings=$( (grep -oE '<h[1-3][ >]' "$out/dom.html" || true) | wc -l)
# Visible prose: drop scripts, styles, KaTeX's MathML copy (screen readers only; it holds the TeX source) and code
# (C# legitimately holds "##" in format strings and "$" in interpolated strings), then tags.
perl -0777 -pe 's{<script\b.*?</script>}{}gs; s{<style\b.*?</style>}{}gs; s{<span class="katex-mathml">.*?</math></span>}{}gs; s{<pre\b.*?</pre>}{}gs; s{<code\b.*?</code>}{}gs; s{<[^>]+>}{}gs' \
  "$out/dom.html" > "$out/text.txt"
raw=$( (grep -nE '##|\$\$' "$out/text.txt" || true) | head -5)
# A page without formulas passes with none typeset, as long as no TeX delimiter is left in its prose.
if [ "$typeset" -eq 0 ] && ! grep -q '\$' "$out/text.txt"; then typeset_needed=0; else typeset_needed=1; fi
echo "notebook page check: $page: $typeset typeset formula(s), $errors KaTeX error(s), $headings heading(s)"
if [ -n "$raw" ]; then echo "notebook page check: raw markdown or TeX in the visible text:"; echo "$raw"; fi
if [ "$typeset" -ge "$typeset_needed" ] && [ "$errors" -eq 0 ] && [ "$headings" -ge 1 ] && [ -z "$raw" ]; then
  echo "notebook page check: ok"
else
  echo "notebook page check: FAILED (see $out/)"; exit 1
fi
