// RUN: quantc-opt %s -split-input-file -quantc-integerize | FileCheck %s

// Dyadic rewriting (docs/quantization.md). Every expected multiplier and
// shift below is computed by hand from the spec: for the largest factor
// M, k = 30 - floor(log2 M) and m = round(M 2^k); the other factors of the
// op share k. Scales are powers of two where possible so the products are
// exact.

// The boundary: quant.qcast / quant.dcast become qc.quantize /
// qc.dequantize with the scale and zero point as attributes.
// CHECK-LABEL: func.func @boundary
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>) -> tensor<1x4xf32>
// CHECK: %[[Q:.*]] = qc.quantize %[[X]] {scale = 5.000000e-01 : f64, zero_point = 10 : i64} : (tensor<1x4xf32>) -> tensor<1x4xui8>
// CHECK: %[[R:.*]] = qc.reshape %[[Q]] : (tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK: %[[D:.*]] = qc.dequantize %[[R]] {scale = 5.000000e-01 : f64, zero_point = 10 : i64} : (tensor<1x4xui8>) -> tensor<1x4xf32>
// CHECK: return %[[D]]
// CHECK-NOT: quant.
func.func @boundary(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.reshape %q : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.5:10>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// Convolution with a nonzero input zero point and padding, and a leaky
// ReLU. s_in = 0.5, z_in = 10; s_w = {0.25, 0.125}; s_out = 0.25, z_out = 20.
//   bias' = bias_q - z_in * sum_k w:  100 - 10 * 4 = 60,  -50 - 10 * (-8) = 30
//   M = s_in s_w / s_out = {0.5, 0.25}; alpha M = {0.25, 0.125}
//   k = 30 - floor(log2 0.5) = 31
//   m = {0.5, 0.25} * 2^31 = {1073741824, 536870912}
//   m_neg = {0.25, 0.125} * 2^31 = {536870912, 268435456}
// The padding becomes an explicit qc.pad with z_in = 10 (real 0), the
// convolution's own pads are zeroed; no activation: [lo, hi] = [0, 255].
// CHECK-LABEL: func.func @conv_zero_point_padding_leaky
// CHECK: %[[Q:.*]] = qc.quantize
// CHECK: %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}4]]], {{\[\[\[}}-8]]]]> : tensor<2x1x1x1xi8>
// CHECK: %[[B:.*]] = qc.constant dense<[60, 30]> : tensor<2xi32>
// CHECK: %[[P:.*]] = qc.pad %[[Q]] {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>, value = 1.000000e+01 : f32} : (tensor<1x2x2x1xui8>) -> tensor<1x4x4x1xui8>
// CHECK: qc.conv2d %[[P]], %[[W]], %[[B]]
// CHECK-SAME: pads = array<i64: 0, 0, 0, 0>
// CHECK-SAME: requant = #qc.requant<multiplier = [1073741824, 536870912], neg_multiplier = [536870912, 268435456], shift = 31, output_zp = 20, min = 0, max = 255>
// CHECK-SAME: (tensor<1x4x4x1xui8>, tensor<2x1x1x1xi8>, tensor<2xi32>) -> tensor<1x4x4x2xui8>
// CHECK-NOT: leaky_alpha
func.func @conv_zero_point_padding_leaky(%arg0: tensor<1x2x2x1xf32>) -> tensor<1x4x4x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x2x2x1xf32> to tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5:10>>
  %w = qc.constant dense<[[[[4]]], [[[-8]]]]> : tensor<2x1x1x1xi8>
  %ws = quant.scast %w : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>
  %b = qc.constant dense<[100, -50]> : tensor<2xi32>
  %bs = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.0625}>>
  %0 = qc.conv2d %q, %ws, %bs {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, leaky_alpha = 0.5 : f32} : (tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5:10>>, tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25, 0.125}>>, tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.0625}>>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.25:20>>
  %1 = quant.dcast %0 : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.25:20>> to tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// With z_in = 0 padding with 0 is already exact: no qc.pad, the pads stay,
// and the bias needs no correction (and a missing bias becomes zeros).
// ReLU6 folds into the clamp: [lo, hi] = [z + round(0 / s), z + round(6 / s)]
// = [20 + 0, 20 + 24] with s_out = 0.25, z_out = 20.
//   M = 0.5 * 0.25 / 0.25 = 0.5: k = 31, m = 2^30.
// CHECK-LABEL: func.func @conv_relu6_no_zero_point
// CHECK-NOT: qc.pad
// CHECK: %[[B:.*]] = qc.constant dense<0> : tensor<1xi32>
// CHECK: qc.conv2d %{{.*}}, %{{.*}}, %[[B]]
// CHECK-SAME: pads = array<i64: 1, 1, 0, 0>
// CHECK-SAME: requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 20, min = 20, max = 44>
// CHECK-NOT: clamp_m
func.func @conv_relu6_no_zero_point(%arg0: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = quant.qcast %arg0 : tensor<1x2x2x1xf32> to tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5>>
  %w = qc.constant dense<[[[[4], [1]], [[2], [3]]]]> : tensor<1x2x2x1xi8>
  %ws = quant.scast %w : tensor<1x2x2x1xi8> to tensor<1x2x2x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>
  %0 = qc.conv2d %q, %ws {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 1, 1>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5>>, tensor<1x2x2x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>) -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:20>>
  %1 = quant.dcast %0 : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:20>> to tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// Clamp bounds outside the representable range saturate at [0, 255];
// bounds entirely above it collapse to [255, 255].
// s_out = 0.25, z_out = 20: q(-100) = -380 -> 0, q(100) = 420 -> 255.
// CHECK-LABEL: func.func @conv_clamp_saturates
// CHECK: requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 20, min = 0, max = 255>
// CHECK: requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 20, min = 255, max = 255>
func.func @conv_clamp_saturates(%arg0: tensor<1x1x1x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) {
  %q = quant.qcast %arg0 : tensor<1x1x1x1xf32> to tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>
  %w = qc.constant dense<1> : tensor<1x1x1x1xi8>
  %ws = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>
  %0 = qc.conv2d %q, %ws {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, clamp_min = -100.0 : f32, clamp_max = 100.0 : f32} : (tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:20>>
  %1 = qc.conv2d %q, %ws {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, clamp_min = 100.0 : f32, clamp_max = 200.0 : f32} : (tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:20>>
  %2 = quant.dcast %0 : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:20>> to tensor<1x1x1x1xf32>
  %3 = quant.dcast %1 : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:20>> to tensor<1x1x1x1xf32>
  return %2, %3 : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>
}

// -----

// A fused residual: M = 0.5 * 0.25 / 0.25 = 0.5 and M_r = s_r / s_out =
// 0.5 / 0.25 = 2. The shift is chosen for the largest factor, 2:
// k = 30 - 1 = 29, m = 0.5 * 2^29 = 268435456, m_r = 2 * 2^29 = 1073741824.
// CHECK-LABEL: func.func @conv_residual
// CHECK: %[[Q:.*]] = qc.quantize %{{.*}} {scale = 5.000000e-01 : f64, zero_point = 7 : i64}
// CHECK: qc.conv2d %[[Q]], %{{.*}}, %{{.*}} residual(%[[Q]])
// CHECK-SAME: requant = #qc.requant<multiplier = [268435456], shift = 29, output_zp = 20, min = 0, max = 255, residual_multiplier = 1073741824, residual_zp = 7>
// CHECK-SAME: (tensor<1x1x1x1xui8>, tensor<1x1x1x1xi8>, tensor<1xi32>, tensor<1x1x1x1xui8>) -> tensor<1x1x1x1xui8>
func.func @conv_residual(%arg0: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %q = quant.qcast %arg0 : tensor<1x1x1x1xf32> to tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5:7>>
  %w = qc.constant dense<1> : tensor<1x1x1x1xi8>
  %ws = quant.scast %w : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>
  %0 = qc.conv2d %q, %ws residual(%q) {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5:7>>, tensor<1x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.25}>>, tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5:7>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:20>>
  %1 = quant.dcast %0 : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:20>> to tensor<1x1x1x1xf32>
  return %1 : tensor<1x1x1x1xf32>
}

// -----

// A model output kept in i32 (scale 0.001) behind ReLU6: per-column
// factors M = 0.5 * {0.25, 0.5} / 0.001 = {125, 250}, k = 30 - 7 = 23,
// m = {125, 250} * 2^23 = {1048576000, 2097152000}; the clamp is
// [q(0), q(6)] = [0, 6000] in i32 codes. Bias' = -z_in * column sums =
// -4 * {1 + 3, 2 - 4} = {-16, 8}.
// CHECK-LABEL: func.func @matmul_wide_output_relu6
// CHECK: %[[W:.*]] = qc.constant dense<{{\[\[}}1, 2], [3, -4]]> : tensor<2x2xi8>
// CHECK: %[[B:.*]] = qc.constant dense<[-16, 8]> : tensor<2xi32>
// CHECK: %[[M:.*]] = qc.matmul %{{.*}}, %[[W]], %[[B]] {requant = #qc.requant<multiplier = [1048576000, 2097152000], shift = 23, output_zp = 0, min = 0, max = 6000>} : (tensor<1x2xui8>, tensor<2x2xi8>, tensor<2xi32>) -> tensor<1x2xi32>
// CHECK: qc.dequantize %[[M]] {scale = 1.000000e-03 : f64, zero_point = 0 : i64} : (tensor<1x2xi32>) -> tensor<1x2xf32>
func.func @matmul_wide_output_relu6(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  %w = qc.constant dense<[[1, 2], [3, -4]]> : tensor<2x2xi8>
  %ws = quant.scast %w : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>
  %0 = qc.matmul %q, %ws {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>, tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>) -> tensor<1x2x!quant.uniform<i32:f32, 0.001>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<i32:f32, 0.001>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Factors that are not powers of two: s_in = 4/255, s_w = 1/127,
// s_out = 0.01: M = 4 / (255 * 127 * 0.01) = 0.0123513972..., floor(log2 M)
// = -7, k = 37, m = round(M 2^37) = round(1697563112.3) = 1697563112.
// Bias' = {4048 - 64 * 32, -2024 - 64 * 143} = {2000, -11176}.
// CHECK-LABEL: func.func @matmul_rounded_multiplier
// CHECK: qc.constant dense<[2000, -11176]> : tensor<2xi32>
// CHECK: requant = #qc.requant<multiplier = [1697563112, 1697563112], shift = 37, output_zp = 0, min = 0, max = 255>
func.func @matmul_rounded_multiplier(%arg0: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.015686274509803921:64>>
  %w = qc.constant dense<[[127, -64], [32, 64], [0, 127], [-127, 16]]> : tensor<4x2xi8>
  %ws = quant.scast %w : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8<-127:127>:f32:1, {0.0078740157480314959,0.0078740157480314959}>>
  %b = qc.constant dense<[4048, -2024]> : tensor<2xi32>
  %bs = quant.scast %b : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {1.2351397251814111E-4,1.2351397251814111E-4}>>
  %0 = qc.matmul %q, %ws, %bs {clamp_min = 0.0 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.015686274509803921:64>>, tensor<4x2x!quant.uniform<i8<-127:127>:f32:1, {0.0078740157480314959,0.0078740157480314959}>>, tensor<2x!quant.uniform<i32:f32:0, {1.2351397251814111E-4,1.2351397251814111E-4}>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.01>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<u8:f32, 0.01>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// add(a, b) -> a two-input qc.rescale: M_a = 0.5 / 1 = 0.5,
// M_b = 0.25 / 1 = 0.25, k = 31: m = 2^30, m_b = 2^29; the zero points of
// both inputs and of the output go into the requant. (The add's user is a
// reshape: see xfail-integerize-add-result.mlir for an add feeding a
// dequantize or a contraction.)
// CHECK-LABEL: func.func @add_rescale
// CHECK: %[[A:.*]] = qc.quantize %arg0
// CHECK: %[[B:.*]] = qc.quantize %arg1
// CHECK: %[[R:.*]] = qc.rescale %[[A]], %[[B]] {requant = #qc.requant<multiplier = [1073741824], shift = 31, input_zp = 10, output_zp = 128, min = 0, max = 255, residual_multiplier = 536870912, residual_zp = 3>} : (tensor<1x4xui8>, tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK: qc.reshape %[[R]] : (tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK-NOT: qc.add
func.func @add_rescale(%arg0: tensor<1x4xf32>, %arg1: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %b = quant.qcast %arg1 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.25:3>>
  %0 = qc.add %a, %b : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>, tensor<1x4x!quant.uniform<u8:f32, 0.25:3>>) -> tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>
  %1 = qc.reshape %0 : (tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>) -> tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>
  %2 = quant.dcast %1 : tensor<1x4x!quant.uniform<u8:f32, 1.0:128>> to tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// sub(a, b): the second input's multiplier is negative, M_b = -0.25.
// CHECK-LABEL: func.func @sub_rescale
// CHECK: qc.rescale %{{.*}}, %{{.*}} {requant = #qc.requant<multiplier = [1073741824], shift = 31, input_zp = 10, output_zp = 128, min = 0, max = 255, residual_multiplier = -536870912, residual_zp = 3>}
// CHECK-NOT: qc.sub
func.func @sub_rescale(%arg0: tensor<1x4xf32>, %arg1: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %a = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %b = quant.qcast %arg1 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.25:3>>
  %0 = qc.sub %a, %b : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>, tensor<1x4x!quant.uniform<u8:f32, 0.25:3>>) -> tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>
  %1 = qc.reshape %0 : (tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>) -> tensor<1x4x!quant.uniform<u8:f32, 1.0:128>>
  %2 = quant.dcast %1 : tensor<1x4x!quant.uniform<u8:f32, 1.0:128>> to tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Average pooling without padding: every window counts 4 elements,
// M = s_in / (s_out * 4) = 0.5 / (0.25 * 4) = 0.5: one multiplier,
// k = 31, m = 2^30, with the input zero point subtracted from the sum.
// CHECK-LABEL: func.func @avg_pool_uniform
// CHECK: qc.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, requant = #qc.requant<multiplier = [1073741824], shift = 31, input_zp = 10, output_zp = 3, min = 0, max = 255>, strides = array<i64: 2, 2>} : (tensor<1x4x4x1xui8>) -> tensor<1x2x2x1xui8>
func.func @avg_pool_uniform(%arg0: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = quant.qcast %arg0 : tensor<1x4x4x1xf32> to tensor<1x4x4x1x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.avg_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x4x4x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// Average pooling with padding that does not count: the windows of the
// 2x2 output over the 3x3 input padded top/left hold 1, 2, 2 and 4
// elements, so M = 0.5 / (0.25 * count) = {2, 1, 1, 0.5} per position,
// k = 30 - 1 = 29, m = {2^30, 2^29, 2^29, 2^28}.
// CHECK-LABEL: func.func @avg_pool_per_position
// CHECK: requant = #qc.requant<multiplier = [1073741824, 536870912, 536870912, 268435456], shift = 29, input_zp = 10, output_zp = 3, min = 0, max = 255>
func.func @avg_pool_per_position(%arg0: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = quant.qcast %arg0 : tensor<1x3x3x1xf32> to tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.avg_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// With count_include_pad every window counts 4: one multiplier again.
// CHECK-LABEL: func.func @avg_pool_count_include_pad
// CHECK: requant = #qc.requant<multiplier = [1073741824], shift = 31, input_zp = 10, output_zp = 3, min = 0, max = 255>
func.func @avg_pool_count_include_pad(%arg0: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %q = quant.qcast %arg0 : tensor<1x3x3x1xf32> to tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.avg_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, count_include_pad = true, layout = #qc<layout nhwc>} : (tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x2x2x1x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x2x2x1xf32>
  return %1 : tensor<1x2x2x1xf32>
}

// -----

// Global average pooling as reduce_mean over 2 x 4 = 8 elements:
// M = 0.5 / (0.25 * 8) = 0.25, k = 32, m = 2^30.
// CHECK-LABEL: func.func @reduce_mean
// CHECK: qc.reduce_mean %{{.*}} {axes = array<i64: 1, 2>, requant = #qc.requant<multiplier = [1073741824], shift = 32, input_zp = 10, output_zp = 3, min = 0, max = 255>} : (tensor<1x2x4x3xui8>) -> tensor<1x1x1x3xui8>
func.func @reduce_mean(%arg0: tensor<1x2x4x3xf32>) -> tensor<1x1x1x3xf32> {
  %q = quant.qcast %arg0 : tensor<1x2x4x3xf32> to tensor<1x2x4x3x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.reduce_mean %q {axes = array<i64: 1, 2>} : (tensor<1x2x4x3x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x1x1x3x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x1x1x3x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x1x1x3xf32>
  return %1 : tensor<1x1x1x3xf32>
}

// -----

// A standalone clamp works on codes: [0, 6] at s = 0.5, z = 10 becomes
// [10 + 0, 10 + 12]; a bound outside the range saturates at 255.
// CHECK-LABEL: func.func @clamp_codes
// CHECK: %[[C:.*]] = qc.clamp %{{.*}} {max = 2.200000e+01 : f32, min = 1.000000e+01 : f32} : (tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK: qc.clamp %[[C]] {max = 2.550000e+02 : f32} : (tensor<1x4xui8>) -> tensor<1x4xui8>
func.func @clamp_codes(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.clamp %q {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %1 = qc.clamp %0 {max = 1000.0 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %2 = quant.dcast %1 : tensor<1x4x!quant.uniform<u8:f32, 0.5:10>> to tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// A pad value becomes its code: 0 -> z = 10 (real 0 stays exact) and
// 1.0 -> 10 + 2 = 12.
// CHECK-LABEL: func.func @pad_value_code
// CHECK: qc.pad %{{.*}} {pads = array<i64: 0, 1, 0, 1>, value = 1.000000e+01 : f32} : (tensor<1x4xui8>) -> tensor<1x6xui8>
// CHECK: qc.pad %{{.*}} {pads = array<i64: 0, 1, 0, 1>, value = 1.200000e+01 : f32} : (tensor<1x4xui8>) -> tensor<1x6xui8>
func.func @pad_value_code(%arg0: tensor<1x4xf32>) -> (tensor<1x6xf32>, tensor<1x6xf32>) {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.pad %q {pads = array<i64: 0, 1, 0, 1>, value = 0.0 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x6x!quant.uniform<u8:f32, 0.5:10>>
  %1 = qc.pad %q {pads = array<i64: 0, 1, 0, 1>, value = 1.0 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x6x!quant.uniform<u8:f32, 0.5:10>>
  %2 = quant.dcast %0 : tensor<1x6x!quant.uniform<u8:f32, 0.5:10>> to tensor<1x6xf32>
  %3 = quant.dcast %1 : tensor<1x6x!quant.uniform<u8:f32, 0.5:10>> to tensor<1x6xf32>
  return %2, %3 : tensor<1x6xf32>, tensor<1x6xf32>
}

// -----

// Concat: the input already at the output's (scale, zero point) is used
// as is; the other is rescaled first: M = 0.25 / 0.5 = 0.5, k = 31,
// m = 2^30, from z = 3 to z = 10.
// CHECK-LABEL: func.func @concat_rescales_other_inputs
// CHECK: %[[A:.*]] = qc.quantize %arg0
// CHECK: %[[B:.*]] = qc.quantize %arg1
// CHECK: %[[R:.*]] = qc.rescale %[[B]] {requant = #qc.requant<multiplier = [1073741824], shift = 31, input_zp = 3, output_zp = 10, min = 0, max = 255>} : (tensor<1x2xui8>) -> tensor<1x2xui8>
// CHECK: qc.concat %[[A]], %[[R]] {axis = 1 : i64} : (tensor<1x2xui8>, tensor<1x2xui8>) -> tensor<1x4xui8>
func.func @concat_rescales_other_inputs(%arg0: tensor<1x2xf32>, %arg1: tensor<1x2xf32>) -> tensor<1x4xf32> {
  %a = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:10>>
  %b = quant.qcast %arg1 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2x!quant.uniform<u8:f32, 0.5:10>>, tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.5:10>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// Data movement and max pooling only change the element type.
// CHECK-LABEL: func.func @data_movement
// CHECK: qc.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x1x4x4xui8>) -> tensor<1x4x4x1xui8>
// CHECK: qc.max_pool2d %{{.*}} : (tensor<1x4x4x1xui8>) -> tensor<1x2x2x1xui8>
// CHECK: qc.slice %{{.*}} : (tensor<1x2x2x1xui8>) -> tensor<1x1x2x1xui8>
// CHECK: qc.reduce_max %{{.*}} : (tensor<1x1x2x1xui8>) -> tensor<1x1x1x1xui8>
// CHECK: qc.reshape %{{.*}} : (tensor<1x1x1x1xui8>) -> tensor<1xui8>
// CHECK: qc.dequantize %{{.*}} {scale = 5.000000e-01 : f64, zero_point = 10 : i64} : (tensor<1xui8>) -> tensor<1xf32>
func.func @data_movement(%arg0: tensor<1x1x4x4xf32>) -> tensor<1xf32> {
  %q = quant.qcast %arg0 : tensor<1x1x4x4xf32> to tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.transpose %q {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x1x4x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x4x4x1x!quant.uniform<u8:f32, 0.5:10>>
  %1 = qc.max_pool2d %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x4x4x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5:10>>
  %2 = qc.slice %1 {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x2x2x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x1x2x1x!quant.uniform<u8:f32, 0.5:10>>
  %3 = qc.reduce_max %2 {axes = array<i64: 2>} : (tensor<1x1x2x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5:10>>
  %4 = qc.reshape %3 : (tensor<1x1x1x1x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x!quant.uniform<u8:f32, 0.5:10>>
  %5 = quant.dcast %4 : tensor<1x!quant.uniform<u8:f32, 0.5:10>> to tensor<1xf32>
  return %5 : tensor<1xf32>
}

// -----

// A leaky ReLU no contraction absorbed (an imported model quantizes the
// BatchNorm before it): one rescale whose negative inputs take alpha M.
// M = s_in / s_out = 0.5 / 0.25 = 2, alpha M = 0.2; k = 30 - 1 = 29:
// m = 2 * 2^29 = 1073741824, m_neg = round(2 * f32(0.1) * 2^29) = 107374184.
// CHECK-LABEL: func.func @standalone_leaky_relu
// CHECK: %[[Q:.*]] = qc.quantize
// CHECK: %[[R:.*]] = qc.rescale %[[Q]] {requant = #qc.requant<multiplier = [1073741824], neg_multiplier = [107374184], shift = 29, input_zp = 10, output_zp = 100, min = 0, max = 255>} : (tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK: qc.dequantize %[[R]]
func.func @standalone_leaky_relu(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>
  %0 = qc.leaky_relu %q {alpha = 0.1 : f32} : (tensor<1x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.25:100>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.25:100>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// A quantized elementwise function becomes a table of output codes:
// input codes at scale 0.5, zero point 128 (q = 0 is -64, q = 128 is 0,
// q = 255 is 63.5); sigmoid at output scale 1/255, zero point 0, so
// table[q] = clamp(roundeven(255 sigmoid(0.5 (q - 128))), 0, 255):
// 0 for q = 0, 128 at q = 128 (sigmoid(0) = 0.5 -> 127.5 -> 128, half to
// even), 255 for q = 255.
// CHECK-LABEL: func @sigmoid_table
// CHECK: %[[T:.*]] = qc.constant dense_resource<table> : tensor<256xui8>
// CHECK: qc.table %{{.*}}, %[[T]] : (tensor<1x4xui8>, tensor<256xui8>) -> tensor<1x4xui8>
// CHECK-NOT: qc.sigmoid
// CHECK: table: "0x40000000{{0+}}0101020305070C131E2F4560809FBAD0E1ECF3F8FAFCFDFEFE{{F+}}"
func.func @sigmoid_table(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.5:128>>
  %0 = qc.sigmoid %q : (tensor<1x4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.0039215686274509803>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// A product of two activations: rescale_mul with both zero points and the
// factor s_a s_b / s_y = 0.5 * 0.25 / 0.125 = 1 (k = 30, m = 2^30). The
// operand of the result's shape becomes lhs; the per-channel one
// broadcasts.
// CHECK-LABEL: func @mul_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x2x4xf32>, %[[B:.*]]: tensor<1x1x1x4xf32>)
// CHECK-DAG: %[[QA:.*]] = qc.quantize %[[A]] {scale = 5.000000e-01 : f64, zero_point = 10 : i64}
// CHECK-DAG: %[[QB:.*]] = qc.quantize %[[B]] {scale = 2.500000e-01 : f64, zero_point = 0 : i64}
// CHECK: qc.rescale_mul %[[QA]], %[[QB]] {lhs_zp = 10 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 3, min = 0, max = 255>, rhs_zp = 0 : i64} : (tensor<1x2x2x4xui8>, tensor<1x1x1x4xui8>) -> tensor<1x2x2x4xui8>
// CHECK-NOT: qc.mul
func.func @mul_broadcast(%arg0: tensor<1x2x2x4xf32>, %arg1: tensor<1x1x1x4xf32>) -> tensor<1x2x2x4xf32> {
  %a = quant.qcast %arg0 : tensor<1x2x2x4xf32> to tensor<1x2x2x4x!quant.uniform<u8:f32, 0.5:10>>
  %b = quant.qcast %arg1 : tensor<1x1x1x4xf32> to tensor<1x1x1x4x!quant.uniform<u8:f32, 0.25>>
  %0 = qc.mul %b, %a : (tensor<1x1x1x4x!quant.uniform<u8:f32, 0.25>>, tensor<1x2x2x4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<1x2x2x4x!quant.uniform<u8:f32, 0.125:3>>
  %1 = quant.dcast %0 : tensor<1x2x2x4x!quant.uniform<u8:f32, 0.125:3>> to tensor<1x2x2x4xf32>
  return %1 : tensor<1x2x2x4xf32>
}

// -----

// A constant factor that varies along the last dimension folds into
// per-channel multipliers of one rescale: its u8 codes 200 and 10 (stored
// as the i8 bit patterns -56 and 10, zero point 20, scale 0.25) are 45 and
// -2.5, so the factors s_a c / s_y are 0.5 * 45 / 0.25 = 90 and -5: k = 24,
// m = 90 * 2^24 and -5 * 2^24.
// CHECK-LABEL: func @mul_constant
// CHECK-NOT: qc.rescale_mul
// CHECK: qc.rescale %{{.*}} {requant = #qc.requant<multiplier = [1509949440, -83886080], shift = 24, input_zp = 4, output_zp = 1, min = 0, max = 255>} : (tensor<1x2xui8>) -> tensor<1x2xui8>
func.func @mul_constant(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %a = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  %c = qc.constant dense<[-56, 10]> : tensor<2xi8>
  %q = quant.scast %c : tensor<2xi8> to tensor<2x!quant.uniform<u8:f32, 0.25:20>>
  %0 = qc.mul %q, %a : (tensor<2x!quant.uniform<u8:f32, 0.25:20>>, tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.25:1>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<u8:f32, 0.25:1>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// A per-axis i8 factor varying along dimension 1 of an NCHW tensor
// (scales 0.5 and 0.25, codes 2 and -4: 1.0 and -1.0): the rescale's
// channels are its last dimension, so the product runs between two
// transposes. Factors 0.5 * (+-1.0) / 0.5 = +-1: k = 30.
// CHECK-LABEL: func @mul_constant_axis1
// CHECK: %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x3x3xui8>) -> tensor<1x3x3x2xui8>
// CHECK: %[[R:.*]] = qc.rescale %[[T]] {requant = #qc.requant<multiplier = [1073741824, -1073741824], shift = 30, input_zp = 128, output_zp = 128, min = 0, max = 255>} : (tensor<1x3x3x2xui8>) -> tensor<1x3x3x2xui8>
// CHECK: qc.transpose %[[R]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x3x3x2xui8>) -> tensor<1x2x3x3xui8>
func.func @mul_constant_axis1(%arg0: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %a = quant.qcast %arg0 : tensor<1x2x3x3xf32> to tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>>
  %c = qc.constant dense<[[[2]], [[-4]]]> : tensor<2x1x1xi8>
  %q = quant.scast %c : tensor<2x1x1xi8> to tensor<2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>>
  %0 = qc.mul %a, %q : (tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>>, tensor<2x1x1x!quant.uniform<i8<-127:127>:f32:0, {0.5, 0.25}>>) -> tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>>
  %1 = quant.dcast %0 : tensor<1x2x3x3x!quant.uniform<u8:f32, 0.5:128>> to tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// A constant factor that varies along two dimensions is an integer product,
// the activation first: the factor's u8 codes become a ui8 constant (factor 0.5 * 0.25 / 0.25 = 0.5: k =
// 31, m = 2^30).
// CHECK-LABEL: func @mul_constant_2d
// CHECK: %[[C:.*]] = qc.constant dense<{{\[\[}}200, 10], [10, 10]]> : tensor<2x2xui8>
// CHECK: qc.rescale_mul %{{.*}}, %[[C]] {lhs_zp = 4 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 1, min = 0, max = 255>, rhs_zp = 20 : i64} : (tensor<2x2xui8>, tensor<2x2xui8>) -> tensor<2x2xui8>
func.func @mul_constant_2d(%arg0: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %a = quant.qcast %arg0 : tensor<2x2xf32> to tensor<2x2x!quant.uniform<u8:f32, 0.5:4>>
  %c = qc.constant dense<[[-56, 10], [10, 10]]> : tensor<2x2xi8>
  %q = quant.scast %c : tensor<2x2xi8> to tensor<2x2x!quant.uniform<u8:f32, 0.25:20>>
  %0 = qc.mul %q, %a : (tensor<2x2x!quant.uniform<u8:f32, 0.25:20>>, tensor<2x2x!quant.uniform<u8:f32, 0.5:4>>) -> tensor<2x2x!quant.uniform<u8:f32, 0.25:1>>
  %1 = quant.dcast %0 : tensor<2x2x!quant.uniform<u8:f32, 0.25:1>> to tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// -----

// A constant minus an activation: c - x is -x + c, the activation's
// multiplier negative and the i32 addend's positive (0.5 / 0.25 = 2 and
// (1/1024) / 0.25 = 2^-8: k = 29).
// CHECK-LABEL: func @sub_from_constant
// CHECK: qc.constant dense<[1024, -512]> : tensor<2xi32>
// CHECK: qc.rescale %{{.*}}, %{{.*}} {requant = #qc.requant<multiplier = [-1073741824], shift = 29, input_zp = 4, output_zp = 1, min = 0, max = 255, residual_multiplier = 2097152>} : (tensor<1x2xui8>, tensor<2xi32>) -> tensor<1x2xui8>
func.func @sub_from_constant(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %a = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  %c = qc.constant dense<[1024, -512]> : tensor<2xi32>
  %q = quant.scast %c : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32, 9.765625E-4>>
  %0 = qc.sub %q, %a : (tensor<2x!quant.uniform<i32:f32, 9.765625E-4>>, tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.25:1>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<u8:f32, 0.25:1>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}
