// Errors of quantc-calibrate that depend on its options: each is one
// diagnostic naming the file (and the tensor), and the pass fails.
// `method` is an enum option: the pipeline parser rejects an unknown one
// (the quantc driver names the choices: test/tools/quantc/calib-bad-options.test).
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-stats.json method=bogus" 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: for the --method option: Cannot find option named 'bogus'!

// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not=error:
// MISSING: error: cannot read calibration file {{.*}}.missing.json: No such file or directory

// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-not-json.json" 2>&1 | FileCheck %s --check-prefix=NOTJSON --implicit-check-not=error:
// NOTJSON: error: {{.*}}calib-not-json.json: not JSON: [{{.*}}]: {{.*}}

// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-not-stats.json" 2>&1 | FileCheck %s --check-prefix=NOTSTATS --implicit-check-not=error:
// NOTSTATS: error: {{.*}}calib-not-stats.json: not a quantc calibration file

// Statistics made for another model: the first tensor without statistics.
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-other-model.json" 2>&1 | FileCheck %s --check-prefix=OTHER --implicit-check-not=error:
// OTHER: error: {{.*}}calib-other-model.json has no statistics for tensor 'arg:x#0': it was made for another model or other options

// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-bad-hist.json" 2>&1 | FileCheck %s --check-prefix=HIST --implicit-check-not=error:
// HIST: error: {{.*}}calib-bad-hist.json: malformed histogram for 'arg:x#0'

// save= to a directory that does not exist.
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="load=%S/Inputs/calib-stats.json save=%t.no-such-dir/stats.json" 2>&1 | FileCheck %s --check-prefix=SAVE --implicit-check-not=error:
// RUN: not test -e %t.no-such-dir
// SAVE: error: cannot write {{.*}}no-such-dir/stats.json: No such file or directory

// Neither data= nor load=.
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate 2>&1 | FileCheck %s --check-prefix=NODATA --implicit-check-not=error:
// NODATA: error: quantc-calibrate: no calibration data

// Data loading errors name the file (more in test/tools/quantc/calib-*.test).
// RUN: %python -c "import numpy as np; np.save('%t.shape.npy', np.zeros([3, 5], np.float32))"
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate="data=%t.shape.npy" 2>&1 | FileCheck %s --check-prefix=SHAPE --implicit-check-not=error:
// SHAPE: error: {{.*}}.shape.npy: expected float32[1x4] for input 'x' (or N of them stacked along dimension 0), found float32[3x5]

func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> tensor<1x4xf32> {
  return %arg0 : tensor<1x4xf32>
}
