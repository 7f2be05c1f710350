// XFAIL: *
// TODO(bug): without data= or load=, quantc-calibrate (and quantc
// --quantize=int8 without --calib-data) says "no calibration data (give
// --calib-data, or distill data from BatchNorm statistics)", but there is
// no way to distill: the `distill` option that Passes.td documents
// ("with `distill`, are synthesized from the model's BatchNorm statistics
// (ZeroQ)") does not exist in the pass or the driver. Expected: the message
// names only what exists (--calib-data / --load-calib), or the option
// exists.
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate 2>&1 | FileCheck %s
// CHECK: error: quantc-calibrate: no calibration data
// CHECK-NOT: distill

func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> tensor<1x4xf32> {
  return %arg0 : tensor<1x4xf32>
}
