// Without data= or load=, quantc-calibrate says what it needs (the quantc
// driver synthesizes data itself; the pass does not).
// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-calibrate 2>&1 | FileCheck %s
// CHECK: error: quantc-calibrate: no calibration data (give data=PATH or load=FILE; the quantc driver synthesizes data when it has none)

func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> tensor<1x4xf32> {
  return %arg0 : tensor<1x4xf32>
}
