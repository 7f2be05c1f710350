// RUN: not quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-integerize 2>&1 | FileCheck %s
// Regression (fixed; the old behaviour): a rescale factor M >= 2^31 cannot be written as m / 2^k with
// |m| < 2^31 and k >= 0 (docs/quantization.md), but quantc-integerize
// emits it silently: dyadicShift() clamps k to 0 and dyadicMultiplier()
// saturates m to 2^31 - 1, so here M = 0.5 * 0.25 / 1e-11 = 1.25e10 becomes
// 2147483647 (5.8x too small). It takes an output range ~1e5 times
// narrower than the inputs' (e.g. a calibrated range of ~2e-12 just above
// u8Params' degenerate cutoff). Expected: an error naming the op (or a
// documented clamp).
// CHECK: error: {{.*}}qc.matmul
func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  %w = qc.constant dense<[[1, 2], [3, -4]]> : tensor<2x2xi8>
  %ws = quant.scast %w : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.25}>>
  %0 = qc.matmul %q, %ws : (tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>, tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.25}>>) -> tensor<1x2x!quant.uniform<u8:f32, 1.0e-11>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<u8:f32, 1.0e-11>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
