// RUN: quantc-opt %s -split-input-file -quantc-fuse-epilogues | FileCheck %s

// Consumers that are not fused: each case keeps the consumer op and leaves
// the contraction's epilogue as it was.

// An add after an activation would apply out of the epilogue order
// (the bias is added before the clamp).

// CHECK-LABEL: func @add_after_activation
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32
// CHECK:         %[[A:.*]] = qc.add %[[C]], %{{.*}}
// CHECK:         return %[[A]]
func.func @add_after_activation(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %c = qc.conv2d %x, %w {clamp_min = 0.0 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %k : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// leaky_relu after a clamp would apply before it in the epilogue.

// CHECK-LABEL: func @leaky_after_clamp
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32
// CHECK-NOT:     leaky_alpha
// CHECK:         %[[L:.*]] = qc.leaky_relu %[[C]]
// CHECK:         return %[[L]]
func.func @leaky_after_clamp(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {clamp_max = 6.0 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %l = qc.leaky_relu %c {alpha = 0.1 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %l : tensor<1x2x4x4xf32>
}

// -----

// The contraction has another use, which must not see the epilogue.

// CHECK-LABEL: func @two_uses
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {dilations
// CHECK:         %[[R:.*]] = qc.clamp %[[C]] {min = 0.000000e+00 : f32}
// CHECK:         return %[[R]], %[[C]]
func.func @two_uses(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qc.clamp %c {min = 0.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %r, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// add(y, y) uses the conv twice.

// CHECK-LABEL: func @add_self
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {dilations
// CHECK:         qc.add %[[C]], %[[C]]
func.func @add_self(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %c : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The constant varies along a spatial dimension: neither a bias nor (not
// being of the result type) a residual.

// CHECK-LABEL: func @not_per_channel
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {dilations
// CHECK:         qc.add %[[C]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<4x1xf32>) -> tensor<1x2x4x4xf32>
func.func @not_per_channel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<[[1.0], [2.0], [3.0], [4.0]]> : tensor<4x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %k : (tensor<1x2x4x4xf32>, tensor<4x1xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The add broadcasts the conv result to a larger shape.

// CHECK-LABEL: func @add_broadcasts_result
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {dilations
// CHECK:         qc.add %[[C]], %{{.*}} : (tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func @add_broadcasts_result(%x: tensor<1x2x1x1xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x1x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %a = qc.add %c, %y : (tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The conv already has a residual: a second one is not fused.

// CHECK-LABEL: func @second_residual
// CHECK-SAME:    %{{[^:]*}}: tensor<1x2x4x4xf32>, %[[R:[^:]*]]: tensor<1x2x4x4xf32>, %[[S:[^:]*]]: tensor<1x2x4x4xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} residual(%[[R]])
// CHECK:         qc.add %[[C]], %[[S]]
func.func @second_residual(%x: tensor<1x2x4x4xf32>, %r: tensor<1x2x4x4xf32>, %s: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %s : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The existing bias is a run-time value: the constant cannot be added to it
// at compile time.

// CHECK-LABEL: func @runtime_bias
// CHECK-SAME:    %{{[^:]*}}: tensor<1x2x4x4xf32>, %[[B:[^:]*]]: tensor<2xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}}, %[[B]] {
// CHECK:         qc.add %[[C]], %{{.*}} : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>)
func.func @runtime_bias(%x: tensor<1x2x4x4xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %c = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %k : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// A matrix-vector product has no channel dimension.

// CHECK-LABEL: func @matvec
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %{{.*}} : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4xf32>
// CHECK:         qc.clamp %[[M]]
func.func @matvec(%x: tensor<4x5xf32>, %v: tensor<5xf32>) -> tensor<4xf32> {
  %m = qc.matmul %x, %v : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<4xf32>
  %r = qc.clamp %m {min = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Integer contractions (i32 accumulators) are not fused: their epilogue is
// the requantization.

// CHECK-LABEL: func @integer_conv
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {dilations
// CHECK:         qc.clamp %[[C]]
func.func @integer_conv(%x: tensor<1x2x4x4xi8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi32> {
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xi8>, tensor<2x2x1x1xi8>) -> tensor<1x2x4x4xi32>
  %r = qc.clamp %c {min = 0.0 : f32} : (tensor<1x2x4x4xi32>) -> tensor<1x2x4x4xi32>
  return %r : tensor<1x2x4x4xi32>
}
