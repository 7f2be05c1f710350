// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels="vector-bits=256" | FileCheck %s

// With 256-bit vectors (8 lanes) an op with at most 8 output channels gets
// blocks of NR = 8; weights are packed at compile time into
// [OB, KH, KW, C, NR], zero padded past OC, and the bias is padded to
// OB * NR.

// CHECK-LABEL: func @conv_packed
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x4x4x1xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[5.000000e-01, -5.000000e-01, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<8xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[\[}}1.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]], {{\[\[}}2.000000e+00, 4.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]]]]> : tensor<1x1x2x1x8xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         %[[I:.*]] = tensor.empty() : tensor<1x4x3x2xf32>
// CHECK:         %[[Y:.*]] = qck.conv2d ins(%[[X]], %[[W]] : tensor<1x4x4x1xf32>, tensor<1x1x2x1x8xf32>) bias(%[[B]] : tensor<8xf32>) outs(%[[I]] : tensor<1x4x3x2xf32>) {clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, leaky_alpha = 1.000000e-01 : f32, strides = array<i64: 1, 1>} -> tensor<1x4x3x2xf32>
// CHECK-NOT:     qc.conv2d
// CHECK:         return %[[Y]]
func.func @conv_packed(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x3x2xf32> {
  %w = qc.constant dense<[[[[1.0], [2.0]]], [[[3.0], [4.0]]]]> : tensor<2x1x2x1xf32>
  %b = qc.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = qc.conv2d %x, %w, %b {clamp_min = 0.0 : f32, leaky_alpha = 0.1 : f32, dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x1xf32>, tensor<2x1x2x1xf32>, tensor<2xf32>) -> tensor<1x4x3x2xf32>
  return %0 : tensor<1x4x3x2xf32>
}

// -----

// More output channels than one vector: blocks of two vectors (NR = 16),
// ceil(20 / 16) = 2 blocks. Spatial padding becomes an explicit zero pad;
// strides, dilations and the residual pass through.

// CHECK-LABEL: func @conv_two_blocks_padded
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x6x6x3xf32>, %[[R:[^:]*]]: tensor<1x3x3x20xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense_resource<packed_filter> : tensor<2x3x3x3x16xf32>
// CHECK-DAG:     %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 1, 2, 0] high[0, 0, 1, 0]
// CHECK:           tensor.yield %[[Z]] : f32
// CHECK:         } : tensor<1x6x6x3xf32> to tensor<1x7x9x3xf32>
// CHECK:         %[[Y:.*]] = qck.conv2d ins(%[[P]], %[[W]] : tensor<1x7x9x3xf32>, tensor<2x3x3x3x16xf32>) residual(%[[R]] : tensor<1x3x3x20xf32>) outs(%{{.*}} : tensor<1x3x3x20xf32>) {dilations = array<i64: 1, 2>, strides = array<i64: 2, 2>} -> tensor<1x3x3x20xf32>
// CHECK:         return %[[Y]]
func.func @conv_two_blocks_padded(%x: tensor<1x6x6x3xf32>, %r: tensor<1x3x3x20xf32>) -> tensor<1x3x3x20xf32> {
  %w = qc.constant dense<1.0> : tensor<20x3x3x3xf32>
  %0 = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 1, 2>, layout = #qc<layout nhwc>, pads = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 2>} : (tensor<1x6x6x3xf32>, tensor<20x3x3x3xf32>, tensor<1x3x3x20xf32>) -> tensor<1x3x3x20xf32>
  return %0 : tensor<1x3x3x20xf32>
}

// -----

// A 1x1, stride-1, unpadded conv is a matmul over the flattened pixels:
// [N*H*W, C] x packed [OB, C, NR]; the residual is flattened alike and the
// result expanded back.

// CHECK-LABEL: func @pointwise_to_matmul
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x2x2x2xf32>, %[[R:[^:]*]]: tensor<1x2x2x3xf32>
// CHECK:         %[[W:.*]] = qc.constant dense<{{\[\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]]> : tensor<1x2x8xf32>
// CHECK:         %[[A:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2], [3]] : tensor<1x2x2x2xf32> into tensor<4x2xf32>
// CHECK:         %[[RF:.*]] = tensor.collapse_shape %[[R]] {{\[}}[0, 1, 2], [3]] : tensor<1x2x2x3xf32> into tensor<4x3xf32>
// CHECK:         %[[I:.*]] = tensor.empty() : tensor<4x3xf32>
// CHECK:         %[[M:.*]] = qck.matmul ins(%[[A]], %[[W]] : tensor<4x2xf32>, tensor<1x2x8xf32>) residual(%[[RF]] : tensor<4x3xf32>) outs(%[[I]] : tensor<4x3xf32>) {clamp_max = 6.000000e+00 : f32} -> tensor<4x3xf32>
// CHECK:         %[[Y:.*]] = tensor.expand_shape %[[M]] {{\[}}[0, 1, 2], [3]] output_shape [1, 2, 2, 3] : tensor<4x3xf32> into tensor<1x2x2x3xf32>
// CHECK-NOT:     qck.conv2d
// CHECK:         return %[[Y]]
func.func @pointwise_to_matmul(%x: tensor<1x2x2x2xf32>, %r: tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %w = qc.constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]]]> : tensor<3x1x1x2xf32>
  %0 = qc.conv2d %x, %w residual(%r) {clamp_max = 6.0 : f32, dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

// A strided 1x1 conv is not a plain matmul: it stays a qck.conv2d.

// CHECK-LABEL: func @pointwise_strided
// CHECK-NOT:     qck.matmul
// CHECK:         qck.conv2d ins(%{{.*}}, %{{.*}} : tensor<1x4x4x2xf32>, tensor<1x1x1x2x8xf32>) outs(%{{.*}} : tensor<1x2x2x3xf32>) {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>}
func.func @pointwise_strided(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x3xf32> {
  %w = qc.constant dense<1.0> : tensor<3x1x1x2xf32>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}

// -----

// Depthwise (groups = C = OC): the OHWI [C, KH, KW, 1] filter becomes
// [KH, KW, C]; the bias stays [C] (no packing).

// CHECK-LABEL: func @depthwise
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x3x4x2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]> : tensor<1x2x2xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 1, 0, 0] high[0, 0, 0, 0]
// CHECK:         %[[Y:.*]] = qck.depthwise_conv2d ins(%[[P]], %[[W]] : tensor<1x4x4x2xf32>, tensor<1x2x2xf32>) bias(%[[B]] : tensor<2xf32>) outs(%{{.*}} : tensor<1x2x2x2xf32>) {dilations = array<i64: 1, 2>, strides = array<i64: 2, 1>} -> tensor<1x2x2x2xf32>
// CHECK:         return %[[Y]]
func.func @depthwise(%x: tensor<1x3x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = qc.constant dense<[[[[1.0], [2.0]]], [[[3.0], [4.0]]]]> : tensor<2x1x2x1xf32>
  %b = qc.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 2>, groups = 2 : i64, layout = #qc<layout nhwc>, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x3x4x2xf32>, tensor<2x1x2x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// matmul with a constant [K, N] rhs: packed into [NB, K, NR] (column
// n = nb * NR + j); a batched lhs is flattened to [B*M, K] and the result
// expanded back.

// CHECK-LABEL: func @matmul_packed
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x4x2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]]> : tensor<1x2x8xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<8xf32>
// CHECK:         %[[A:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1], [2]] : tensor<2x4x2xf32> into tensor<8x2xf32>
// CHECK:         %[[M:.*]] = qck.matmul ins(%[[A]], %[[W]] : tensor<8x2xf32>, tensor<1x2x8xf32>) bias(%[[B]] : tensor<8xf32>) outs(%{{.*}} : tensor<8x3xf32>) {clamp_min = 0.000000e+00 : f32} -> tensor<8x3xf32>
// CHECK:         %[[Y:.*]] = tensor.expand_shape %[[M]] {{\[}}[0, 1], [2]] output_shape [2, 4, 3] : tensor<8x3xf32> into tensor<2x4x3xf32>
// CHECK:         return %[[Y]]
func.func @matmul_packed(%x: tensor<2x4x2xf32>) -> tensor<2x4x3xf32> {
  %w = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = qc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %0 = qc.matmul %x, %w, %b {clamp_min = 0.0 : f32} : (tensor<2x4x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// A 2-d matmul needs no reshapes.

// CHECK-LABEL: func @matmul_2d
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         %[[M:.*]] = qck.matmul ins(%{{.*}}, %{{.*}} : tensor<4x5xf32>, tensor<2x5x16xf32>) outs(%{{.*}} : tensor<4x20xf32>) -> tensor<4x20xf32>
// CHECK-NOT:     tensor.expand_shape
// CHECK:         return %[[M]]
func.func @matmul_2d(%x: tensor<4x5xf32>) -> tensor<4x20xf32> {
  %w = qc.constant dense<1.0> : tensor<5x20xf32>
  %0 = qc.matmul %x, %w : (tensor<4x5xf32>, tensor<5x20xf32>) -> tensor<4x20xf32>
  return %0 : tensor<4x20xf32>
}

// -----

// Max pooling pads with -inf; ceil_mode's last window (rows 4..6 of the
// padded input) is covered by one extra bottom/right row and column.

// CHECK-LABEL: func @max_pool_ceil
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x5x5x16xf32>
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:           tensor.yield %[[NINF]] : f32
// CHECK:         } : tensor<1x5x5x16xf32> to tensor<1x7x7x16xf32>
// CHECK:         %[[Y:.*]] = qck.pool2d max ins(%[[P]] : tensor<1x7x7x16xf32>) outs(%{{.*}} : tensor<1x3x3x16xf32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} -> tensor<1x3x3x16xf32>
// CHECK:         return %[[Y]]
func.func @max_pool_ceil(%x: tensor<1x5x5x16xf32>) -> tensor<1x3x3x16xf32> {
  %0 = qc.max_pool2d %x {ceil_mode = true, kernel = array<i64: 3, 3>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x5x5x16xf32>) -> tensor<1x3x3x16xf32>
  return %0 : tensor<1x3x3x16xf32>
}

// -----

// CHECK-LABEL: func @max_pool_dilated
// CHECK:         qck.pool2d max ins(%{{.*}} : tensor<1x5x5x4xf32>) outs(%{{.*}} : tensor<1x3x3x4xf32>) {dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>}
func.func @max_pool_dilated(%x: tensor<1x5x5x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = qc.max_pool2d %x {dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Average pooling pads with 0; windows of different sizes (the padding is
// not counted) get a constant of reciprocal divisors [OH, OW].

// CHECK-LABEL: func @avg_pool_divisors
// CHECK-DAG:     %[[D:.*]] = qc.constant dense<{{\[\[}}1.000000e+00, 5.000000e-01], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[P:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:           tensor.yield %[[Z]] : f32
// CHECK:         qck.pool2d avg ins(%[[P]] : tensor<1x4x4x16xf32>) divisors(%[[D]] : tensor<2x2xf32>) outs(%{{.*}} : tensor<1x2x2x16xf32>)
func.func @avg_pool_divisors(%x: tensor<1x3x3x16xf32>) -> tensor<1x2x2x16xf32> {
  %0 = qc.avg_pool2d %x {kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x16xf32>) -> tensor<1x2x2x16xf32>
  return %0 : tensor<1x2x2x16xf32>
}

// -----

// With count_include_pad every window counts KH * KW: no divisors operand.

// CHECK-LABEL: func @avg_pool_uniform
// CHECK-NOT:     qc.constant
// CHECK:         qck.pool2d avg ins(%{{.*}} : tensor<1x4x4x16xf32>) outs(%{{.*}} : tensor<1x2x2x16xf32>)
func.func @avg_pool_uniform(%x: tensor<1x3x3x16xf32>) -> tensor<1x2x2x16xf32> {
  %0 = qc.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x16xf32>) -> tensor<1x2x2x16xf32>
  return %0 : tensor<1x2x2x16xf32>
}

// -----

// Global average pooling (reduce_mean over axes 1, 2) is a pool with the
// full spatial window; without keepdims the [N, 1, 1, C] result is
// collapsed.

// CHECK-LABEL: func @global_avg_pool
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x7x7x16xf32>
// CHECK:         %[[I:.*]] = tensor.empty() : tensor<1x1x1x16xf32>
// CHECK:         %[[P:.*]] = qck.pool2d avg ins(%[[X]] : tensor<1x7x7x16xf32>) outs(%[[I]] : tensor<1x1x1x16xf32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 7, 7>, strides = array<i64: 1, 1>} -> tensor<1x1x1x16xf32>
// CHECK:         %[[Y:.*]] = tensor.collapse_shape %[[P]] {{\[}}[0, 1, 2], [3]] : tensor<1x1x1x16xf32> into tensor<1x16xf32>
// CHECK:         return %[[Y]]
func.func @global_avg_pool(%x: tensor<1x7x7x16xf32>) -> tensor<1x16xf32> {
  %0 = qc.reduce_mean %x {axes = array<i64: 1, 2>, keepdims = false} : (tensor<1x7x7x16xf32>) -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}

// -----

// CHECK-LABEL: func @global_max_pool_keepdims
// CHECK:         %[[P:.*]] = qck.pool2d max ins(%{{.*}} : tensor<2x5x3x8xf32>) outs(%{{.*}} : tensor<2x1x1x8xf32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 5, 3>, strides = array<i64: 1, 1>} -> tensor<2x1x1x8xf32>
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         return %[[P]]
func.func @global_max_pool_keepdims(%x: tensor<2x5x3x8xf32>) -> tensor<2x1x1x8xf32> {
  %0 = qc.reduce_max %x {axes = array<i64: 1, 2>} : (tensor<2x5x3x8xf32>) -> tensor<2x1x1x8xf32>
  return %0 : tensor<2x1x1x8xf32>
}
