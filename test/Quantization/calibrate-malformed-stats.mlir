// Regression (fixed; the old behaviour): load= (--load-calib) accepts malformed statistics silently and
// compiles with ranges nobody calibrated: a missing "min"/"max" becomes 0,
// a non-number "min" becomes 0, min > max is kept (the range becomes
// [0, max(min, 0)] after extending to 0), negative histogram counts wrap
// to 2^64 - 1, and an unknown "quantc_calibration" version is ignored.
// Expected: one error naming the file, the tensor and the field, as for a
// malformed histogram length.
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-missing-minmax.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: {{.*}}calib-missing-minmax.json: {{.*}}'arg:x#0'{{.*}}min
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-string-min.json" 2>&1 | FileCheck %s --check-prefix=STRING
// STRING: error: {{.*}}calib-string-min.json: {{.*}}'arg:x#0'{{.*}}min
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-min-gt-max.json" 2>&1 | FileCheck %s --check-prefix=ORDER
// ORDER: error: {{.*}}calib-min-gt-max.json: {{.*}}'arg:x#0'{{.*}}min{{.*}}max
// RUN: %python %S/make_calib_stats.py negative_hist %t.neg.json
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%t.neg.json" 2>&1 | FileCheck %s --check-prefix=NEGATIVE
// NEGATIVE: error: {{.*}}.neg.json: tensor 'arg:x#0': {{.*}}negative
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-version-99.json" 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: error: {{.*}}calib-version-99.json: {{.*}}version

func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> tensor<1x4xf32> {
  return %arg0 : tensor<1x4xf32>
}
