#!/usr/bin/env bash
# Debian's python3-jupyter-client for the test that starts the kit's Jupyter kernel the way Jupyter does
# (KernelLoopbackTests). Idempotent: installs only when Debian's python3 cannot import jupyter_client.
set -euo pipefail
if /usr/bin/python3 -c 'import jupyter_client' 2>/dev/null; then echo "jupyter_client: present"; exit 0; fi
echo "== installing python3-jupyter-client (Debian package)"
sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
$sudo_ apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends python3-jupyter-client >/dev/null
/usr/bin/python3 -c 'import jupyter_client; print("jupyter_client", jupyter_client.__version__)'
