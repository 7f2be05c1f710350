#!/usr/bin/env bash
# Checks that the working tree's compiler produces the same artifacts as a
# given commit: for a refactoring, "no behaviour change" made measurable.
#
#   scripts/check_artifacts.sh BASE [MODEL...]
#
# BASE (a commit) is checked out into a worktree and built with the same
# toolchain (ccache makes the unchanged files free); the working tree's
# build is build/ (or $QUANTC_BUILD_DIR), which must be up to date. Both
# compilers then compile every model of ../shared/models (or the MODELs
# named, e.g. mnist-8) to:
#
#   fp32.so / fp32.h          FP32, host CPU
#   fp32-avx2.so              FP32, -mcpu=x86-64-v3 (AVX2 kernels)
#   fp32-O0.so                FP32, -O0 (the reference linalg lowering)
#   int8.so / int8.h          INT8, calibrated on the model's calib split
#                             (each compiler calibrates for itself)
#   int8.calib.json           the statistics that calibration saved
#   int8-avx2.so              INT8, -mcpu=x86-64-v3 (pmaddwd kernels)
#   int8-O0.so                INT8, -O0
#   int8.qdq.onnx             the QDQ export of the same quantization
#
# and every pair of files must be byte-identical. Prints one line per file
# and exits 1 on any difference. Artifacts are kept under
# $QUANTC_ARTIFACTS_DIR (default build/artifact-check) for inspection
# (`cmp`, `--emit=llvm`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QUANTC_BUILD_DIR:-$root/build}"
work="${QUANTC_ARTIFACTS_DIR:-$build/artifact-check}"
shared="${QUANTC_SHARED:-$(dirname "$root")/shared}"
py=/usr/bin/python3

if (($# < 1)); then
  sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
base="$(git -C "$root" rev-parse --verify "$1^{commit}")"
shift
models=("$@")
if ((${#models[@]} == 0)); then
  for m in "$shared"/models/*.onnx; do models+=("$(basename "$m" .onnx)"); done
fi

[ -x "$build/bin/quantc" ] || { echo "no $build/bin/quantc: build first (scripts/setup.sh)"; exit 2; }

# The base compiler, in a worktree of its own (rebuilt only when BASE moves).
basesrc="$work/base-src"
basebuild="$basesrc/build"
mkdir -p "$work"
if [ ! -d "$basesrc" ] || [ "$(git -C "$basesrc" rev-parse HEAD 2>/dev/null)" != "$base" ]; then
  git -C "$root" worktree remove --force "$basesrc" 2>/dev/null || rm -rf "$basesrc"
  git -C "$root" worktree prune
  git -C "$root" worktree add --detach "$basesrc" "$base" >/dev/null
fi
# Same relative paths in both trees: ccache serves the unchanged files.
export CCACHE_BASEDIR="$(dirname "$root")"
[ -e "$basesrc/node_modules" ] || [ ! -d "$root/node_modules" ] ||
  ln -s "$root/node_modules" "$basesrc/node_modules"
echo "check_artifacts: building $base in $basebuild"
QUANTC_BUILD_DIR="$basebuild" "$basesrc/scripts/setup.sh" >"$work/base-build.log" 2>&1 ||
  { tail -30 "$work/base-build.log"; echo "check_artifacts: the base build failed"; exit 2; }

# Calibration data: the models' calib splits (cached by prep_data.py).
data="$work/data"
mkdir -p "$data"
for m in "${models[@]}"; do
  "$py" "$root/scripts/prep_data.py" "$m" "$data/$m.calib" --split calib >/dev/null
done

# compile BIN OUTDIR MODEL: every artifact of MODEL into OUTDIR.
compile() {
  local bin="$1" out="$2" m="$3"
  local onnx="$shared/models/$m.onnx" q=(--quantize=int8)
  mkdir -p "$out"
  (
    cd "$out"
    "$bin/quantc" "$onnx" -o fp32.so
    "$bin/quantc" "$onnx" -mcpu=x86-64-v3 -o fp32-avx2.so --no-header
    "$bin/quantc" "$onnx" -O0 -o fp32-O0.so --no-header
    "$bin/quantc" "$onnx" "${q[@]}" --calib-data "$data/$m.calib.npy" \
      --save-calib int8.calib.json -o int8.so
    "$bin/quantc" "$onnx" "${q[@]}" --load-calib int8.calib.json \
      -mcpu=x86-64-v3 -o int8-avx2.so --no-header
    "$bin/quantc" "$onnx" "${q[@]}" --load-calib int8.calib.json -O0 \
      -o int8-O0.so --no-header
    "$bin/quantc" "$onnx" "${q[@]}" --load-calib int8.calib.json \
      --emit=qdq-onnx -o int8.qdq.onnx
  ) >"$out.log" 2>&1 || { cat "$out.log"; echo "check_artifacts: $bin/quantc failed on $m"; return 1; }
}

status=0
for m in "${models[@]}"; do
  rm -rf "$work/base/$m" "$work/new/$m"
  compile "$basebuild/bin" "$work/base/$m" "$m" || { status=1; continue; }
  compile "$build/bin" "$work/new/$m" "$m" || { status=1; continue; }
  for f in "$work/base/$m"/*; do
    name="$(basename "$f")"
    if cmp -s "$f" "$work/new/$m/$name"; then
      printf '  same     %s/%s\n' "$m" "$name"
    else
      printf '  DIFFERS  %s/%s\n' "$m" "$name"
      status=1
    fi
  done
done
if ((status)); then
  echo "check_artifacts: artifacts differ from $base (kept in $work)"
else
  echo "check_artifacts: every artifact is byte-identical to $base's"
fi
exit $status
