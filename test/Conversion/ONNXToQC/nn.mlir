// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s

// Neural-network ONNX ops (lib/Conversion/ONNXToQC/NN.cpp): Conv, Gemm,
// MatMul, BatchNormalization, pooling, LRN and (Log)Softmax. ONNX `pads`
// [x1_begin, x2_begin, x1_end, x2_end] map to qc's [top, left, bottom, right];
// 1-d windows run as 2-d ones with a unit height.

// OH = (10 + 1 + 1 - 2 * (3 - 1) - 1) / 2 + 1 = 4.
// CHECK-LABEL: func @conv_strided_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x10x10xf32>, %[[W:.*]]: tensor<8x3x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[Y:.*]] = qc.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NOT: qc.onnx_op
// CHECK: return %[[Y]]
func.func @conv_strided_dilated(%x: tensor<1x3x10x10xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w, %b) {attrs = {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// pads [2, 0, 1, 1]: 2 rows on top, 1 at the bottom, 1 column on the right.
// CHECK-LABEL: func @conv_asymmetric_pads
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 2, 0, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x11x9xf32>
func.func @conv_asymmetric_pads(%x: tensor<1x3x10x10xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x11x9xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {pads = array<i64: 2, 0, 1, 1>}, domain = "", version = 11 : i64} : (tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x11x9xf32>
  return %0 : tensor<1x8x11x9xf32>
}

// -----

// CHECK-LABEL: func @conv_depthwise
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 8 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
func.func @conv_depthwise(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {group = 8 : i64, pads = array<i64: 1, 1, 1, 1>}, domain = "", version = 11 : i64} : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

// Conv-1, kernel_shape taken from the weights, two groups of 4 channels.
// CHECK-LABEL: func @conv_grouped_v1
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
func.func @conv_grouped_v1(%x: tensor<1x8x6x6xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {group = 2 : i64}, domain = "", version = 1 : i64} : (tensor<1x8x6x6xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

// SAME_UPPER puts the odd padding at the end. H = 7, k = 4, s = 2:
// out = 4, total = 3 * 2 + 4 - 7 = 3 -> top 1, bottom 2; W = 8: total 2 -> 1, 1.
// CHECK-LABEL: func @conv_same_upper
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 2, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x7x8xf32>, tensor<8x3x4x4xf32>) -> tensor<1x8x4x4xf32>
func.func @conv_same_upper(%x: tensor<1x3x7x8xf32>, %w: tensor<8x3x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {auto_pad = "SAME_UPPER", strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x3x7x8xf32>, tensor<8x3x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// SAME_LOWER puts it at the beginning.
// CHECK-LABEL: func @conv_same_lower
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 2, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x7x8xf32>, tensor<8x3x4x4xf32>) -> tensor<1x8x4x4xf32>
func.func @conv_same_lower(%x: tensor<1x3x7x8xf32>, %w: tensor<8x3x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {auto_pad = "SAME_LOWER", strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x3x7x8xf32>, tensor<8x3x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// CHECK-LABEL: func @conv_valid
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x7x7xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x3x3xf32>
func.func @conv_valid(%x: tensor<1x3x7x7xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {auto_pad = "VALID", strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x3x7x7xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// A 1-d conv is a 2-d conv over [N, C, 1, W]: unit kernel height, stride,
// dilation, and no padding along H.
// CHECK-LABEL: func @conv1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x10xf32>, %[[W:.*]]: tensor<6x4x3xf32>, %[[B:.*]]: tensor<6xf32>)
// CHECK-DAG: %[[X4:.*]] = qc.reshape %[[X]] : (tensor<1x4x10xf32>) -> tensor<1x4x1x10xf32>
// CHECK-DAG: %[[W4:.*]] = qc.reshape %[[W]] : (tensor<6x4x3xf32>) -> tensor<6x4x1x3xf32>
// CHECK: %[[Y4:.*]] = qc.conv2d %[[X4]], %[[W4]], %[[B]] {dilations = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 1>, strides = array<i64: 1, 2>} : (tensor<1x4x1x10xf32>, tensor<6x4x1x3xf32>, tensor<6xf32>) -> tensor<1x6x1x5xf32>
// CHECK: %[[Y:.*]] = qc.reshape %[[Y4]] : (tensor<1x6x1x5xf32>) -> tensor<1x6x5xf32>
// CHECK: return %[[Y]]
func.func @conv1d(%x: tensor<1x4x10xf32>, %w: tensor<6x4x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5xf32> {
  %0 = qc.onnx_op "Conv"(%x, %w, %b) {attrs = {kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 2>}, domain = "", version = 11 : i64} : (tensor<1x4x10xf32>, tensor<6x4x3xf32>, tensor<6xf32>) -> tensor<1x6x5xf32>
  return %0 : tensor<1x6x5xf32>
}

// -----

// A [N] C becomes the matmul's bias.
// CHECK-LABEL: func @gemm_bias
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<3xf32>)
// CHECK: %[[Y:.*]] = qc.matmul %[[A]], %[[B]], %[[C]] : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: return %[[Y]]
func.func @gemm_bias(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// transA/transB transpose the operands; a [1, N] C is reshaped to a bias.
// CHECK-LABEL: func @gemm_trans
// CHECK-SAME: (%[[A:.*]]: tensor<4x2xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[C:.*]]: tensor<1x3xf32>)
// CHECK-DAG: %[[AT:.*]] = qc.transpose %[[A]] {perm = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
// CHECK-DAG: %[[BT:.*]] = qc.transpose %[[B]] {perm = array<i64: 1, 0>} : (tensor<3x4xf32>) -> tensor<4x3xf32>
// CHECK-DAG: %[[BIAS:.*]] = qc.reshape %[[C]] : (tensor<1x3xf32>) -> tensor<3xf32>
// CHECK: qc.matmul %[[AT]], %[[BT]], %[[BIAS]] : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @gemm_trans(%a: tensor<4x2xf32>, %b: tensor<3x4xf32>, %c: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {transA = 1 : i64, transB = 1 : i64}, domain = "", version = 13 : i64} : (tensor<4x2xf32>, tensor<3x4xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Y = A (alpha B) + (beta C); a full [M, N] C is added after the matmul.
// CHECK-LABEL: func @gemm_alpha_beta
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[BETA:.*]] = qc.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG: %[[ALPHA:.*]] = qc.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG: %[[SB:.*]] = qc.mul %[[B]], %[[ALPHA]] : (tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32>
// CHECK-DAG: %[[SC:.*]] = qc.mul %[[C]], %[[BETA]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: %[[P:.*]] = qc.matmul %[[A]], %[[SB]] : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK: %[[Y:.*]] = qc.add %[[P]], %[[SC]]
// CHECK: return %[[Y]]
func.func @gemm_alpha_beta(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {alpha = 0.5 : f32, beta = 2.0 : f32}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A [M, 1] C broadcasts along N: an add, not a bias.
// CHECK-LABEL: func @gemm_c_column
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x3xf32>, %[[C:.*]]: tensor<2x1xf32>)
// CHECK: %[[P:.*]] = qc.matmul %[[A]], %[[B]] : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK: qc.add %[[P]], %[[C]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
func.func @gemm_c_column(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @gemm_c_scalar
// CHECK: %[[P:.*]] = qc.matmul
// CHECK: qc.add %[[P]], %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @gemm_c_scalar(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<f32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// beta = 0 drops C.
// CHECK-LABEL: func @gemm_beta0
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
// CHECK-NOT: qc.add
func.func @gemm_beta0(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {beta = 0.0 : f32}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// C is optional from Gemm-11.
// CHECK-LABEL: func @gemm_no_c
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
func.func @gemm_no_c(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Gemm before opset 7 (`broadcast` of C): the same numpy-compatible rule.
// CHECK-LABEL: func @gemm_v6
// CHECK: qc.matmul %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @gemm_v6(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {broadcast = 1 : i64}, domain = "", version = 6 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<4x3xf32>)
// CHECK: qc.matmul %[[A]], %[[B]] : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
func.func @matmul_2d(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "MatMul"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Rank-1 operands (numpy.matmul): the promoted dimension is dropped.
// CHECK-LABEL: func @matmul_vectors
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4x3xf32>) -> tensor<3xf32>
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
func.func @matmul_vectors(%a: tensor<4xf32>, %b: tensor<4x3xf32>, %c: tensor<3x4xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<f32>) {
  %0 = qc.onnx_op "MatMul"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4xf32>, tensor<4x3xf32>) -> tensor<3xf32>
  %1 = qc.onnx_op "MatMul"(%c, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
  %2 = qc.onnx_op "MatMul"(%a, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<f32>
}

// -----

// Batch dimensions broadcast: [2, 1] x [5] -> [2, 5].
// CHECK-LABEL: func @matmul_batched
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<7x3x4xf32>, tensor<4x6xf32>) -> tensor<7x3x6xf32>
func.func @matmul_batched(%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x6xf32>, %c: tensor<7x3x4xf32>, %d: tensor<4x6xf32>) -> (tensor<2x5x3x6xf32>, tensor<7x3x6xf32>) {
  %0 = qc.onnx_op "MatMul"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  %1 = qc.onnx_op "MatMul"(%c, %d) {attrs = {}, domain = "", version = 9 : i64} : (tensor<7x3x4xf32>, tensor<4x6xf32>) -> tensor<7x3x6xf32>
  return %0, %1 : tensor<2x5x3x6xf32>, tensor<7x3x6xf32>
}

// -----

// CHECK-LABEL: func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[S:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>, %[[M:.*]]: tensor<8xf32>, %[[V:.*]]: tensor<8xf32>)
// CHECK: qc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 1.000000e-03 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK: qc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 9.99999974E-6 : f32}
func.func @batch_norm(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %0 = qc.onnx_op "BatchNormalization"(%x, %s, %b, %m, %v) {attrs = {epsilon = 1.0e-3 : f32}, domain = "", version = 15 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %1 = qc.onnx_op "BatchNormalization"(%x, %s, %b, %m, %v) {attrs = {}, domain = "", version = 9 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// BatchNormalization-7 on [N, C] with spatial = 1 and its four training
// outputs declared but unused.
// CHECK-LABEL: func @batch_norm_v7_unused_outputs
// CHECK: %[[Y:.*]] = qc.batch_norm %{{.*}} {epsilon = 9.99999974E-6 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
// CHECK-NOT: qc.onnx_op
// CHECK: return %[[Y]]
func.func @batch_norm_v7_unused_outputs(%x: tensor<2x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<2x8xf32> {
  %0:5 = qc.onnx_op "BatchNormalization"(%x, %s, %b, %m, %v) {attrs = {spatial = 1 : i64}, domain = "", version = 7 : i64} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
  return %0#0 : tensor<2x8xf32>
}

// -----

// CHECK-LABEL: func @max_pool
// CHECK: qc.max_pool2d %{{.*}} {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
func.func @max_pool(%x: tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// ceil_mode: (7 + 2 - 3) / 2 rounds up to 3 -> 4 windows per axis.
// CHECK-LABEL: func @max_pool_pads_ceil
// CHECK: qc.max_pool2d %{{.*}} {ceil_mode = true, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x4x4xf32>
func.func @max_pool_pads_ceil(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x8x7x7xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// The same window with and without ceil_mode: 3 vs 2 outputs per axis.
// CHECK-LABEL: func @max_pool_ceil_vs_floor
// CHECK: qc.max_pool2d %{{.*}} {ceil_mode = true, {{.*}}} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
// CHECK: qc.max_pool2d %{{.*}} : (tensor<1x8x6x6xf32>) -> tensor<1x8x2x2xf32>
func.func @max_pool_ceil_vs_floor(%x: tensor<1x8x6x6xf32>) -> (tensor<1x8x3x3xf32>, tensor<1x8x2x2xf32>) {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
  %1 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x8x6x6xf32>) -> tensor<1x8x2x2xf32>
  return %0, %1 : tensor<1x8x3x3xf32>, tensor<1x8x2x2xf32>
}

// -----

// With ceil_mode a window that would start in the end padding is dropped
// (ONNX >= 1.16, PyTorch and ONNX Runtime): W = 5, k = 1, s = 3 gives 2
// windows, not ceil(4 / 3) + 1 = 3.
// CHECK-LABEL: func @max_pool_ceil_drops_window_in_padding
// CHECK: qc.max_pool2d %{{.*}} {ceil_mode = true, {{.*}}} : (tensor<1x3x4x5xf32>) -> tensor<1x3x4x2xf32>
func.func @max_pool_ceil_drops_window_in_padding(%x: tensor<1x3x4x5xf32>) -> tensor<1x3x4x2xf32> {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {ceil_mode = 1 : i64, kernel_shape = array<i64: 1, 1>, strides = array<i64: 1, 3>}, domain = "", version = 12 : i64} : (tensor<1x3x4x5xf32>) -> tensor<1x3x4x2xf32>
  return %0 : tensor<1x3x4x2xf32>
}

// -----

// Effective kernel (3 - 1) * 2 + 1 = 5 over 7 rows: 3 outputs.
// CHECK-LABEL: func @max_pool_dilated
// CHECK: qc.max_pool2d %{{.*}} {dilations = array<i64: 2, 2>, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x7x7xf32>) -> tensor<1x8x3x3xf32>
func.func @max_pool_dilated(%x: tensor<1x8x7x7xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>}, domain = "", version = 12 : i64} : (tensor<1x8x7x7xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// SAME_UPPER: 5 -> 3 windows of 2, one padded column at the end.
// CHECK-LABEL: func @max_pool_same_upper
// CHECK: qc.max_pool2d %{{.*}} {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x5x5xf32>) -> tensor<1x8x3x3xf32>
func.func @max_pool_same_upper(%x: tensor<1x8x5x5xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {auto_pad = "SAME_UPPER", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x8x5x5xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// CHECK-LABEL: func @max_pool_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x9xf32>)
// CHECK: %[[X4:.*]] = qc.reshape %[[X]] : (tensor<1x4x9xf32>) -> tensor<1x4x1x9xf32>
// CHECK: %[[P:.*]] = qc.max_pool2d %[[X4]] {dilations = array<i64: 1, 1>, kernel = array<i64: 1, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 2>} : (tensor<1x4x1x9xf32>) -> tensor<1x4x1x4xf32>
// CHECK: %[[Y:.*]] = qc.reshape %[[P]] : (tensor<1x4x1x4xf32>) -> tensor<1x4x4xf32>
// CHECK: return %[[Y]]
func.func @max_pool_1d(%x: tensor<1x4x9xf32>) -> tensor<1x4x4xf32> {
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 3>, strides = array<i64: 2>}, domain = "", version = 12 : i64} : (tensor<1x4x9xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

// An Indices output nobody uses is fine.
// CHECK-LABEL: func @max_pool_unused_indices
// CHECK: %[[Y:.*]] = qc.max_pool2d
// CHECK-NOT: qc.onnx_op
// CHECK: return %[[Y]]
func.func @max_pool_unused_indices(%x: tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32> {
  %0:2 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x8x6x6xf32>) -> (tensor<1x8x3x3xf32>, tensor<1x8x3x3xi64>)
  return %0#0 : tensor<1x8x3x3xf32>
}

// -----

// count_include_pad defaults to 0 (the op's default, so not printed).
// CHECK-LABEL: func @avg_pool
// CHECK: qc.avg_pool2d %{{.*}} {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
func.func @avg_pool(%x: tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "AveragePool"(%x) {attrs = {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// CHECK-LABEL: func @avg_pool_count_include_pad
// CHECK: qc.avg_pool2d %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
func.func @avg_pool_count_include_pad(%x: tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "AveragePool"(%x) {attrs = {count_include_pad = 1 : i64, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// CHECK-LABEL: func @avg_pool_ceil
// CHECK: qc.avg_pool2d %{{.*}} {ceil_mode = true, kernel = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
func.func @avg_pool_ceil(%x: tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32> {
  %0 = qc.onnx_op "AveragePool"(%x) {attrs = {ceil_mode = 1 : i64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>}, domain = "", version = 11 : i64} : (tensor<1x8x6x6xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// CHECK-LABEL: func @avg_pool_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8xf32>)
// CHECK: %[[X4:.*]] = qc.reshape %[[X]] : (tensor<1x4x8xf32>) -> tensor<1x4x1x8xf32>
// CHECK: %[[P:.*]] = qc.avg_pool2d %[[X4]] {kernel = array<i64: 1, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 2>} : (tensor<1x4x1x8xf32>) -> tensor<1x4x1x4xf32>
// CHECK: qc.reshape %[[P]] : (tensor<1x4x1x4xf32>) -> tensor<1x4x4xf32>
func.func @avg_pool_1d(%x: tensor<1x4x8xf32>) -> tensor<1x4x4xf32> {
  %0 = qc.onnx_op "AveragePool"(%x) {attrs = {kernel_shape = array<i64: 2>, strides = array<i64: 2>}, domain = "", version = 7 : i64} : (tensor<1x4x8xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

// Global pools reduce every spatial axis, keeping the dimensions.
// CHECK-LABEL: func @global_pools
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x5x7xf32>, %[[Y:.*]]: tensor<2x4x9xf32>)
// CHECK: qc.reduce_mean %[[X]] {axes = array<i64: 2, 3>} : (tensor<1x8x5x7xf32>) -> tensor<1x8x1x1xf32>
// CHECK: qc.reduce_max %[[X]] {axes = array<i64: 2, 3>} : (tensor<1x8x5x7xf32>) -> tensor<1x8x1x1xf32>
// CHECK: qc.reduce_mean %[[Y]] {axes = array<i64: 2>} : (tensor<2x4x9xf32>) -> tensor<2x4x1xf32>
func.func @global_pools(%x: tensor<1x8x5x7xf32>, %y: tensor<2x4x9xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<2x4x1xf32>) {
  %0 = qc.onnx_op "GlobalAveragePool"(%x) {attrs = {}, domain = "", version = 1 : i64} : (tensor<1x8x5x7xf32>) -> tensor<1x8x1x1xf32>
  %1 = qc.onnx_op "GlobalMaxPool"(%x) {attrs = {}, domain = "", version = 1 : i64} : (tensor<1x8x5x7xf32>) -> tensor<1x8x1x1xf32>
  %2 = qc.onnx_op "GlobalAveragePool"(%y) {attrs = {}, domain = "", version = 1 : i64} : (tensor<2x4x9xf32>) -> tensor<2x4x1xf32>
  return %0, %1, %2 : tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>, tensor<2x4x1xf32>
}

// -----

// CHECK-LABEL: func @lrn
// CHECK: qc.lrn %{{.*}} {alpha = 9.99999974E-5 : f32, beta = 7.500000e-01 : f32, bias = 1.000000e+00 : f32, size = 5 : i64}
// CHECK: qc.lrn %{{.*}} {alpha = 2.000000e-04 : f32, beta = 5.000000e-01 : f32, bias = 2.000000e+00 : f32, size = 3 : i64}
func.func @lrn(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) {
  %0 = qc.onnx_op "LRN"(%x) {attrs = {size = 5 : i64}, domain = "", version = 13 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %1 = qc.onnx_op "LRN"(%x) {attrs = {size = 3 : i64, alpha = 2.0e-4 : f32, beta = 0.5 : f32, bias = 2.0 : f32}, domain = "", version = 1 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0, %1 : tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>
}

// -----

// Softmax-13: one axis, default -1.
// CHECK-LABEL: func @softmax_v13
// CHECK: qc.softmax %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK: qc.softmax %{{.*}} {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NOT: qc.reshape
func.func @softmax_v13(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %0 = qc.onnx_op "Softmax"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = qc.onnx_op "Softmax"(%x) {attrs = {axis = 1 : i64}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// -----

// Softmax-11 (default axis 1) normalizes the flattened tail: [2, 3 * 4].
// CHECK-LABEL: func @softmax_v11_coerced
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[F:.*]] = qc.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// CHECK: %[[S:.*]] = qc.softmax %[[F]] {axis = 1 : i64} : (tensor<2x12xf32>) -> tensor<2x12xf32>
// CHECK: %[[Y:.*]] = qc.reshape %[[S]] : (tensor<2x12xf32>) -> tensor<2x3x4xf32>
// CHECK: return %[[Y]]
func.func @softmax_v11_coerced(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = qc.onnx_op "Softmax"(%x) {attrs = {}, domain = "", version = 11 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Old-opset Softmax on the last axis needs no reshape.
// CHECK-LABEL: func @softmax_old_last_axis
// CHECK-NOT: qc.reshape
// CHECK: qc.softmax %{{.*}} {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
// CHECK: qc.softmax %{{.*}} {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK-NOT: qc.reshape
func.func @softmax_old_last_axis(%x: tensor<1x10xf32>, %y: tensor<2x3x4xf32>) -> (tensor<1x10xf32>, tensor<2x3x4xf32>) {
  %0 = qc.onnx_op "Softmax"(%x) {attrs = {}, domain = "", version = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %1 = qc.onnx_op "Softmax"(%y) {attrs = {axis = -1 : i64}, domain = "", version = 11 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<2x3x4xf32>
}

// -----

// axis = 0 before opset 13 normalizes over everything: [1, 6].
// CHECK-LABEL: func @softmax_v11_axis0
// CHECK: %[[F:.*]] = qc.reshape %{{.*}} : (tensor<2x3xf32>) -> tensor<1x6xf32>
// CHECK: %[[S:.*]] = qc.softmax %[[F]] {axis = 1 : i64} : (tensor<1x6xf32>) -> tensor<1x6xf32>
// CHECK: qc.reshape %[[S]] : (tensor<1x6xf32>) -> tensor<2x3xf32>
func.func @softmax_v11_axis0(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Softmax"(%x) {attrs = {axis = 0 : i64}, domain = "", version = 11 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @log_softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: qc.log_softmax %[[X]] {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[F:.*]] = qc.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// CHECK: %[[S:.*]] = qc.log_softmax %[[F]] {axis = 1 : i64} : (tensor<2x12xf32>) -> tensor<2x12xf32>
// CHECK: qc.reshape %[[S]] : (tensor<2x12xf32>) -> tensor<2x3x4xf32>
func.func @log_softmax(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %0 = qc.onnx_op "LogSoftmax"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = qc.onnx_op "LogSoftmax"(%x) {attrs = {}, domain = "", version = 11 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}
