// RUN: quantc-opt %s -split-input-file -quantc-differentiate="wrt=1,2" | FileCheck %s

// A matmul's weight gradient is one GEMM over all rows (lhs^T dy); the
// bias's is the cotangent summed over the rows.

// CHECK-LABEL: func.func private @main_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x3x5xf32>, %[[W:[^:]*]]: tensor<5x4xf32>, %[[B:[^:]*]]: tensor<4xf32>, %[[DY:.*]]: tensor<2x3x4xf32>)
// CHECK-SAME:    -> (tensor<2x3x4xf32>, tensor<5x4xf32>, tensor<4xf32>)
// CHECK-DAG:     %[[X2:.*]] = qc.reshape %[[X]] : (tensor<2x3x5xf32>) -> tensor<6x5xf32>
// CHECK-DAG:     %[[D2:.*]] = qc.reshape %[[DY]] : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK:         %[[XT:.*]] = qc.transpose %[[X2]] {perm = array<i64: 1, 0>}
// CHECK:         %[[DW:.*]] = qc.matmul %[[XT]], %[[D2]] : (tensor<5x6xf32>, tensor<6x4xf32>) -> tensor<5x4xf32>
// CHECK:         %[[DB:.*]] = qc.reduce_sum %[[DY]] {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DW]], %[[DB]]
func.func @main(%x: tensor<2x3x5xf32>, %w: tensor<5x4xf32>, %b: tensor<4xf32>) -> tensor<2x3x4xf32> {
  %y = qc.matmul %x, %w, %b : (tensor<2x3x5xf32>, tensor<5x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return %y : tensor<2x3x4xf32>
}
