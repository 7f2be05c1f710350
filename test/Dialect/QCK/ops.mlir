// RUN: quantc-opt %s | quantc-opt | FileCheck %s
// RUN: quantc-opt %s --mlir-print-op-generic | quantc-opt | FileCheck %s

// Tensor form: destination style, one result of the init type.

// CHECK-LABEL: func @conv2d_tensor
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x10x10x8xf32>, %[[W:[^:]*]]: tensor<1x3x3x8x16xf32>, %[[B:[^:]*]]: tensor<16xf32>, %[[R:[^:]*]]: tensor<1x8x8x16xf32>, %[[I:[^:]*]]: tensor<1x8x8x16xf32>
// CHECK:         %[[Y:.*]] = qck.conv2d ins(%[[X]], %[[W]] : tensor<1x10x10x8xf32>, tensor<1x3x3x8x16xf32>) bias(%[[B]] : tensor<16xf32>) residual(%[[R]] : tensor<1x8x8x16xf32>) outs(%[[I]] : tensor<1x8x8x16xf32>) {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, leaky_alpha = 1.000000e-01 : f32, strides = array<i64: 1, 1>} -> tensor<1x8x8x16xf32>
// CHECK:         return %[[Y]]
func.func @conv2d_tensor(%x: tensor<1x10x10x8xf32>, %w: tensor<1x3x3x8x16xf32>, %b: tensor<16xf32>, %r: tensor<1x8x8x16xf32>, %init: tensor<1x8x8x16xf32>) -> tensor<1x8x8x16xf32> {
  %y = qck.conv2d ins(%x, %w : tensor<1x10x10x8xf32>, tensor<1x3x3x8x16xf32>) bias(%b : tensor<16xf32>) residual(%r : tensor<1x8x8x16xf32>) outs(%init : tensor<1x8x8x16xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32, leaky_alpha = 0.1 : f32} -> tensor<1x8x8x16xf32>
  return %y : tensor<1x8x8x16xf32>
}

// Memref form: no result.

// CHECK-LABEL: func @conv2d_memref
// CHECK:         qck.conv2d ins(%{{.*}}, %{{.*}} : memref<1x9x9x8xf32>, memref<2x3x3x8x16xf32>) outs(%{{.*}} : memref<1x4x4x20xf32>) {dilations = array<i64: 1, 1>, strides = array<i64: 2, 2>}
// CHECK-NOT:     ->
func.func @conv2d_memref(%x: memref<1x9x9x8xf32>, %w: memref<2x3x3x8x16xf32>, %out: memref<1x4x4x20xf32>) {
  qck.conv2d ins(%x, %w : memref<1x9x9x8xf32>, memref<2x3x3x8x16xf32>) outs(%out : memref<1x4x4x20xf32>) {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// CHECK-LABEL: func @depthwise_tensor
// CHECK:         %[[Y:.*]] = qck.depthwise_conv2d ins(%{{.*}}, %{{.*}} : tensor<1x11x11x32xf32>, tensor<3x3x32xf32>) bias(%{{.*}} : tensor<32xf32>) outs(%{{.*}} : tensor<1x4x4x32xf32>) {dilations = array<i64: 2, 2>, strides = array<i64: 2, 2>} -> tensor<1x4x4x32xf32>
func.func @depthwise_tensor(%x: tensor<1x11x11x32xf32>, %w: tensor<3x3x32xf32>, %b: tensor<32xf32>, %init: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %y = qck.depthwise_conv2d ins(%x, %w : tensor<1x11x11x32xf32>, tensor<3x3x32xf32>) bias(%b : tensor<32xf32>) outs(%init : tensor<1x4x4x32xf32>) {strides = array<i64: 2, 2>, dilations = array<i64: 2, 2>} -> tensor<1x4x4x32xf32>
  return %y : tensor<1x4x4x32xf32>
}

// CHECK-LABEL: func @depthwise_memref
// CHECK:         qck.depthwise_conv2d ins(%{{.*}}, %{{.*}} : memref<1x6x6x5xf32>, memref<3x3x5xf32>) residual(%{{.*}} : memref<1x4x4x5xf32>) outs(%{{.*}} : memref<1x4x4x5xf32>) {dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>}
func.func @depthwise_memref(%x: memref<1x6x6x5xf32>, %w: memref<3x3x5xf32>, %r: memref<1x4x4x5xf32>, %out: memref<1x4x4x5xf32>) {
  qck.depthwise_conv2d ins(%x, %w : memref<1x6x6x5xf32>, memref<3x3x5xf32>) residual(%r : memref<1x4x4x5xf32>) outs(%out : memref<1x4x4x5xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// CHECK-LABEL: func @matmul_tensor
// CHECK:         %[[Y:.*]] = qck.matmul ins(%{{.*}}, %{{.*}} : tensor<4x64xf32>, tensor<2x64x16xf32>) outs(%{{.*}} : tensor<4x20xf32>) -> tensor<4x20xf32>
func.func @matmul_tensor(%a: tensor<4x64xf32>, %b: tensor<2x64x16xf32>, %init: tensor<4x20xf32>) -> tensor<4x20xf32> {
  %y = qck.matmul ins(%a, %b : tensor<4x64xf32>, tensor<2x64x16xf32>) outs(%init : tensor<4x20xf32>) -> tensor<4x20xf32>
  return %y : tensor<4x20xf32>
}

// CHECK-LABEL: func @matmul_memref
// CHECK:         qck.matmul ins(%{{.*}}, %{{.*}} : memref<4x64xf32>, memref<2x64x16xf32>) bias(%{{.*}} : memref<32xf32>) residual(%{{.*}} : memref<4x20xf32>) outs(%{{.*}} : memref<4x20xf32>) {clamp_min = 0.000000e+00 : f32}
func.func @matmul_memref(%a: memref<4x64xf32>, %b: memref<2x64x16xf32>, %bias: memref<32xf32>, %r: memref<4x20xf32>, %out: memref<4x20xf32>) {
  qck.matmul ins(%a, %b : memref<4x64xf32>, memref<2x64x16xf32>) bias(%bias : memref<32xf32>) residual(%r : memref<4x20xf32>) outs(%out : memref<4x20xf32>) {clamp_min = 0.0 : f32}
  return
}

// CHECK-LABEL: func @pool_tensor
// CHECK:         %[[Y:.*]] = qck.pool2d max ins(%{{.*}} : tensor<1x8x8x32xf32>) outs(%{{.*}} : tensor<1x4x4x32xf32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} -> tensor<1x4x4x32xf32>
func.func @pool_tensor(%x: tensor<1x8x8x32xf32>, %init: tensor<1x4x4x32xf32>) -> tensor<1x4x4x32xf32> {
  %y = qck.pool2d max ins(%x : tensor<1x8x8x32xf32>) outs(%init : tensor<1x4x4x32xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} -> tensor<1x4x4x32xf32>
  return %y : tensor<1x4x4x32xf32>
}

// CHECK-LABEL: func @pool_memref_divisors
// CHECK:         qck.pool2d avg ins(%{{.*}} : memref<1x9x9x3xf32>) divisors(%{{.*}} : memref<4x4xf32>) outs(%{{.*}} : memref<1x4x4x3xf32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>}
func.func @pool_memref_divisors(%x: memref<1x9x9x3xf32>, %d: memref<4x4xf32>, %out: memref<1x4x4x3xf32>) {
  qck.pool2d avg ins(%x : memref<1x9x9x3xf32>) divisors(%d : memref<4x4xf32>) outs(%out : memref<1x4x4x3xf32>) {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}
