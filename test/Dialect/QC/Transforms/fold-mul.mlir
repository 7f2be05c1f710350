// RUN: quantc-opt %s -split-input-file -quantc-fold-batch-norm | FileCheck %s

// A contraction times a constant that varies only along its channels is
// the contraction with scaled weights and bias (ONNX Runtime's dynamic
// quantization rescales every ConvInteger/MatMulInteger accumulator so).

// Per channel [1, C, 1, 1], conv with bias: W'[o] = W[o] * k[o] and
// b' = b * k = [3 * 2, 4 * 0.5].

// CHECK-LABEL: func @conv_per_channel
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[6.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}5.000000e-01]]]]> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT:     qc.mul
// CHECK:         return %[[C]]
func.func @conv_per_channel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %b = qc.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %k = qc.constant dense<[[[[2.0]], [[0.5]]]]> : tensor<1x2x1x1xf32>
  %c = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.mul %c, %k : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A scalar on the left; the conv had no bias: b' = 0.

// CHECK-LABEL: func @conv_scalar_lhs
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<2.500000e-01> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK-NEXT:    return %[[C]]
func.func @conv_scalar_lhs(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<0.25> : tensor<f32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.mul %k, %c : (tensor<f32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A matmul times a per-column constant: column n of the weights times k[n].

// CHECK-LABEL: func @matmul_per_column
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[1.000000e+00, 3.000000e+00, 0.000000e+00]> : tensor<3xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00, -2.000000e+00], [1.000000e+00, 3.000000e+00, -2.000000e+00]]> : tensor<2x3xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %[[W]], %[[B]]
// CHECK-NEXT:    return %[[M]]
func.func @matmul_per_column(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = qc.constant dense<1.0> : tensor<2x3xf32>
  %b = qc.constant dense<[1.0, 1.0, 0.0]> : tensor<3xf32>
  %k = qc.constant dense<[1.0, 3.0, -2.0]> : tensor<3xf32>
  %m = qc.matmul %x, %w, %b : (tensor<4x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %y = qc.mul %m, %k : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// Not folded: a constant that varies along the spatial dimensions, one
// that broadcasts the result to a larger shape, a conv with a second use,
// and a run-time factor.

// CHECK-LABEL: func @not_folded
// CHECK-COUNT-4: qc.mul
func.func @not_folded(%x: tensor<1x2x4x4xf32>, %r: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<2x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %spatial = qc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %batch = qc.constant dense<2.0> : tensor<2x1x1x1xf32>
  %c1 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y1 = qc.mul %c1, %spatial : (tensor<1x2x4x4xf32>, tensor<4xf32>) -> tensor<1x2x4x4xf32>
  %c2 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y2 = qc.mul %c2, %batch : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<2x2x4x4xf32>
  %c3 = qc.conv2d %r, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %k = qc.constant dense<2.0> : tensor<f32>
  %y3 = qc.mul %c3, %k : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %c4 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y4 = qc.mul %c4, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y1, %y2, %y3, %c3, %y4 : tensor<1x2x4x4xf32>, tensor<2x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
