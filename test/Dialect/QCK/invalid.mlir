// RUN: quantc-opt %s -split-input-file -verify-diagnostics

// One case per qck verifier error.

// Shared checks (every kernel op).

func.func @mixed_tensor_memref(%x: tensor<4x8xf32>, %b: memref<1x8x16xf32>, %init: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error@+1 {{'qck.matmul' op expected all operands to be tensors or all memrefs}}
  %y = qck.matmul ins(%x, %b : tensor<4x8xf32>, memref<1x8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

func.func @dynamic_shape(%x: tensor<?x8xf32>, %b: tensor<1x8x16xf32>, %init: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error@+1 {{'qck.matmul' op expected static shapes}}
  %y = qck.matmul ins(%x, %b : tensor<?x8xf32>, tensor<1x8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

func.func @tensor_without_result(%x: tensor<4x8xf32>, %b: tensor<1x8x16xf32>, %init: tensor<4x16xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected one result of the init type}}
  qck.matmul ins(%x, %b : tensor<4x8xf32>, tensor<1x8x16xf32>) outs(%init : tensor<4x16xf32>)
  return
}

// -----

func.func @result_not_init_type(%x: tensor<4x8xf32>, %b: tensor<1x8x16xf32>, %init: tensor<4x16xf32>) -> tensor<4x15xf32> {
  // expected-error@+1 {{'qck.matmul' op expected one result of the init type}}
  %y = qck.matmul ins(%x, %b : tensor<4x8xf32>, tensor<1x8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x15xf32>
  return %y : tensor<4x15xf32>
}

// -----

func.func @memref_with_result(%x: memref<4x8xf32>, %b: memref<1x8x16xf32>, %out: memref<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error@+1 {{'qck.matmul' op expected no result on memrefs}}
  %y = qck.matmul ins(%x, %b : memref<4x8xf32>, memref<1x8x16xf32>) outs(%out : memref<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// The bias covers every packed column: NB * NR.
func.func @bias_size(%x: memref<4x8xf32>, %b: memref<2x8x16xf32>, %bias: memref<20xf32>, %out: memref<4x20xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected bias of 32 elements}}
  qck.matmul ins(%x, %b : memref<4x8xf32>, memref<2x8x16xf32>) bias(%bias : memref<20xf32>) outs(%out : memref<4x20xf32>)
  return
}

// -----

func.func @residual_shape(%x: memref<4x8xf32>, %b: memref<2x8x16xf32>, %r: memref<4x32xf32>, %out: memref<4x20xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected residual of the output shape}}
  qck.matmul ins(%x, %b : memref<4x8xf32>, memref<2x8x16xf32>) residual(%r : memref<4x32xf32>) outs(%out : memref<4x20xf32>)
  return
}

// -----

// Window checks (conv2d, depthwise_conv2d, pool2d).

func.func @window_rank(%x: memref<10x10x8xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected 4-d NHWC input and output}}
  qck.pool2d max ins(%x : memref<10x10x8xf32>) outs(%out : memref<1x4x4x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @window_attrs(%x: memref<1x8x8x8xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected 2 strides and 2 dilations}}
  qck.pool2d max ins(%x : memref<1x8x8x8xf32>) outs(%out : memref<1x4x4x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @window_batch(%x: memref<2x8x8x8xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected the same batch size}}
  qck.pool2d max ins(%x : memref<2x8x8x8xf32>) outs(%out : memref<1x4x4x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

// (OW - 1) * stride + dilation * (KW - 1) + 1 = 3 * 2 + 2 * 2 + 1 = 11 > 10.
func.func @window_too_small(%x: memref<1x11x10x8xf32>, %w: memref<3x3x8xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.depthwise_conv2d' op expected a padded input of at least 11 in spatial dimension 1, found 10}}
  qck.depthwise_conv2d ins(%x, %w : memref<1x11x10x8xf32>, memref<3x3x8xf32>) outs(%out : memref<1x4x4x8xf32>) {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>}
  return
}

// -----

// qck.conv2d

func.func @conv_filter_rank(%x: memref<1x10x10x8xf32>, %w: memref<3x3x8x16xf32>, %out: memref<1x8x8x16xf32>) {
  // expected-error@+1 {{'qck.conv2d' op expected a packed filter [OB, KH, KW, C, NR]}}
  qck.conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<3x3x8x16xf32>) outs(%out : memref<1x8x8x16xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @conv_filter_channels(%x: memref<1x10x10x8xf32>, %w: memref<1x3x3x4x16xf32>, %out: memref<1x8x8x16xf32>) {
  // expected-error@+1 {{'qck.conv2d' op expected filter channels to match the input}}
  qck.conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<1x3x3x4x16xf32>) outs(%out : memref<1x8x8x16xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

// 40 output channels in blocks of 16 need 3 blocks, not 2.
func.func @conv_too_few_blocks(%x: memref<1x10x10x8xf32>, %w: memref<2x3x3x8x16xf32>, %out: memref<1x8x8x40xf32>) {
  // expected-error@+1 {{'qck.conv2d' op expected ceil(OC / NR) filter blocks}}
  qck.conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<2x3x3x8x16xf32>) outs(%out : memref<1x8x8x40xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

// 16 output channels need 1 block of 16, not 2.
func.func @conv_too_many_blocks(%x: memref<1x10x10x8xf32>, %w: memref<2x3x3x8x16xf32>, %out: memref<1x8x8x16xf32>) {
  // expected-error@+1 {{'qck.conv2d' op expected ceil(OC / NR) filter blocks}}
  qck.conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<2x3x3x8x16xf32>) outs(%out : memref<1x8x8x16xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

// qck.depthwise_conv2d

func.func @depthwise_filter_rank(%x: memref<1x10x10x8xf32>, %w: memref<3x3x8x1xf32>, %out: memref<1x8x8x8xf32>) {
  // expected-error@+1 {{'qck.depthwise_conv2d' op expected a filter [KH, KW, C]}}
  qck.depthwise_conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<3x3x8x1xf32>) outs(%out : memref<1x8x8x8xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @depthwise_channels(%x: memref<1x10x10x8xf32>, %w: memref<3x3x8xf32>, %out: memref<1x8x8x16xf32>) {
  // expected-error@+1 {{'qck.depthwise_conv2d' op expected filter, input and output channels to match}}
  qck.depthwise_conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<3x3x8xf32>) outs(%out : memref<1x8x8x16xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

// The depthwise bias is not packed: exactly C elements.
func.func @depthwise_bias(%x: memref<1x10x10x8xf32>, %w: memref<3x3x8xf32>, %b: memref<16xf32>, %out: memref<1x8x8x8xf32>) {
  // expected-error@+1 {{'qck.depthwise_conv2d' op expected bias of 8 elements}}
  qck.depthwise_conv2d ins(%x, %w : memref<1x10x10x8xf32>, memref<3x3x8xf32>) bias(%b : memref<16xf32>) outs(%out : memref<1x8x8x8xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

// qck.matmul

func.func @matmul_ranks(%x: memref<4x8xf32>, %b: memref<8x16xf32>, %out: memref<4x16xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected lhs [M, K], rhs [NB, K, NR], out [M, N]}}
  qck.matmul ins(%x, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%out : memref<4x16xf32>)
  return
}

// -----

func.func @matmul_k_mismatch(%x: memref<4x8xf32>, %b: memref<1x9x16xf32>, %out: memref<4x16xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected matching M and K}}
  qck.matmul ins(%x, %b : memref<4x8xf32>, memref<1x9x16xf32>) outs(%out : memref<4x16xf32>)
  return
}

// -----

func.func @matmul_m_mismatch(%x: memref<4x8xf32>, %b: memref<1x8x16xf32>, %out: memref<5x16xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected matching M and K}}
  qck.matmul ins(%x, %b : memref<4x8xf32>, memref<1x8x16xf32>) outs(%out : memref<5x16xf32>)
  return
}

// -----

func.func @matmul_blocks(%x: memref<4x8xf32>, %b: memref<1x8x16xf32>, %out: memref<4x17xf32>) {
  // expected-error@+1 {{'qck.matmul' op expected ceil(N / NR) rhs blocks}}
  qck.matmul ins(%x, %b : memref<4x8xf32>, memref<1x8x16xf32>) outs(%out : memref<4x17xf32>)
  return
}

// -----

// qck.pool2d

func.func @pool_kernel(%x: memref<1x8x8x8xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected 2 kernel sizes}}
  qck.pool2d max ins(%x : memref<1x8x8x8xf32>) outs(%out : memref<1x4x4x8xf32>) {kernel = array<i64: 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @pool_channels(%x: memref<1x8x8x8xf32>, %out: memref<1x4x4x4xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected the same channels}}
  qck.pool2d max ins(%x : memref<1x8x8x8xf32>) outs(%out : memref<1x4x4x4xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @pool_max_divisors(%x: memref<1x8x8x8xf32>, %d: memref<4x4xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.pool2d' op divisors apply to average pooling only}}
  qck.pool2d max ins(%x : memref<1x8x8x8xf32>) divisors(%d : memref<4x4xf32>) outs(%out : memref<1x4x4x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

func.func @pool_divisors_shape(%x: memref<1x8x8x8xf32>, %d: memref<4x3xf32>, %out: memref<1x4x4x8xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected divisors of shape [OH, OW]}}
  qck.pool2d avg ins(%x : memref<1x8x8x8xf32>) divisors(%d : memref<4x3xf32>) outs(%out : memref<1x4x4x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}
