// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s
// Regression (fixed; the old behaviour): qc.matmul's verifier accepts a bias of shape [1] on a
// matrix-vector product (N = 1 for a rank-1 rhs), but MatMulLowering
// declines it ("bias on a matrix-vector product"), so the conversion fails
// with "failed to legalize operation 'qc.matmul'" on a valid op, against
// the pass's postcondition that every qc op is lowered. The single bias
// value should be broadcast over the result.

// CHECK-LABEL: func @matvec_bias
// CHECK-SAME:    %{{[^:]*}}: tensor<4x5xf32>, %{{[^:]*}}: tensor<5xf32>, %[[BIAS:[^:]*]]: tensor<1xf32>
// CHECK-NOT:     qc.matmul
// CHECK:         %[[V:.*]] = tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[V]], %[[BIAS]] : tensor<4xf32>, tensor<1xf32>)
// CHECK:           arith.addf
func.func @matvec_bias(%a: tensor<4x5xf32>, %b: tensor<5xf32>, %bias: tensor<1xf32>) -> tensor<4xf32> {
  %0 = qc.matmul %a, %b, %bias : (tensor<4x5xf32>, tensor<5xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
