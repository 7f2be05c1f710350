// RUN: quantc-opt %s -split-input-file -quantc-fold-batch-norm | FileCheck %s

// Cases where the BatchNorm is not folded into the producer: the producer
// survives unchanged and the BatchNorm is decomposed into mul + add instead.

// The conv has a second use: scaling its weights would change that use.

// CHECK-LABEL: func @conv_two_uses
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]] {
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         %[[R:.*]] = qc.add %[[Y]], %{{.*}}
// CHECK:         return %[[R]], %[[C]]
func.func @conv_two_uses(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y, %c : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// The filter is a run-time value: nothing to fold at compile time.

// CHECK-LABEL: func @conv_runtime_filter
// CHECK-SAME:    %[[W:[^:]*]]: tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]] {
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @conv_runtime_filter(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The conv bias is a run-time value.

// CHECK-LABEL: func @conv_runtime_bias
// CHECK-SAME:    %[[CB:[^:]*]]: tensor<2xf32>
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]], %[[CB]] {
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @conv_runtime_bias(%x: tensor<1x2x4x4xf32>, %cb: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w, %cb {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The BN parameters are run-time values: the conv is kept, the BN is
// computed in the graph.

// CHECK-LABEL: func @conv_runtime_params
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]] {
// CHECK:         qc.sqrt
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @conv_runtime_params(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The conv already has a fused activation: BN(clamp(conv)) is not a
// rescaling of the conv.

// CHECK-LABEL: func @conv_with_activation
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]] {clamp_min = 0.000000e+00 : f32
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @conv_with_activation(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w {clamp_min = 0.0 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The conv has a fused residual: scaling the weights would not scale it.

// CHECK-LABEL: func @conv_with_residual
// CHECK-SAME:    %{{[^:]*}}: tensor<1x2x4x4xf32>, %[[RES:[^:]*]]: tensor<1x2x4x4xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} residual(%[[RES]])
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @conv_with_residual(%x: tensor<1x2x4x4xf32>, %r: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// An NHWC conv's channels are not dimension 1, where BN normalizes.

// CHECK-LABEL: func @conv_nhwc
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<4x1x1x4xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]] {{{.*}}layout = #qc<layout nhwc>
// CHECK:         %[[Y:.*]] = qc.mul %[[C]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @conv_nhwc(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<4x1x1x4xf32>
  %p = qc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x4x4x4xf32>
  %y = qc.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A batched (rank-3) matmul: BN's dimension 1 is not the matmul's columns.

// CHECK-LABEL: func @matmul_rank3
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %[[W]] :
// CHECK:         %[[Y:.*]] = qc.mul %[[M]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @matmul_rank3(%x: tensor<2x4x3xf32>) -> tensor<2x4x2xf32> {
  %w = qc.constant dense<1.0> : tensor<3x2xf32>
  %p = qc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c = qc.matmul %x, %w : (tensor<2x4x3xf32>, tensor<3x2xf32>) -> tensor<2x4x2xf32>
  %y = qc.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<2x4x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x2xf32>
  return %y : tensor<2x4x2xf32>
}

// -----

// The matmul's right operand is a run-time value.

// CHECK-LABEL: func @matmul_runtime_rhs
// CHECK-SAME:    %[[W:[^:]*]]: tensor<3x2xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %[[W]] :
// CHECK:         %[[Y:.*]] = qc.mul %[[M]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @matmul_runtime_rhs(%x: tensor<4x3xf32>, %w: tensor<3x2xf32>) -> tensor<4x2xf32> {
  %p = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = qc.matmul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %y = qc.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// The matmul has a fused activation.

// CHECK-LABEL: func @matmul_with_activation
// CHECK:         %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<3x2xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %[[W]] {leaky_alpha = 1.000000e-01 : f32}
// CHECK:         %[[Y:.*]] = qc.mul %[[M]], %{{.*}}
// CHECK:         qc.add %[[Y]], %{{.*}}
func.func @matmul_with_activation(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = qc.constant dense<1.0> : tensor<3x2xf32>
  %p = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = qc.matmul %x, %w {leaky_alpha = 0.1 : f32} : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %y = qc.batch_norm %c, %p, %p, %p, %p {epsilon = 1.0 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
