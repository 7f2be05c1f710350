// RUN: quantc-opt %s -quantc-fold-batch-norm | FileCheck %s
// Regression (fixed; the old behaviour): DecomposeBatchNorm builds its constant s and t with the
// element type of the BatchNorm result. For a quantized input (accepted by
// qc.batch_norm's verifier) that is a !quant.uniform type, and
// makeElementsAttrFromDoubles crashes on it (segfault in
// FloatType::getWidth). The pass must not crash: either decline, or build
// s and t in the expressed type (f32), which qc.mul/qc.add accept next to
// a quantized operand.

// CHECK-LABEL: func @bn_quantized
// CHECK:         return
func.func @bn_quantized(%x: tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>> {
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %y = qc.batch_norm %x, %s, %s, %s, %s {epsilon = 1.0 : f32} : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
  return %y : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.5>>
}
