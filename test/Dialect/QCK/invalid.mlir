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

// -----

// Integer forms.

func.func @int_no_requant(%a: memref<4x8xi8>, %w: memref<1x2x16x4xi8>, %out: memref<4x16xi8>) {
  // expected-error@+1 {{'qck.matmul' op an integer kernel needs a requantization ('requant')}}
  qck.matmul ins(%a, %w : memref<4x8xi8>, memref<1x2x16x4xi8>) outs(%out : memref<4x16xi8>)
  return
}

// -----

func.func @int_float_epilogue(%a: memref<4x8xi8>, %w: memref<1x2x16x4xi8>, %out: memref<4x16xi8>) {
  // expected-error@+1 {{'qck.matmul' op float epilogue attributes on an integer kernel (fold them into 'requant')}}
  qck.matmul ins(%a, %w : memref<4x8xi8>, memref<1x2x16x4xi8>) outs(%out : memref<4x16xi8>) {clamp_min = 0.0 : f32, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @int_bad_runs(%a: memref<4x9xi8>, %w: memref<1x2x16x4xi8>, %out: memref<4x16xi8>) {
  // expected-error@+1 {{'qck.matmul' op expected matching M and ceil(K / P) rhs runs}}
  qck.matmul ins(%a, %w : memref<4x9xi8>, memref<1x2x16x4xi8>) outs(%out : memref<4x16xi8>) {requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @int_bad_run_type(%a: memref<4x8xi8>, %w: memref<1x2x16x4xi16>, %out: memref<4x16xi8>) {
  // expected-error@+1 {{'qck.matmul' op expected runs of 4 i8 or 2 i16 rhs values}}
  qck.matmul ins(%a, %w : memref<4x8xi8>, memref<1x2x16x4xi16>) outs(%out : memref<4x16xi8>) {requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @int_per_channel_without_operand(%a: memref<4x8xi8>, %w: memref<1x2x16x4xi8>, %out: memref<4x16xi8>) {
  // expected-error@+1 {{'qck.matmul' op per-channel multipliers need the 'multipliers' operand}}
  qck.matmul ins(%a, %w : memref<4x8xi8>, memref<1x2x16x4xi8>) outs(%out : memref<4x16xi8>) {requant = #qc.requant<multiplier = [1073741824, 1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @int_bad_multipliers(%a: memref<4x8xi8>, %w: memref<1x2x16x4xi8>, %m: memref<16xi32>, %out: memref<4x16xi8>) {
  // expected-error@+1 {{'qck.matmul' op expected i32 multipliers of shape [2, 16]}}
  qck.matmul ins(%a, %w : memref<4x8xi8>, memref<1x2x16x4xi8>) multipliers(%m : memref<16xi32>) outs(%out : memref<4x16xi8>) {requant = #qc.requant<multiplier = [1, 2], neg_multiplier = [3, 4], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @int_bad_output(%a: memref<4x8xi8>, %w: memref<1x2x16x4xi8>, %out: memref<4x16xi16>) {
  // expected-error@+1 {{'qck.matmul' op expected 8-bit or i32 output codes}}
  qck.matmul ins(%a, %w : memref<4x8xi8>, memref<1x2x16x4xi8>) outs(%out : memref<4x16xi16>) {requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @float_with_requant(%a: memref<4x8xf32>, %w: memref<1x8x16xf32>, %out: memref<4x16xf32>) {
  // expected-error@+1 {{'qck.matmul' op requantization on a float kernel}}
  qck.matmul ins(%a, %w : memref<4x8xf32>, memref<1x8x16xf32>) outs(%out : memref<4x16xf32>) {requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

func.func @int_conv_no_kernel(%x: memref<1x4x4x3xi8>, %w: memref<1x3x3x16x4xi8>, %out: memref<1x2x2x16xi8>) {
  // expected-error@+1 {{'qck.conv2d' op expected 'kernel' = [KH, KW] matching the filter}}
  qck.conv2d ins(%x, %w : memref<1x4x4x3xi8>, memref<1x3x3x16x4xi8>) outs(%out : memref<1x2x2x16xi8>) {dilations = array<i64: 1, 1>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @int_conv_bad_runs(%x: memref<1x4x4x3xi8>, %w: memref<1x3x2x16x4xi8>, %out: memref<1x2x2x16xi8>) {
  // expected-error@+1 {{'qck.conv2d' op expected 3 runs of 4 filter values per filter row, found 2}}
  qck.conv2d ins(%x, %w : memref<1x4x4x3xi8>, memref<1x3x2x16x4xi8>) outs(%out : memref<1x2x2x16xi8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @int_conv_dilated_channels(%x: memref<1x6x6x3xi8>, %w: memref<1x3x3x16x4xi8>, %out: memref<1x2x2x16xi8>) {
  // expected-error@+1 {{'qck.conv2d' op dilated integer filters need C to be a multiple of 4}}
  qck.conv2d ins(%x, %w : memref<1x6x6x3xi8>, memref<1x3x3x16x4xi8>) outs(%out : memref<1x2x2x16xi8>) {dilations = array<i64: 1, 2>, kernel = array<i64: 3, 3>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @int_depthwise_filter(%x: memref<1x3x3x16xi8>, %w: memref<1x1x16xi16>, %out: memref<1x3x3x16xi8>) {
  // expected-error@+1 {{'qck.depthwise_conv2d' op expected an i8 filter}}
  qck.depthwise_conv2d ins(%x, %w : memref<1x3x3x16xi8>, memref<1x1x16xi16>) outs(%out : memref<1x3x3x16xi8>) {dilations = array<i64: 1, 1>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>, strides = array<i64: 1, 1>}
  return
}

// -----

func.func @int_avg_pool_no_requant(%x: memref<1x4x4x16xi8>, %out: memref<1x2x2x16xi8>) {
  // expected-error@+1 {{'qck.pool2d' op integer average pooling needs a requantization}}
  qck.pool2d avg ins(%x : memref<1x4x4x16xi8>) outs(%out : memref<1x2x2x16xi8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
  return
}

// -----

func.func @int_max_pool_requant(%x: memref<1x4x4x16xi8>, %out: memref<1x2x2x16xi8>) {
  // expected-error@+1 {{'qck.pool2d' op a requantization applies to integer average pooling only}}
  qck.pool2d max ins(%x : memref<1x4x4x16xi8>) outs(%out : memref<1x2x2x16xi8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>, strides = array<i64: 2, 2>}
  return
}

// -----

func.func @int_pool_float_divisors(%x: memref<1x4x4x16xi8>, %d: memref<2x2xf32>, %out: memref<1x2x2x16xi8>) {
  // expected-error@+1 {{'qck.pool2d' op expected f32 divisors (i32 multipliers for integer codes)}}
  qck.pool2d avg ins(%x : memref<1x4x4x16xi8>) divisors(%d : memref<2x2xf32>) outs(%out : memref<1x2x2x16xi8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>, strides = array<i64: 2, 2>}
  return
}

// -----

func.func @zero_stride(%x: memref<1x4x4x16xf32>, %out: memref<1x2x2x16xf32>) {
  // expected-error@+1 {{'qck.pool2d' op expected positive kernel sizes, strides and dilations}}
  qck.pool2d max ins(%x : memref<1x4x4x16xf32>) outs(%out : memref<1x2x2x16xf32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, strides = array<i64: 0, 2>}
  return
}
