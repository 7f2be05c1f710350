// RUN: quantc-opt %s -split-input-file -quantc-integerize | FileCheck %s
// Regression (fixed; the old behaviour): quantc-integerize loses the quantization parameters of an
// add/sub result. addSub() records them under the add's result, then
// replaces and erases the add; the new qc.rescale value has a storage type
// and no entry, so paramsOfValue() of it is empty: a quant.dcast of it
// dereferences an empty std::optional (undefined behaviour: the
// dequantize gets a stale scale/zero point, e.g. 3.0 / 0, or another op's)
// and a contraction consuming it fails with "expected quantized input".
// End to end: test/Quantization/xfail-add-output.test. A residual add fused
// into a convolution (the common case) does not hit this; a standalone add
// (two non-contraction inputs, or an add feeding the output) does.
// Expected: the parameters of the add's result type.

// CHECK-LABEL: func.func @add_output
// CHECK: %[[R:.*]] = qc.rescale
// CHECK: qc.dequantize %[[R]] {scale = 1.000000e+00 : f64, zero_point = 128 : i64}
func.func @add_output(%arg0: tensor<1x4xf32>, %arg1: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %b = quant.qcast %arg1 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.25:3>>
  %0 = qc.add %a, %b : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>, tensor<1x4x!quant.uniform<u8:f32, 0.25:3>>) -> tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 1.0:128>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// The matmul sees s_in = 1.0, z_in = 128 (the add's output): bias' =
// -128 * column sums = -128 * {4, -2}; M = 1.0 * {0.25, 0.5} / 0.5 =
// {0.5, 1}: k = 30, m = {2^29, 2^30}.
// CHECK-LABEL: func.func @add_matmul
// CHECK: %[[R:.*]] = qc.rescale
// CHECK: qc.constant dense<[-512, 256]> : tensor<2xi32>
// CHECK: qc.matmul %[[R]], {{.*}}requant = #qc.requant<multiplier = [536870912, 1073741824], shift = 30, output_zp = 0, min = 0, max = 255>
func.func @add_matmul(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %a = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.sub %a, %a : (tensor<1x2x!quant.uniform<u8:f32, 0.5:10>>, tensor<1x2x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x2x!quant.uniform<u8:f32, 1.0:128>>
  %w = qc.constant dense<[[1, 2], [3, -4]]> : tensor<2x2xi8>
  %ws = quant.scast %w : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>
  %1 = qc.matmul %0, %ws : (tensor<1x2x!quant.uniform<u8:f32, 1.0:128>>, tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.5>>
  %2 = quant.dcast %1 : tensor<1x2x!quant.uniform<u8:f32, 0.5>> to tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}
