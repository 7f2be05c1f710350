// RUN: quantc-opt %s -split-input-file -quantc-fuse-epilogues | FileCheck %s

// add(conv, K) with K varying only along channels becomes the conv bias.

// CHECK-LABEL: func @conv_bias
// CHECK:         %[[B:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}}, %[[B]] {
// CHECK-NOT:     qc.add
// CHECK:         return %[[C]]
func.func @conv_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %k : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The constant is added to an existing constant bias; the contraction may be
// either operand, and a splat constant is a bias too.

// CHECK-LABEL: func @conv_bias_accumulates
// CHECK:         %[[B:.*]] = qc.constant dense<[1.500000e+01, 2.500000e+01]> : tensor<2xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}}, %[[B]] {
// CHECK-NOT:     qc.add
// CHECK:         return %[[C]]
func.func @conv_bias_accumulates(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b = qc.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %k = qc.constant dense<[[[[4.0]], [[4.0]]]]> : tensor<1x2x1x1xf32>
  %s = qc.constant dense<1.0> : tensor<f32>
  %c = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %k, %c : (tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a2 = qc.add %a, %s : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  return %a2 : tensor<1x2x4x4xf32>
}

// -----

// add(conv, r) with r of the result type becomes the residual; the fused op
// is created at the add, where r is defined.

// CHECK-LABEL: func @conv_residual
// CHECK:         %[[R:.*]] = qc.exp
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} residual(%[[R]]) {
// CHECK-NOT:     qc.add
// CHECK:         return %[[C]]
func.func @conv_residual(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qc.exp %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %r : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The whole epilogue in order: clamp(leaky(acc + bias + residual)).

// CHECK-LABEL: func @conv_full_epilogue
// CHECK-SAME:    %{{[^:]*}}: tensor<1x2x4x4xf32>, %[[R:[^:]*]]: tensor<1x2x4x4xf32>
// CHECK:         %[[B:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}}, %[[B]] residual(%[[R]]) {clamp_max = 6.000000e+00 : f32, clamp_min = -1.000000e+00 : f32, {{.*}}leaky_alpha = 1.000000e-01 : f32
// CHECK-NOT:     qc.add
// CHECK-NOT:     qc.leaky_relu
// CHECK-NOT:     qc.clamp
// CHECK:         return %[[C]]
func.func @conv_full_epilogue(%x: tensor<1x2x4x4xf32>, %r: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %k : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qc.add %a, %r : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %l = qc.leaky_relu %s {alpha = 0.1 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %m = qc.clamp %l {min = -1.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.clamp %m {max = 6.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Two clamps intersect their ranges.

// CHECK-LABEL: func @clamp_intersect
// CHECK:         %[[C:.*]] = qc.conv2d {{.*}}{clamp_max = 4.000000e+00 : f32, clamp_min = 1.000000e+00 : f32
// CHECK-NOT:     qc.clamp
// CHECK:         return %[[C]]
func.func @clamp_intersect(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.clamp %c {min = 1.0 : f32, max = 4.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// NHWC: the channel dimension is the last one.

// CHECK-LABEL: func @conv_nhwc_bias
// CHECK:         %[[B:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}}, %[[B]] {{{.*}}layout = #qc<layout nhwc>
// CHECK-NOT:     qc.add
// CHECK:         return %[[C]]
func.func @conv_nhwc_bias(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = qc.constant dense<1.0> : tensor<2x1x1x2xf32>
  %k = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %a = qc.add %c, %k : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %a : tensor<1x4x4x2xf32>
}

// -----

// matmul: the channels are the columns (the last dimension), also when
// batched; relu becomes clamp_min.

// CHECK-LABEL: func @matmul_bias_relu
// CHECK:         %[[B:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %{{.*}}, %[[B]] {clamp_min = 0.000000e+00 : f32} : (tensor<2x4x5xf32>, tensor<5x3xf32>, tensor<3xf32>) -> tensor<2x4x3xf32>
// CHECK-NOT:     qc.add
// CHECK-NOT:     qc.clamp
// CHECK:         return %[[M]]
func.func @matmul_bias_relu(%x: tensor<2x4x5xf32>, %w: tensor<5x3xf32>) -> tensor<2x4x3xf32> {
  %k = qc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %m = qc.matmul %x, %w : (tensor<2x4x5xf32>, tensor<5x3xf32>) -> tensor<2x4x3xf32>
  %a = qc.add %m, %k : (tensor<2x4x3xf32>, tensor<3xf32>) -> tensor<2x4x3xf32>
  %r = qc.clamp %a {min = 0.0 : f32} : (tensor<2x4x3xf32>) -> tensor<2x4x3xf32>
  return %r : tensor<2x4x3xf32>
}

// -----

// CHECK-LABEL: func @matmul_residual_leaky
// CHECK-SAME:    %{{[^:]*}}: tensor<4x5xf32>, %{{[^:]*}}: tensor<5x3xf32>, %[[R:[^:]*]]: tensor<4x3xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %{{.*}} residual(%[[R]]) {leaky_alpha = 2.000000e-01 : f32}
// CHECK-NOT:     qc.add
// CHECK-NOT:     qc.leaky_relu
// CHECK:         return %[[M]]
func.func @matmul_residual_leaky(%x: tensor<4x5xf32>, %w: tensor<5x3xf32>, %r: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %m = qc.matmul %x, %w : (tensor<4x5xf32>, tensor<5x3xf32>) -> tensor<4x3xf32>
  %a = qc.add %r, %m : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %l = qc.leaky_relu %a {alpha = 0.2 : f32} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %l : tensor<4x3xf32>
}
