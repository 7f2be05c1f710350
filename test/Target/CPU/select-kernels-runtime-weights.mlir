// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels=vector-bits=256 | FileCheck %s

// Float weights known only at run time (a gradient function's arguments)
// take the kernels too: the program packs them with qc ops (channels
// zero-padded to whole blocks of NR = 8 lanes, reshaped, transposed into
// the kernel's [OB, ..., NR]) where a constant is packed at compile time.

// CHECK-LABEL: func @conv_runtime_filter
// CHECK:         %[[ROWS:.*]] = qc.reshape %arg1 : (tensor<4x3x3x4xf32>) -> tensor<4x36xf32>
// CHECK:         %[[PAD:.*]] = qc.pad %[[ROWS]] {{.*}}pads = array<i64: 0, 0, 4, 0>{{.*}} -> tensor<8x36xf32>
// CHECK:         %[[BLK:.*]] = qc.reshape %[[PAD]] : (tensor<8x36xf32>) -> tensor<1x8x36xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[BLK]] {perm = array<i64: 0, 2, 1>}
// CHECK:         %[[F:.*]] = qc.reshape %[[T]] : (tensor<1x36x8xf32>) -> tensor<1x3x3x4x8xf32>
// CHECK:         qck.conv2d ins(%{{.*}}, %[[F]] :
// CHECK-NOT:     qc.conv2d
func.func @conv_runtime_filter(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// A 1x1 convolution with a run-time filter and bias: a matmul.

// CHECK-LABEL: func @pointwise_runtime
// CHECK:         %[[B:.*]] = qc.pad %arg2 {{.*}} -> tensor<8xf32>
// CHECK:         qc.transpose
// CHECK:         qck.matmul {{.*}} bias(%[[B]] :
// CHECK-NOT:     qc.conv2d
func.func @pointwise_runtime(%x: tensor<1x3x3x4xf32>, %w: tensor<4x1x1x4xf32>, %b: tensor<4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// A constant filter with a run-time bias: the filter packed at compile
// time, the bias padded at run time.

// CHECK-LABEL: func @conv_runtime_bias
// CHECK:         %[[B:.*]] = qc.pad %arg1 {{.*}} -> tensor<8xf32>
// CHECK:         qck.matmul {{.*}} bias(%[[B]] :
func.func @conv_runtime_bias(%x: tensor<1x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x3x3x4xf32> {
  %w = qc.constant dense<1.0> : tensor<4x1x1x4xf32>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x3x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Depthwise: [C, KH, KW, 1] -> [KH, KW, C].

// CHECK-LABEL: func @depthwise_runtime
// CHECK:         %[[R:.*]] = qc.reshape %arg1 : (tensor<4x3x3x1xf32>) -> tensor<4x9xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[R]] {perm = array<i64: 1, 0>}
// CHECK:         %[[F:.*]] = qc.reshape %[[T]] : (tensor<9x4xf32>) -> tensor<3x3x4xf32>
// CHECK:         qck.depthwise_conv2d ins(%{{.*}}, %[[F]] : {{.*}} bias(%arg2 :
func.func @depthwise_runtime(%x: tensor<1x5x5x4xf32>, %w: tensor<4x3x3x1xf32>, %b: tensor<4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 4 : i64, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<4x3x3x1xf32>, tensor<4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// -----

// Matmul: [K, N] -> [K, NB * NR] -> [K, NB, NR] -> [NB, K, NR].

// CHECK-LABEL: func @matmul_runtime_rhs
// CHECK:         %[[P:.*]] = qc.pad %arg1 {{.*}}pads = array<i64: 0, 0, 0, 5>{{.*}} -> tensor<8x8xf32>
// CHECK:         %[[R:.*]] = qc.reshape %[[P]] : (tensor<8x8xf32>) -> tensor<8x1x8xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[R]] {perm = array<i64: 1, 0, 2>}
// CHECK:         qck.matmul ins(%arg0, %[[T]] :
func.func @matmul_runtime_rhs(%x: tensor<4x8xf32>, %w: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = qc.matmul %x, %w : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
