// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s
// Regression (fixed; the old behaviour): reduce() scales the sum of a ReduceMean by 1/count with
// arith.mulf whatever the element type; for an integer tensor that is an
// `arith.mulf` on i32, which fails verification ("'arith.mulf' op operand
// #0 must be floating-point-like, but got 'i32'") and aborts the pass. The
// pass promises int or float element types: an integer mean should divide
// the integer sum by the count (arith.divsi, as ONNX Runtime does).

// CHECK-LABEL: func @reduce_mean_int
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
// CHECK:           arith.addi
// CHECK-NOT:     arith.mulf
// CHECK:           arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK:         return
func.func @reduce_mean_int(%x: tensor<2x4xi32>) -> tensor<2xi32> {
  %0 = qc.reduce_mean %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x4xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
