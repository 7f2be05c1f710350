// RUN: quantc-opt %s -split-input-file -quantc-fold-batch-norm | FileCheck %s

// s = scale / sqrt(var + eps) = [4/2, 2/4] = [2, 0.5]
// t = bias - mean * s = [1 - 0.5*2, -1 - 0*0.5] = [0, -1]
// A conv without bias gets W'[o] = W[o] * s[o] and the bias b' = t.

// CHECK-LABEL: func @conv_no_bias
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]], {{\[\[}}5.000000e-01]]]]> : tensor<2x2x1x1xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK-NOT:     qc.batch_norm
// CHECK:         return %[[C]]
func.func @conv_no_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// An existing conv bias b becomes b * s + t = [3*2 + 0, 4*0.5 - 1] = [6, 1].

// CHECK-LABEL: func @conv_with_bias
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[6.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{.*}}> : tensor<2x1x3x3xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}
// CHECK-NOT:     qc.batch_norm
// CHECK:         return %[[C]]
func.func @conv_with_bias(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x1x3x3xf32>
  %cb = qc.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w, %cb {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// matmul with a constant [K, N] rhs: channels are the columns, so column n
// of W is scaled by s[n].

// CHECK-LABEL: func @matmul
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[}}2.000000e+00, 5.000000e-01], [4.000000e+00, 1.000000e+00], [6.000000e+00, 1.500000e+00]]> : tensor<3x2xf32>
// CHECK:         %[[M:.*]] = qc.matmul %{{.*}}, %[[W]], %[[B]] : (tensor<4x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
// CHECK-NOT:     qc.batch_norm
// CHECK:         return %[[M]]
func.func @matmul(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = qc.constant dense<[[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]> : tensor<3x2xf32>
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %c = qc.matmul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// A BatchNorm of anything else becomes x * s + t with constant [C, 1, 1]
// operands broadcast along dimension 1.

// CHECK-LABEL: func @decompose_constant
// CHECK-SAME:    %[[X:.*]]: tensor<1x2x4x4xf32>
// CHECK-DAG:     %[[S:.*]] = qc.constant dense<{{\[\[\[}}2.000000e+00]], {{\[\[}}5.000000e-01]]]> : tensor<2x1x1xf32>
// CHECK-DAG:     %[[T:.*]] = qc.constant dense<{{\[\[\[}}0.000000e+00]], {{\[\[}}-1.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK:         %[[Y:.*]] = qc.mul %[[X]], %[[S]] : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK:         %[[R:.*]] = qc.add %[[Y]], %[[T]] : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NOT:     qc.batch_norm
// CHECK:         return %[[R]]
func.func @decompose_constant(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Rank 2: the per-channel operands stay [C] (they broadcast along the last
// dimension, which is dimension 1).

// CHECK-LABEL: func @decompose_rank2
// CHECK:         %[[Y:.*]] = qc.mul %{{.*}}, %{{.*}} : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK:         qc.add %[[Y]], %{{.*}} : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NOT:     qc.batch_norm
func.func @decompose_rank2(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %y = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Run-time parameters: s and t are computed in the graph,
// s = scale / sqrt(var + eps), t = bias - mean * s, reshaped to [C, 1, 1].

// CHECK-LABEL: func @decompose_runtime
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x2x4x4xf32>, %[[SC:[^:]*]]: tensor<2xf32>, %[[B:[^:]*]]: tensor<2xf32>, %[[M:[^:]*]]: tensor<2xf32>, %[[V:[^:]*]]: tensor<2xf32>
// CHECK:         %[[EPS:.*]] = qc.constant dense<1.000000e-03> : tensor<f32>
// CHECK:         %[[VE:.*]] = qc.add %[[V]], %[[EPS]]
// CHECK:         %[[SD:.*]] = qc.sqrt %[[VE]]
// CHECK:         %[[S:.*]] = qc.div %[[SC]], %[[SD]]
// CHECK:         %[[MS:.*]] = qc.mul %[[M]], %[[S]]
// CHECK:         %[[T:.*]] = qc.sub %[[B]], %[[MS]]
// CHECK:         %[[S3:.*]] = qc.reshape %[[S]] : (tensor<2xf32>) -> tensor<2x1x1xf32>
// CHECK:         %[[T3:.*]] = qc.reshape %[[T]] : (tensor<2xf32>) -> tensor<2x1x1xf32>
// CHECK:         %[[Y:.*]] = qc.mul %[[X]], %[[S3]]
// CHECK:         %[[R:.*]] = qc.add %[[Y]], %[[T3]]
// CHECK:         return %[[R]]
func.func @decompose_runtime(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %y = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// The BatchNorm of a quantized activation (an imported model quantizes the
// convolution's output on its own: a qc.fake_quant sits in between) does
// not fold; it becomes the depthwise 1x1 convolution with filter s and
// bias t, which has an integer form.
// CHECK-LABEL: func @quantized_input_as_depthwise_conv
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK:         %[[Q:.*]] = qc.fake_quant
// CHECK:         %[[C:.*]] = qc.conv2d %[[Q]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-NOT:     qc.batch_norm
// CHECK:         return %[[C]]
func.func @quantized_input_as_depthwise_conv(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %s = qc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %b = qc.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %m = qc.constant dense<[0.5, 0.0]> : tensor<2xf32>
  %v = qc.constant dense<[3.0, 15.0]> : tensor<2xf32>
  %q = qc.fake_quant %x {scale = 0.5 : f64, zero_point = 0 : i64, storage = ui8} : tensor<1x2x4x4xf32>
  %y = qc.batch_norm %q, %s, %b, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
