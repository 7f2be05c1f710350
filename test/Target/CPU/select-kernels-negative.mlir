// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels | FileCheck %s

// Ops without a CPU kernel are left for quantc-convert-qc-to-linalg; each
// case checks the qc op survives and no qck op appears.

// NCHW layout.

// CHECK-LABEL: func @conv_nchw
// CHECK-NOT:     qck.
// CHECK:         qc.conv2d
func.func @conv_nchw(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = qc.constant dense<1.0> : tensor<4x4x1x1xf32>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %0 : tensor<1x4x3x3xf32>
}

// -----

// Grouped, not depthwise (2 groups of 2 channels).

// CHECK-LABEL: func @conv_grouped
// CHECK-NOT:     qck.
// CHECK:         qc.conv2d
func.func @conv_grouped(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  %w = qc.constant dense<1.0> : tensor<4x1x1x2xf32>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<4x1x1x2xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Depthwise with channel multiplier 2 (OC = 2 * C).

// CHECK-LABEL: func @depthwise_multiplier
// CHECK-NOT:     qck.
// CHECK:         qc.conv2d
func.func @depthwise_multiplier(%x: tensor<1x3x3x4xf32>) -> tensor<1x3x3x8xf32> {
  %w = qc.constant dense<1.0> : tensor<8x1x1x1xf32>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 4 : i64, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<8x1x1x1xf32>) -> tensor<1x3x3x8xf32>
  return %0 : tensor<1x3x3x8xf32>
}

// -----

// Integer (non-f32) convolution.

// CHECK-LABEL: func @conv_int8
// CHECK-NOT:     qck.
// CHECK:         qc.conv2d
func.func @conv_int8(%x: tensor<1x3x3x4xi8>) -> tensor<1x3x3x4xi32> {
  %w = qc.constant dense<1> : tensor<4x1x1x4xi8>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x4xi8>, tensor<4x1x1x4xi8>) -> tensor<1x3x3x4xi32>
  return %0 : tensor<1x3x3x4xi32>
}

// -----

// Batched right operand.

// CHECK-LABEL: func @matmul_batched_rhs
// CHECK-NOT:     qck.
// CHECK:         qc.matmul
func.func @matmul_batched_rhs(%x: tensor<2x4x8xf32>) -> tensor<2x4x3xf32> {
  %w = qc.constant dense<1.0> : tensor<2x8x3xf32>
  %0 = qc.matmul %x, %w : (tensor<2x4x8xf32>, tensor<2x8x3xf32>) -> tensor<2x4x3xf32>
  return %0 : tensor<2x4x3xf32>
}

// -----

// A vector lhs (vector-matrix product).

// CHECK-LABEL: func @matmul_vector_lhs
// CHECK-NOT:     qck.
// CHECK:         qc.matmul
func.func @matmul_vector_lhs(%x: tensor<8xf32>) -> tensor<3xf32> {
  %w = qc.constant dense<1.0> : tensor<8x3xf32>
  %0 = qc.matmul %x, %w : (tensor<8xf32>, tensor<8x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// NCHW pooling.

// CHECK-LABEL: func @pool_nchw
// CHECK-NOT:     qck.
// CHECK:         qc.max_pool2d
// CHECK:         qc.avg_pool2d
func.func @pool_nchw(%x: tensor<1x16x4x4xf32>) -> (tensor<1x16x2x2xf32>, tensor<1x16x2x2xf32>) {
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x16x4x4xf32>) -> tensor<1x16x2x2xf32>
  %1 = qc.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x16x4x4xf32>) -> tensor<1x16x2x2xf32>
  return %0, %1 : tensor<1x16x2x2xf32>, tensor<1x16x2x2xf32>
}

// -----

// Non-f32 pooling.

// CHECK-LABEL: func @pool_int8
// CHECK-NOT:     qck.
// CHECK:         qc.max_pool2d
func.func @pool_int8(%x: tensor<1x4x4x16xi8>) -> tensor<1x2x2x16xi8> {
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x16xi8>) -> tensor<1x2x2x16xi8>
  return %0 : tensor<1x2x2x16xi8>
}

// -----

// A reduction over other axes than the NHWC spatial ones (here NCHW's).

// CHECK-LABEL: func @reduce_not_global_pool
// CHECK-NOT:     qck.
// CHECK:         qc.reduce_mean
func.func @reduce_not_global_pool(%x: tensor<1x16x4x4xf32>) -> tensor<1x16x1x1xf32> {
  %0 = qc.reduce_mean %x {axes = array<i64: 2, 3>} : (tensor<1x16x4x4xf32>) -> tensor<1x16x1x1xf32>
  return %0 : tensor<1x16x1x1xf32>
}

// -----

// Other reductions (sum) over the spatial axes.

// CHECK-LABEL: func @reduce_sum_spatial
// CHECK-NOT:     qck.
// CHECK:         qc.reduce_sum
func.func @reduce_sum_spatial(%x: tensor<1x4x4x16xf32>) -> tensor<1x1x1x16xf32> {
  %0 = qc.reduce_sum %x {axes = array<i64: 1, 2>} : (tensor<1x4x4x16xf32>) -> tensor<1x1x1x16xf32>
  return %0 : tensor<1x1x1x16xf32>
}

// -----

// A global pool narrower than one vector of channels (4 < 16 lanes) is left
// to the generic lowering.

// CHECK-LABEL: func @global_pool_few_channels
// CHECK-NOT:     qck.
// CHECK:         qc.reduce_mean
func.func @global_pool_few_channels(%x: tensor<1x4x4x4xf32>) -> tensor<1x1x1x4xf32> {
  %0 = qc.reduce_mean %x {axes = array<i64: 1, 2>} : (tensor<1x4x4x4xf32>) -> tensor<1x1x1x4xf32>
  return %0 : tensor<1x1x1x4xf32>
}
