#!/usr/bin/env bash
# Installs what quantc needs on Debian 12 (only what is missing), fetches
# the ONNX Runtime test oracle from npm, and builds quantc with Ninja and
# ccache into build/ (or $QUANTC_BUILD_DIR).
#
#   scripts/setup.sh            # install + configure + build
#   QUANTC_SKIP_BUILD=1 scripts/setup.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QUANTC_BUILD_DIR:-$root/build}"

# Debian packages: toolchain, LLVM/MLIR 22, ONNX, Python (Debian's own
# /usr/bin/python3 with numpy/onnx/PIL, and torch: quantc-distill runs on it,
# the bench exports ResNets with torchvision), test tools, Node.js for the
# ONNX Runtime oracle.
packages=(
  build-essential cmake ninja-build ccache git
  clang-22 lld-22 llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler zlib1g-dev
  libgtest-dev python3 python3-numpy python3-onnx python3-pil
  python3-torch python3-torchvision
  nodejs npm
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (e.g. NodeSource): accept any
# node >= 18 with npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# The ONNX Runtime float oracle / speed peer (tests and benchmarks only).
if [ ! -d "$root/node_modules/onnxruntime-node" ] ||
   [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  echo "setup: npm ci (onnxruntime-node)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi

[ "${QUANTC_SKIP_BUILD:-0}" = 1 ] && exit 0

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
ccache --max-size=5G >/dev/null 2>&1 || true
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld \
    -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
fi
cmake --build "$build" -- -j "$(nproc)"
