// RUN: quantc-opt %s -quantc-differentiate | FileCheck %s

// Without `wrt`, every float argument is differentiated (not the integer
// indices of a gather).

// CHECK-LABEL: func.func private @main_grad(
// CHECK-SAME:    -> (tensor<f32>, tensor<4xf32>)
func.func @main(%x: tensor<4xf32>, %i: tensor<2xi64>) -> tensor<f32> {
  %s = qc.reduce_sum %x {axes = array<i64: 0>, keepdims = false} : (tensor<4xf32>) -> tensor<f32>
  return %s : tensor<f32>
}
