// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels="vector-bits=256" | FileCheck %s
// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels="vector-bits=256 int8-dot=pmaddwd" | FileCheck %s --check-prefix=PMADD

// Integer kernels: u8 activation codes x s8 weights. Weights are packed in
// runs of 4 i8 (vpdpbusd) or 2 i16 (pmaddwd) along the reduction, blocks
// of NR output channels (8 lanes at 256 bits), zero padded; bias and
// per-channel multipliers are padded to OB * NR. A 1x1 stride-1 conv is a
// matmul over the flattened pixels; reshapes stay qc.reshape on ui8.

// CHECK-LABEL: func @pointwise
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x2x2x3xui8>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[10, 20, 0, 0, 0, 0, 0, 0]> : tensor<8xi32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}1, 2, 3, 0], [4, 5, 6, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]]]> : tensor<1x1x8x4xi8>
// CHECK:         %[[L:.*]] = qc.reshape %[[X]] : (tensor<1x2x2x3xui8>) -> tensor<4x3xui8>
// CHECK:         %[[Y:.*]] = qck.matmul ins(%[[L]], %[[W]] : tensor<4x3xui8>, tensor<1x1x8x4xi8>) bias(%[[B]] : tensor<8xi32>) outs(%{{.*}} : tensor<4x2xi32>) {requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = -2147483648, max = 2147483647>} -> tensor<4x2xi32>
// CHECK:         %[[R:.*]] = qc.reshape %[[Y]] : (tensor<4x2xi32>) -> tensor<1x2x2x2xi32>
// CHECK:         return %[[R]]
// PMADD-LABEL: func @pointwise
// PMADD:         qc.constant dense<{{\[\[\[\[}}1, 2], [4, 5], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], {{\[\[}}3, 0], [6, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]]]]> : tensor<1x2x8x2xi16>
// PMADD:         qck.matmul ins(%{{.*}}, %{{.*}} : tensor<4x3xui8>, tensor<1x2x8x2xi16>)
func.func @pointwise(%x: tensor<1x2x2x3xui8>) -> tensor<1x2x2x2xi32> {
  %w = qc.constant dense<[[[[1, 2, 3]]], [[[4, 5, 6]]]]> : tensor<2x1x1x3xi8>
  %b = qc.constant dense<[10, 20]> : tensor<2xi32>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = -2147483648, max = 2147483647>} : (tensor<1x2x2x3xui8>, tensor<2x1x1x3xi8>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}

// -----

// A filter row (kh) is one run of KW * C contiguous codes (OHWI): here
// 1 x 2 x 2 = 4 values, one vpdpbusd run. Padding is an explicit qc.pad
// with code 0 (pads stay on an integer conv only when the input zero point
// is 0); a uniform multiplier needs no operand; `kernel` records KH x KW.

// CHECK-LABEL: func @conv_padded
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x3x4x2xui8>
// CHECK:         %[[W:.*]] = qc.constant dense<{{\[\[\[\[\[}}1, 2, 3, 4], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]]]]> : tensor<1x1x1x8x4xi8>
// CHECK:         %[[P:.*]] = qc.pad %[[X]] {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>} : (tensor<1x3x4x2xui8>) -> tensor<1x4x4x2xui8>
// CHECK:         %[[Y:.*]] = qck.conv2d ins(%[[P]], %[[W]] : tensor<1x4x4x2xui8>, tensor<1x1x1x8x4xi8>) outs(%{{.*}} : tensor<1x2x2x1xui8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 1, 2>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 5, min = 5, max = 255>, strides = array<i64: 2, 2>} -> tensor<1x2x2x1xui8>
// CHECK:         return %[[Y]]
// PMADD-LABEL: func @conv_padded
// PMADD:         qck.conv2d ins(%{{.*}}, %{{.*}} : tensor<1x4x4x2xui8>, tensor<1x1x2x8x2xi16>)
func.func @conv_padded(%x: tensor<1x3x4x2xui8>) -> tensor<1x2x2x1xui8> {
  %w = qc.constant dense<[[[[1, 2], [3, 4]]]]> : tensor<1x1x2x2xi8>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 2>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 5, min = 5, max = 255>} : (tensor<1x3x4x2xui8>, tensor<1x1x2x2xi8>) -> tensor<1x2x2x1xui8>
  return %0 : tensor<1x2x2x1xui8>
}

// -----

// Depthwise: filter [KH, KW, C] i8, per-channel multipliers, the residual
// (a dyadic add fused into the epilogue) passes through.

// CHECK-LABEL: func @depthwise
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x3x3x2xui8>, %[[R:[^:]*]]: tensor<1x3x3x2xui8>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[1, 2]> : tensor<2xi32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[}}1, 2]]]> : tensor<1x1x2xi8>
// CHECK-DAG:     %[[M:.*]] = qc.constant dense<[1073741824, 1610612736]> : tensor<2xi32>
// CHECK:         qck.depthwise_conv2d ins(%[[X]], %[[W]] : tensor<1x3x3x2xui8>, tensor<1x1x2xi8>) bias(%[[B]] : tensor<2xi32>) residual(%[[R]] : tensor<1x3x3x2xui8>) multipliers(%[[M]] : tensor<2xi32>) outs(%{{.*}} : tensor<1x3x3x2xui8>)
// CHECK-SAME:      residual_multiplier = 1073741824, residual_zp = 128
func.func @depthwise(%x: tensor<1x3x3x2xui8>, %r: tensor<1x3x3x2xui8>) -> tensor<1x3x3x2xui8> {
  %w = qc.constant dense<[[[[1]]], [[[2]]]]> : tensor<2x1x1x1xi8>
  %b = qc.constant dense<[1, 2]> : tensor<2xi32>
  %0 = qc.conv2d %x, %w, %b residual(%r) {dilations = array<i64: 1, 1>, groups = 2 : i64, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, requant = #qc.requant<multiplier = [1073741824, 1610612736], shift = 31, output_zp = 0, min = 0, max = 255, residual_multiplier = 1073741824, residual_zp = 128>} : (tensor<1x3x3x2xui8>, tensor<2x1x1x1xi8>, tensor<2xi32>, tensor<1x3x3x2xui8>) -> tensor<1x3x3x2xui8>
  return %0 : tensor<1x3x3x2xui8>
}

// -----

// Leaky ReLU folded into the requantization: the second row of the
// multipliers holds the negative side's.

// CHECK-LABEL: func @matmul_leaky
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}1, 3, 5, 0], [2, 4, 6, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]]]> : tensor<1x1x8x4xi8>
// CHECK-DAG:     %[[M:.*]] = qc.constant dense<{{\[\[}}1073741824, 1073741825, 0, 0, 0, 0, 0, 0], [107374182, 107374183, 0, 0, 0, 0, 0, 0]]> : tensor<2x8xi32>
// CHECK:         qck.matmul ins(%{{.*}}, %[[W]] : tensor<2x3xui8>, tensor<1x1x8x4xi8>) bias(%{{.*}} : tensor<8xi32>) multipliers(%[[M]] : tensor<2x8xi32>) outs(%{{.*}} : tensor<2x2xui8>)
func.func @matmul_leaky(%x: tensor<2x3xui8>) -> tensor<2x2xui8> {
  %w = qc.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %b = qc.constant dense<[10, 20]> : tensor<2xi32>
  %0 = qc.matmul %x, %w, %b {requant = #qc.requant<multiplier = [1073741824, 1073741825], neg_multiplier = [107374182, 107374183], shift = 31, output_zp = 100, min = 0, max = 255>} : (tensor<2x3xui8>, tensor<3x2xi8>, tensor<2xi32>) -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}

// -----

// Pools of codes: max pads with code 0 (never wins), average pads with the
// input zero point and keeps its requantization, with per-position
// multipliers as i32 `divisors` when the windows differ; a global mean is a
// full-window average.

// CHECK-LABEL: func @pools
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x3x3x16xui8>
// CHECK-DAG:     %[[D:.*]] = qc.constant dense<{{\[\[}}1073741824, 1073741824], [1073741824, 2147483647]]> : tensor<2x2xi32>
// CHECK:         %[[P0:.*]] = qc.pad %[[X]] {pads = array<i64: 0, 0, 0, 0, 0, 1, 1, 0>} : (tensor<1x3x3x16xui8>) -> tensor<1x4x4x16xui8>
// CHECK:         qck.pool2d max ins(%[[P0]] : tensor<1x4x4x16xui8>) outs(%{{.*}} : tensor<1x2x2x16xui8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// CHECK:         %[[P1:.*]] = qc.pad %[[X]] {pads = array<i64: 0, 0, 0, 0, 0, 1, 1, 0>, value = 7.000000e+00 : f32} : (tensor<1x3x3x16xui8>) -> tensor<1x4x4x16xui8>
// CHECK:         qck.pool2d avg ins(%[[P1]] : tensor<1x4x4x16xui8>) divisors(%[[D]] : tensor<2x2xi32>) outs(%{{.*}} : tensor<1x2x2x16xui8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, requant = #qc.requant<multiplier = [1073741824, 1073741824, 1073741824, 2147483647], shift = 32, input_zp = 7, output_zp = 7, min = 0, max = 255>, strides = array<i64: 2, 2>}
// CHECK:         qck.pool2d avg ins(%[[X]] : tensor<1x3x3x16xui8>) outs(%{{.*}} : tensor<1x1x1x16xui8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, requant = #qc.requant<multiplier = [1908874354], shift = 34, input_zp = 7, output_zp = 7, min = 0, max = 255>, strides = array<i64: 1, 1>}
func.func @pools(%x: tensor<1x3x3x16xui8>) -> (tensor<1x2x2x16xui8>, tensor<1x2x2x16xui8>, tensor<1x1x1x16xui8>) {
  %0 = qc.max_pool2d %x {ceil_mode = false, kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x3x16xui8>) -> tensor<1x2x2x16xui8>
  %1 = qc.avg_pool2d %x {ceil_mode = false, count_include_pad = false, kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>, requant = #qc.requant<multiplier = [1073741824, 1073741824, 1073741824, 2147483647], shift = 32, input_zp = 7, output_zp = 7, min = 0, max = 255>} : (tensor<1x3x3x16xui8>) -> tensor<1x2x2x16xui8>
  %2 = qc.reduce_mean %x {axes = array<i64: 1, 2>, keepdims = true, requant = #qc.requant<multiplier = [1908874354], shift = 34, input_zp = 7, output_zp = 7, min = 0, max = 255>} : (tensor<1x3x3x16xui8>) -> tensor<1x1x1x16xui8>
  return %0, %1, %2 : tensor<1x2x2x16xui8>, tensor<1x2x2x16xui8>, tensor<1x1x1x16xui8>
}

// -----

// Declined (left to the reference lowering): NCHW, run-time weights.

// CHECK-LABEL: func @declined
// CHECK-NOT:     qck.
// CHECK:         qc.conv2d
// CHECK:         qc.matmul
func.func @declined(%x: tensor<1x2x3x3xui8>, %a: tensor<2x3xui8>, %w: tensor<3x2xi8>) -> (tensor<1x2x3x3xui8>, tensor<2x2xui8>) {
  %k = qc.constant dense<1> : tensor<2x2x1x1xi8>
  %0 = qc.conv2d %x, %k {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>} : (tensor<1x2x3x3xui8>, tensor<2x2x1x1xi8>) -> tensor<1x2x3x3xui8>
  %1 = qc.matmul %a, %w {requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>} : (tensor<2x3xui8>, tensor<3x2xi8>) -> tensor<2x2xui8>
  return %0, %1 : tensor<1x2x3x3xui8>, tensor<2x2xui8>
}
