// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s

// With a negative step, a start below -dim clamps to 0 (ONNX Slice: "starts[i]
// is clamped into [0, dims[axes[i]] - 1] for negative stepping"; ONNX shape
// inference and ONNX Runtime agree), so x[-100::-1] on 10 elements is [x[0]],
// not Python's empty slice.

// CHECK-LABEL: func @slice_negative_step_start_below_range
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 0>, steps = array<i64: 1, -1>} : (tensor<4x10xf32>) -> tensor<4x1xf32>
func.func @slice_negative_step_start_below_range(%x: tensor<4x10xf32>) -> tensor<4x1xf32> {
  %s = qc.constant dense<[-100]> : tensor<1xi64>
  %e = qc.constant dense<[-9223372036854775808]> : tensor<1xi64>
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %st = qc.constant dense<[-1]> : tensor<1xi64>
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a, %st) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}
