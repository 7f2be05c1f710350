// quantc-calibrate running the float model (quantc's own code generator)
// over calibration data: exact min/max per tensor, a 2048-bin histogram,
// max-samples, and the statistics file.
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[1, -2, 3, 0.5], [-4, 0.25, 2, 1]], np.float32))"
// RUN: quantc-opt %s -quantc-calibrate="data=%t.npy method=minmax progress=false save=%t.json" | FileCheck %s
// RUN: FileCheck %s --check-prefix=SAVE --input-file=%t.json
// RUN: quantc-opt %s -quantc-calibrate="data=%t.npy method=minmax progress=false max-samples=1" | FileCheck %s --check-prefix=ONE
// Progress goes to stderr, one line per tenth of the runs when not a terminal.
// RUN: quantc-opt %s -quantc-calibrate="data=%t.npy method=minmax" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PROGRESS

// Two samples of x ([1, 4] each, stacked along dimension 0).
// CHECK-LABEL: func.func @main
// CHECK-SAME: qc.calib = #qc.calib<min = -4.000000e+00, max = 3.000000e+00, lo = -4.000000e+00, hi = 3.000000e+00>
// CHECK: qc.add {{.*}}qc.calib = #qc.calib<min = -8.000000e+00, max = 6.000000e+00, lo = -8.000000e+00, hi = 6.000000e+00>
// CHECK: qc.clamp {{.*}}qc.calib = #qc.calib<min = 0.000000e+00, max = 6.000000e+00, lo = 0.000000e+00, hi = 6.000000e+00>

// Only the first sample: x in [-2, 3].
// ONE-LABEL: func.func @main
// ONE-SAME: qc.calib = #qc.calib<min = -2.000000e+00, max = 3.000000e+00, lo = -2.000000e+00, hi = 3.000000e+00>

// SAVE: "count": 8,
// SAVE-NEXT: "hist": [
// SAVE-NEXT: 1,
// SAVE: "key": "arg:x#0",
// SAVE-NEXT: "max": 3,
// SAVE-NEXT: "min": -4
// SAVE: "key": "qc.add@add#0",
// SAVE: "key": "qc.clamp@relu#0",

// PROGRESS: calibrating: 4/4 runs

func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> tensor<1x4xf32> {
  %0 = qc.add %arg0, %arg0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32> loc("add")
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32> loc("relu")
  return %1 : tensor<1x4xf32>
}
