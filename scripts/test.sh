#!/usr/bin/env bash
# Runs every quantc test: installs what is missing and builds first.
#
#   scripts/test.sh
#
# 1. lit: dialect, import, pass, codegen and CLI tests (test/**/*.mlir|test)
# 2. GoogleTest unit tests (build/bin/quantc-unittests)
# 3. ONNX conformance: every in-scope case of ONNX's own test data
# 4. end to end: every model in ../shared/models against ONNX Runtime on
#    real images (rel. L2 <= 1e-4, identical top-1)
# 5. INT8 end to end: every model calibrated and compiled to integer-only
#    code, bit-exact against the C++ integer reference (quantc-ref) on real
#    images, float-free outside the boundary; again with the AVX2 (no VNNI)
#    kernels
# 6. QDQ export end to end: every model exported with --emit=qdq-onnx from
#    the INT8 artifact's calibration, run by ONNX Runtime, against the
#    artifact (top-1 agreement, SQNR)
# 7. QDQ/QLinear import: generated quantized models and quantc's own export
#    read back, against ONNX Runtime
# 8. onnx_torch, the ONNX interpreter quantc-distill (ZeroQ) runs on, against
#    ONNX Runtime on every shared model
# 9. the C example links and classifies an image
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${QUANTC_BUILD_DIR:-$root/build}"
py=/usr/bin/python3

"$root/scripts/setup.sh"

step() { printf '\n=== %s\n' "$*"; }
failed=()
run() {
  local name="$1"; shift
  if "$@"; then echo "--- $name: OK"; else echo "--- $name: FAILED"; failed+=("$name"); fi
}

step "lit tests"
run lit /usr/lib/llvm-22/bin/lit -q --show-unsupported "$build/test"

step "unit tests"
run unittests "$build/bin/quantc-unittests" --gtest_brief=1

step "ONNX conformance"
run conformance "$py" "$root/test/conformance/run_conformance.py" \
  --quantc "$build/bin/quantc" --report "$build/conformance.md"

step "end to end vs ONNX Runtime"
run e2e "$py" "$root/test/e2e/check_model.py" all --build-dir "$build" \
  --limit "${QUANTC_E2E_IMAGES:-32}" --work-dir "$build/e2e"

step "INT8 end to end (bit-exact vs the integer reference)"
run int8 "$py" "$root/test/e2e/check_int8.py" all --build-dir "$build" \
  --limit "${QUANTC_INT8_IMAGES:-16}" --work-dir "$build/int8"
run int8-avx2 "$py" "$root/test/e2e/check_int8.py" tiny_darknet mobilenetv2_1.0_224 \
  --build-dir "$build" --limit 4 --work-dir "$build/int8-avx2" \
  --quantc-arg=-mcpu=x86-64-v3

step "QDQ export end to end (ONNX Runtime on the export vs the INT8 artifact)"
run qdq "$py" "$root/test/e2e/check_qdq_export.py" all --build-dir "$build" \
  --limit "${QUANTC_QDQ_IMAGES:-64}" --work-dir "$build/qdq"

step "QDQ/QLinear import end to end (models quantized by other tools vs ONNX Runtime)"
run qdq-import "$py" "$root/test/e2e/check_qdq_import.py" --ort

step "onnx_torch (the distiller's ONNX interpreter) vs ONNX Runtime"
run onnx-torch "$py" "$root/scripts/test_onnx_torch.py" --work "$build/onnx_torch" 2>/dev/null

step "C example"
run example "$root/examples/run_example.sh" "$build"

if ((${#failed[@]})); then
  printf '\nFAILED: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nall tests passed\n'
