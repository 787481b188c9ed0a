#!/usr/bin/env bash
# Prints the path of a headless-capable Chromium, installing Debian's package when there is none.
# Used by the browser checks (chart-check.sh, notebook-page-check.sh).
set -euo pipefail
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "== installing chromium (Debian package)" >&2
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium >/dev/null
  browser="$(command -v chromium)"
fi
echo "$browser"
