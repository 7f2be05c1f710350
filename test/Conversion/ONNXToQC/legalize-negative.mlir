// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx -verify-diagnostics

// Nodes quantc-legalize-onnx declines. Each leftover qc.onnx_op is reported
// at the node's location as "<OpType>: <reason>"; the comment on each case
// says why the node cannot be legalized.

//===----------------------------------------------------------------------===//
// The registry: op type, domain, opset, attribute kinds, shapes
//===----------------------------------------------------------------------===//

// No handler is registered for this op type.
func.func @unknown_op(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{FancyOp: unsupported operator}}
  %0 = qc.onnx_op "FancyOp"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Only the default ONNX domain is supported, even for a known op type.
func.func @custom_domain(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{Relu: unsupported operator domain 'com.microsoft'}}
  %0 = qc.onnx_op "Relu"(%x) {attrs = {}, domain = "com.microsoft", version = 1 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// The importer keeps subgraph attributes as markers; control flow is out of
// scope.
func.func @subgraph_attribute(%c: tensor<i1>) -> tensor<2xf32> {
  // expected-error @+1 {{If: unimplemented: attribute 'else_branch' unsupported attribute kind GRAPH}}
  %0 = qc.onnx_op "If"(%c) {attrs = {then_branch = "<unsupported attribute kind GRAPH>", else_branch = "<unsupported attribute kind GRAPH>"}, domain = "", version = 13 : i64} : (tensor<i1>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// A sparse Constant is an attribute kind the importer does not convert.
func.func @sparse_constant() -> tensor<4xf32> {
  // expected-error @+1 {{Constant: unimplemented: attribute 'sparse_value' unsupported attribute kind SPARSE_TENSOR}}
  %0 = qc.onnx_op "Constant"() {attrs = {sparse_value = "<unsupported attribute kind SPARSE_TENSOR>"}, domain = "", version = 13 : i64} : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Max before opset 8 (no broadcasting) has no handler.
func.func @opset_too_old(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{Max: unimplemented: opset 6 form of this operator (supported from opset 8)}}
  %0 = qc.onnx_op "Max"(%a, %b) {attrs = {}, domain = "", version = 6 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Reshape-1 took the shape as an attribute; only the opset-5 form is handled.
func.func @reshape_v1(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{Reshape: unimplemented: opset 1 form of this operator (supported from opset 5)}}
  %0 = qc.onnx_op "Reshape"(%x) {attrs = {shape = array<i64: 6>}, domain = "", version = 1 : i64} : (tensor<2x3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Shapes must be static after import (--input-shape fixes symbolic dims).
func.func @dynamic_shape(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{Relu: input #0 has a dynamic shape that cannot be resolved (set input shapes with --input-shape)}}
  %0 = qc.onnx_op "Relu"(%x) {attrs = {}, domain = "", version = 14 : i64} : (tensor<?x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// No shape at all (shape inference gave up).
func.func @unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{Sigmoid: input #0 has a dynamic shape that cannot be resolved}}
  %0 = qc.onnx_op "Sigmoid"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// A dynamic dimension on a data-movement op.
func.func @dynamic_reshape_input(%x: tensor<?x3xf32>) -> tensor<?xf32> {
  %s = qc.constant dense<[-1]> : tensor<1xi64>
  // expected-error @+1 {{Reshape: input #0 has a dynamic shape that cannot be resolved}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<?x3xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// -----

// Activations run in f32 only.
func.func @relu_i32(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @+1 {{Relu: unimplemented: element type i32 (only f32 is supported for this operator)}}
  %0 = qc.onnx_op "Relu"(%x) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Pow is not part of the integer shape arithmetic Add/Sub/Mul/Div allow.
func.func @pow_i64(%a: tensor<2xi64>, %b: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error @+1 {{Pow: unimplemented: element type i64 (supported: f32)}}
  %0 = qc.onnx_op "Pow"(%a, %b) {attrs = {}, domain = "", version = 15 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Binary operands must share an element type (ONNX type constraint T).
func.func @add_mixed_types(%a: tensor<2xf32>, %b: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{Add: expected both inputs to have the same element type}}
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// [2] and [3] do not broadcast.
func.func @add_no_broadcast(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{Add: input shapes do not broadcast}}
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// A legacy broadcast axis that runs past A's rank.
func.func @legacy_broadcast_axis(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Add: broadcast axis out of range}}
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {axis = 2 : i64, broadcast = 1 : i64}, domain = "", version = 6 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Variadic ops fold in f32 only.
func.func @mean_i64(%a: tensor<2xi64>, %b: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error @+1 {{Mean: unimplemented: element type i64 (only f32 is supported for this operator)}}
  %0 = qc.onnx_op "Mean"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Clip bounds become attributes of qc.clamp, so they must be constants.
func.func @clip_runtime_bound(%x: tensor<2xf32>, %lo: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+1 {{Clip: unimplemented: Clip bound #1 that is not a constant scalar}}
  %0 = qc.onnx_op "Clip"(%x, %lo) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// PRelu broadcasts the slope to x, never x to the slope.
func.func @prelu_slope_too_big(%x: tensor<1x8xf32>, %s: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{PRelu: slope shape does not broadcast to the input shape}}
  %0 = qc.onnx_op "PRelu"(%x, %s) {attrs = {}, domain = "", version = 16 : i64} : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

//===----------------------------------------------------------------------===//
// NN
//===----------------------------------------------------------------------===//

// -----

// Only 1-d and 2-d convolutions are supported.
func.func @conv3d(%x: tensor<1x3x4x4x4xf32>, %w: tensor<2x3x1x1x1xf32>) -> tensor<1x2x4x4x4xf32> {
  // expected-error @+1 {{Conv: unimplemented: 3-d convolution (1-d and 2-d are supported)}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x4x4x4xf32>, tensor<2x3x1x1x1xf32>) -> tensor<1x2x4x4x4xf32>
  return %0 : tensor<1x2x4x4x4xf32>
}

// -----

// Quantized or integer Conv is produced by quantc itself, not imported.
func.func @conv_i8(%x: tensor<1x3x4x4xi8>, %w: tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi8> {
  // expected-error @+1 {{Conv: unimplemented: element type i8 (only f32 is supported for this operator)}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xi8>, tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

// Weights of rank 3 for a 2-d input.
func.func @conv_weight_rank(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: expected weights of the input's rank}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// kernel_shape [3, 3] with 1x1 weights.
func.func @conv_kernel_shape(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: kernel_shape disagrees with the weight shape}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {kernel_shape = array<i64: 3, 3>}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Negative conv pads (cropping) are not supported.
func.func @conv_negative_pads(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x2x3x4xf32> {
  // expected-error @+1 {{Conv: unimplemented: negative pads}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {pads = array<i64: -1, 0, 0, 0>}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x3x4xf32>
  return %0 : tensor<1x2x3x4xf32>
}

// -----

// "SAME" is not an auto_pad value (SAME_UPPER / SAME_LOWER are).
func.func @conv_auto_pad(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: unknown auto_pad 'SAME'}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {auto_pad = "SAME"}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// The bias needs one value per output channel.
func.func @conv_bias(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>, %b: tensor<3xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: expected a bias of shape [2]}}
  %0 = qc.onnx_op "Conv"(%x, %w, %b) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>, tensor<3xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// With group = 2 the filter has C / 2 = 3 input channels, not 6.
func.func @conv_groups(%x: tensor<1x6x4x4xf32>, %w: tensor<4x6x1x1xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{Conv: expected filter input channels (6) * groups (2) to equal input channels (6)}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {group = 2 : i64}, domain = "", version = 11 : i64} : (tensor<1x6x4x4xf32>, tensor<4x6x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// One stride for two spatial dimensions.
func.func @conv_strides_rank(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: strides/dilations/pads do not match the 2 spatial dimensions}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {strides = array<i64: 1>}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @conv_zero_stride(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: expected positive kernel_shape, strides and dilations}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {strides = array<i64: 0, 1>}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A 3x3 kernel over an unpadded 2x2 input has no output position.
func.func @conv_kernel_too_big(%x: tensor<1x3x2x2xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{Conv: expected the (dilated) kernel to fit in the padded input}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x2x2xf32>, tensor<2x3x3x3xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

// Gemm is a 2-d op.
func.func @gemm_3d(%a: tensor<1x2x4xf32>, %b: tensor<4x3xf32>) -> tensor<1x2x3xf32> {
  // expected-error @+1 {{Gemm: expected 2-d A and B}}
  %0 = qc.onnx_op "Gemm"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x2x4xf32>, tensor<4x3xf32>) -> tensor<1x2x3xf32>
  return %0 : tensor<1x2x3xf32>
}

// -----

func.func @gemm_inner(%a: tensor<2x4xf32>, %b: tensor<5x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Gemm: inner dimensions of A and B disagree}}
  %0 = qc.onnx_op "Gemm"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<5x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// C must broadcast (unidirectionally) to [M, N].
func.func @gemm_c_shape(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Gemm: C does not broadcast to [2, 3]}}
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @matmul_contraction(%a: tensor<2x4xf32>, %b: tensor<5x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{MatMul: expected contracted dimensions to match (4 vs 5)}}
  %0 = qc.onnx_op "MatMul"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<5x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// quantc compiles inference graphs: batch statistics are not computed.
func.func @batch_norm_training(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{BatchNormalization: unimplemented: training_mode = 1}}
  %0 = qc.onnx_op "BatchNormalization"(%x, %s, %s, %s, %s) {attrs = {training_mode = 1 : i64}, domain = "", version = 15 : i64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// spatial = 0 (BatchNormalization-7/8) normalizes per element, not per channel.
func.func @batch_norm_spatial0(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{BatchNormalization: unimplemented: spatial = 0}}
  %0 = qc.onnx_op "BatchNormalization"(%x, %s, %s, %s, %s) {attrs = {spatial = 0 : i64}, domain = "", version = 7 : i64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// The running mean output of a training-mode node is used.
func.func @batch_norm_training_outputs(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<2xf32>) {
  // expected-error @+1 {{BatchNormalization: unimplemented: training outputs (mean/var) of BatchNormalization}}
  %0:3 = qc.onnx_op "BatchNormalization"(%x, %s, %s, %s, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>)
  return %0#0, %0#1 : tensor<1x2x4x4xf32>, tensor<2xf32>
}

// -----

// Scale and friends need one value per channel (dimension 1 of x).
func.func @batch_norm_channels(%x: tensor<1x2x4x4xf32>, %s: tensor<3xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{BatchNormalization: expected per-channel input #1 of shape [2]}}
  %0 = qc.onnx_op "BatchNormalization"(%x, %s, %s, %s, %s) {attrs = {}, domain = "", version = 15 : i64} : (tensor<1x2x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// BatchNormalization-6 (is_test, consumed_inputs) has no handler.
func.func @batch_norm_v6(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{BatchNormalization: unimplemented: opset 6 form of this operator (supported from opset 7)}}
  %0 = qc.onnx_op "BatchNormalization"(%x, %s, %s, %s, %s) {attrs = {}, domain = "", version = 6 : i64} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// qc.max_pool2d computes no argmax.
func.func @max_pool_indices_used(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) {
  // expected-error @+1 {{MaxPool: unimplemented: the Indices output of MaxPool}}
  %0:2 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>)
  return %0#0, %0#1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>
}

// -----

// storage_order only matters for Indices, which are not supported.
func.func @max_pool_storage_order(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{MaxPool: unimplemented: storage_order = 1}}
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, storage_order = 1 : i64}, domain = "", version = 12 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

func.func @max_pool_3d(%x: tensor<1x2x4x4x4xf32>) -> tensor<1x2x2x2x2xf32> {
  // expected-error @+1 {{MaxPool: unimplemented: 3-d pooling (1-d and 2-d are supported)}}
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>}, domain = "", version = 12 : i64} : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x2x2x2xf32>
  return %0 : tensor<1x2x2x2x2xf32>
}

// -----

// kernel_shape is required for pooling (there are no weights to read it from).
func.func @max_pool_no_kernel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{MaxPool: missing required attribute kernel_shape}}
  %0 = qc.onnx_op "MaxPool"(%x) {attrs = {}, domain = "", version = 12 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// AveragePool-19 dilations: qc.avg_pool2d has none.
func.func @avg_pool_dilated(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{AveragePool: unimplemented: dilated AveragePool}}
  %0 = qc.onnx_op "AveragePool"(%x) {attrs = {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 2, 2>, strides = array<i64: 2, 2>}, domain = "", version = 19 : i64} : (tensor<1x2x6x6xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// A window of 3 over 2 unpadded elements, even with ceil_mode.
func.func @avg_pool_window_too_big(%x: tensor<1x3x2xf32>) -> tensor<1x3x1xf32> {
  // expected-error @+1 {{AveragePool: expected the (dilated) window to fit in the padded input}}
  %0 = qc.onnx_op "AveragePool"(%x) {attrs = {ceil_mode = 1 : i64, kernel_shape = array<i64: 3>, strides = array<i64: 2>}, domain = "", version = 13 : i64} : (tensor<1x3x2xf32>) -> tensor<1x3x1xf32>
  return %0 : tensor<1x3x1xf32>
}

// -----

// Global pools need at least one spatial dimension.
func.func @global_pool_rank2(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{GlobalAveragePool: expected an input of rank >= 3}}
  %0 = qc.onnx_op "GlobalAveragePool"(%x) {attrs = {}, domain = "", version = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @lrn_no_size(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{LRN: missing required attribute size}}
  %0 = qc.onnx_op "LRN"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @softmax_axis(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{Softmax: axis out of range}}
  %0 = qc.onnx_op "Softmax"(%x) {attrs = {axis = 2 : i64}, domain = "", version = 13 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// Tensor ops: everything that decides a shape must be a compile-time constant
//===----------------------------------------------------------------------===//

// -----

// A run-time shape would make the output shape dynamic.
func.func @reshape_runtime_shape(%x: tensor<2x3xf32>, %s: tensor<2xi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{Reshape: unimplemented: Reshape with a non-constant shape}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @reshape_two_inferred(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %s = qc.constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+1 {{Reshape: more than one -1 in the target shape}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  %s = qc.constant dense<[4, 2]> : tensor<2xi64>
  // expected-error @+1 {{Reshape: target shape has 8 elements, input has 6}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// 0 copies an input dimension; a rank-1 input has no dimension 1.
func.func @reshape_zero_copy(%x: tensor<6xf32>) -> tensor<?x?xf32> {
  %s = qc.constant dense<[2, 0]> : tensor<2xi64>
  // expected-error @+1 {{Reshape: shape copies dimension 1 that the input does not have}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) -> tensor<6x1xf32> {
  // expected-error @+1 {{Flatten: axis out of range}}
  %0 = qc.onnx_op "Flatten"(%x) {attrs = {axis = 3 : i64}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Transpose: perm is not a permutation}}
  %0 = qc.onnx_op "Transpose"(%x) {attrs = {perm = array<i64: 0, 0>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concat_no_axis(%a: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{Concat: missing required attribute axis}}
  %0 = qc.onnx_op "Concat"(%a, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{Concat: inputs disagree on dimension 0}}
  %0 = qc.onnx_op "Concat"(%a, %b) {attrs = {axis = 1 : i64}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @split_runtime_sizes(%x: tensor<10xf32>, %s: tensor<2xi64>) -> (tensor<?xf32>, tensor<?xf32>) {
  // expected-error @+1 {{Split: unimplemented: Split with non-constant split sizes}}
  %0:2 = qc.onnx_op "Split"(%x, %s) {attrs = {}, domain = "", version = 13 : i64} : (tensor<10xf32>, tensor<2xi64>) -> (tensor<?xf32>, tensor<?xf32>)
  return %0#0, %0#1 : tensor<?xf32>, tensor<?xf32>
}

// -----

func.func @split_sizes_sum(%x: tensor<10xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  // expected-error @+1 {{Split: split sizes do not add up to dimension 10}}
  %0:2 = qc.onnx_op "Split"(%x) {attrs = {split = array<i64: 3, 3>}, domain = "", version = 11 : i64} : (tensor<10xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %0#0, %0#1 : tensor<3xf32>, tensor<3xf32>
}

// -----

func.func @slice_runtime_starts(%x: tensor<10xf32>, %s: tensor<1xi64>) -> tensor<?xf32> {
  %e = qc.constant dense<[5]> : tensor<1xi64>
  // expected-error @+1 {{Slice: unimplemented: Slice with non-constant starts/ends}}
  %0 = qc.onnx_op "Slice"(%x, %s, %e) {attrs = {}, domain = "", version = 13 : i64} : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @slice_step0(%x: tensor<10xf32>) -> tensor<?xf32> {
  %s = qc.constant dense<[0]> : tensor<1xi64>
  %e = qc.constant dense<[5]> : tensor<1xi64>
  %a = qc.constant dense<[0]> : tensor<1xi64>
  %st = qc.constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{Slice: step 0}}
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a, %st) {attrs = {}, domain = "", version = 13 : i64} : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Axes 1 and -1 name the same axis of a rank-2 input.
func.func @slice_repeated_axis(%x: tensor<4x10xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Slice: invalid or repeated axis -1}}
  %0 = qc.onnx_op "Slice"(%x) {attrs = {axes = array<i64: 1, -1>, starts = array<i64: 0, 0>, ends = array<i64: 2, 2>}, domain = "", version = 1 : i64} : (tensor<4x10xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @pad_runtime_pads(%x: tensor<4xf32>, %p: tensor<2xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{Pad: unimplemented: Pad with non-constant pads}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Pad-19 "wrap" mode is not a qc pad mode.
func.func @pad_wrap(%x: tensor<4xf32>) -> tensor<6xf32> {
  %p = qc.constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+1 {{Pad: unimplemented: pad mode 'wrap'}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {mode = "wrap"}, domain = "", version = 19 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// Reflecting 3 elements off a dimension of 3 would need the edge twice.
func.func @pad_reflect_too_big(%x: tensor<3xf32>) -> tensor<9xf32> {
  %p = qc.constant dense<[3, 3]> : tensor<2xi64>
  // expected-error @+1 {{Pad: reflect pads must be smaller than the dimension}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {mode = "reflect"}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<9xf32>
  return %0 : tensor<9xf32>
}

// -----

func.func @pad_count(%x: tensor<3x3xf32>) -> tensor<5x3xf32> {
  %p = qc.constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+1 {{Pad: expected 4 pads, found 2}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x3xf32>, tensor<2xi64>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

func.func @pad_crop_too_much(%x: tensor<3xf32>) -> tensor<?xf32> {
  %p = qc.constant dense<[-2, -2]> : tensor<2xi64>
  // expected-error @+1 {{Pad: negative pads remove more than dimension 0}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @squeeze_not_one(%x: tensor<2x1xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{Squeeze: cannot squeeze axis 0}}
  %0 = qc.onnx_op "Squeeze"(%x) {attrs = {axes = array<i64: 0>}, domain = "", version = 11 : i64} : (tensor<2x1xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @squeeze_runtime_axes(%x: tensor<2x1xf32>, %a: tensor<1xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{Squeeze: unimplemented: non-constant axes}}
  %0 = qc.onnx_op "Squeeze"(%x, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x1xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @unsqueeze_no_axes(%x: tensor<2xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Unsqueeze: missing axes}}
  %0 = qc.onnx_op "Unsqueeze"(%x) {attrs = {}, domain = "", version = 11 : i64} : (tensor<2xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @gather_out_of_range(%d: tensor<3x4xf32>) -> tensor<4xf32> {
  %i = qc.constant dense<3> : tensor<i64>
  // expected-error @+1 {{Gather: index 3 out of range for dimension 3}}
  %0 = qc.onnx_op "Gather"(%d, %i) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x4xf32>, tensor<i64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_float_indices(%d: tensor<3x4xf32>, %i: tensor<2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{Gather: expected integer indices}}
  %0 = qc.onnx_op "Gather"(%d, %i) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// to = 8 is STRING.
func.func @cast_to_string(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{Cast: unimplemented: Cast to ONNX type 8}}
  %0 = qc.onnx_op "Cast"(%x) {attrs = {to = 8 : i64}, domain = "", version = 13 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Run-time casts go between f32 and integers of 8 bits or more; bool only
// folds on constants.
func.func @cast_runtime_bool(%x: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error @+1 {{Cast: unimplemented: run-time Cast from f32 to i1}}
  %0 = qc.onnx_op "Cast"(%x) {attrs = {to = 9 : i64}, domain = "", version = 13 : i64} : (tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @constant_of_shape_runtime(%s: tensor<2xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{ConstantOfShape: unimplemented: ConstantOfShape of a non-constant shape}}
  %0 = qc.onnx_op "ConstantOfShape"(%s) {attrs = {}, domain = "", version = 9 : i64} : (tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @range_runtime(%a: tensor<i64>) -> tensor<?xi64> {
  %b = qc.constant dense<9> : tensor<i64>
  %c = qc.constant dense<2> : tensor<i64>
  // expected-error @+1 {{Range: unimplemented: Range with non-constant inputs}}
  %0 = qc.onnx_op "Range"(%a, %b, %c) {attrs = {}, domain = "", version = 11 : i64} : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @range_delta0() -> tensor<?xi64> {
  %a = qc.constant dense<1> : tensor<i64>
  %c = qc.constant dense<0> : tensor<i64>
  // expected-error @+1 {{Range: delta is 0}}
  %0 = qc.onnx_op "Range"(%a, %a, %c) {attrs = {}, domain = "", version = 11 : i64} : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @expand_runtime(%x: tensor<3x1xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Expand: unimplemented: Expand to a non-constant shape}}
  %0 = qc.onnx_op "Expand"(%x, %s) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @expand_no_broadcast(%x: tensor<3x1xf32>) -> tensor<?x?xf32> {
  %s = qc.constant dense<[2, 4]> : tensor<2xi64>
  // expected-error @+1 {{Expand: shape does not broadcast with the input}}
  %0 = qc.onnx_op "Expand"(%x, %s) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @tile_runtime(%x: tensor<3xf32>, %r: tensor<1xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{Tile: unimplemented: Tile with non-constant repeats}}
  %0 = qc.onnx_op "Tile"(%x, %r) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @tile_count(%x: tensor<3xf32>) -> tensor<?xf32> {
  %r = qc.constant dense<[1, 2]> : tensor<2xi64>
  // expected-error @+1 {{Tile: expected one repeat per dimension}}
  %0 = qc.onnx_op "Tile"(%x, %r) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Comparisons, Where and Not exist for shape arithmetic on constants only.
func.func @equal_runtime(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xi1> {
  // expected-error @+1 {{Equal: unimplemented: run-time Equal (only constant inputs are folded)}}
  %0 = qc.onnx_op "Equal"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @where_runtime(%c: tensor<3xi1>, %a: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{Where: unimplemented: run-time Where (only constant inputs are folded)}}
  %0 = qc.onnx_op "Where"(%c, %a, %a) {attrs = {}, domain = "", version = 16 : i64} : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @not_runtime(%a: tensor<3xi1>) -> tensor<3xi1> {
  // expected-error @+1 {{Not: unimplemented: run-time Not (only constant inputs are folded)}}
  %0 = qc.onnx_op "Not"(%a) {attrs = {}, domain = "", version = 1 : i64} : (tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

// Training-mode Dropout drops elements at random.
func.func @dropout_training(%x: tensor<2xf32>) -> tensor<2xf32> {
  %none = qc.none
  %t = qc.constant dense<true> : tensor<i1>
  // expected-error @+1 {{Dropout: unimplemented: training_mode = true (quantc compiles inference graphs)}}
  %0 = qc.onnx_op "Dropout"(%x, %none, %t) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xf32>, none, tensor<i1>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @dropout_runtime_training_mode(%x: tensor<2xf32>, %t: tensor<i1>) -> tensor<2xf32> {
  %none = qc.none
  // expected-error @+1 {{Dropout: unimplemented: a non-constant training_mode}}
  %0 = qc.onnx_op "Dropout"(%x, %none, %t) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xf32>, none, tensor<i1>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @constant_string() -> tensor<1xf32> {
  // expected-error @+1 {{Constant: unimplemented: Constant without a numeric value (sparse or string)}}
  %0 = qc.onnx_op "Constant"() {attrs = {value_string = "hello"}, domain = "", version = 13 : i64} : () -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

// Reductions run in f32.
func.func @reduce_i64(%x: tensor<3xi64>) -> tensor<1xi64> {
  // expected-error @+1 {{ReduceSum: unimplemented: reduction of element type i64}}
  %0 = qc.onnx_op "ReduceSum"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi64>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

func.func @reduce_runtime_axes(%x: tensor<2x3xf32>, %a: tensor<1xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{ReduceMean: unimplemented: non-constant axes}}
  %0 = qc.onnx_op "ReduceMean"(%x, %a) {attrs = {}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{ReduceMax: axis out of range}}
  %0 = qc.onnx_op "ReduceMax"(%x) {attrs = {axes = array<i64: 2>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

//===----------------------------------------------------------------------===//
// Malformed attributes and inputs (ONNX's checker catches most of these;
// hand-written or converted IR may not)
//===----------------------------------------------------------------------===//

// -----

// allowzero: [0, -1] asks for a zero dimension, and -1 is then undefined.
func.func @reshape_infer_with_zero(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %s = qc.constant dense<[0, -1]> : tensor<2xi64>
  // expected-error @+1 {{Reshape: cannot infer the -1 dimension}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {allowzero = 1 : i64}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @reshape_negative_dim(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %s = qc.constant dense<[-2, 3]> : tensor<2xi64>
  // expected-error @+1 {{Reshape: negative dimension -2 in the target shape}}
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Transpose: perm has 3 entries for rank 2}}
  %0 = qc.onnx_op "Transpose"(%x) {attrs = {perm = array<i64: 0, 1, 2>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Concat: inputs disagree in rank or element type}}
  %0 = qc.onnx_op "Concat"(%a, %b) {attrs = {axis = 1 : i64}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @split_count(%x: tensor<10xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  // expected-error @+1 {{Split: split gives 3 sizes for 2 outputs}}
  %0:2 = qc.onnx_op "Split"(%x) {attrs = {split = array<i64: 3, 3, 4>}, domain = "", version = 11 : i64} : (tensor<10xf32>) -> (tensor<?xf32>, tensor<?xf32>)
  return %0#0, %0#1 : tensor<?xf32>, tensor<?xf32>
}

// -----

func.func @slice_lengths(%x: tensor<4x10xf32>) -> tensor<?x?xf32> {
  %s = qc.constant dense<[0, 0]> : tensor<2xi64>
  %e = qc.constant dense<[2]> : tensor<1xi64>
  // expected-error @+1 {{Slice: starts, ends, axes and steps differ in length}}
  %0 = qc.onnx_op "Slice"(%x, %s, %e) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<2xi64>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Slice-1 requires the starts and ends attributes.
func.func @slice_v1_no_starts(%x: tensor<4x10xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Slice: missing starts/ends}}
  %0 = qc.onnx_op "Slice"(%x) {attrs = {ends = array<i64: 2>}, domain = "", version = 1 : i64} : (tensor<4x10xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @slice_runtime_steps(%x: tensor<10xf32>, %st: tensor<1xi64>) -> tensor<?xf32> {
  %s = qc.constant dense<[0]> : tensor<1xi64>
  %e = qc.constant dense<[5]> : tensor<1xi64>
  %a = qc.constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{Slice: unimplemented: Slice with non-constant steps}}
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a, %st) {attrs = {}, domain = "", version = 13 : i64} : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Pad-18: two pads per listed axis.
func.func @pad_axes_mismatch(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %p = qc.constant dense<[1, 1, 1, 1]> : tensor<4xi64>
  %none = qc.none
  %a = qc.constant dense<[0]> : tensor<1xi64>
  // expected-error @+1 {{Pad: pads do not match axes}}
  %0 = qc.onnx_op "Pad"(%x, %p, %none, %a) {attrs = {}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<4xi64>, none, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Pad-2 requires the pads attribute.
func.func @pad_v2_no_pads(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Pad: missing pads}}
  %0 = qc.onnx_op "Pad"(%x) {attrs = {}, domain = "", version = 2 : i64} : (tensor<2x3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// The padding value becomes an attribute of qc.pad.
func.func @pad_runtime_value(%x: tensor<3xf32>, %v: tensor<f32>) -> tensor<?xf32> {
  %p = qc.constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+1 {{Pad: unimplemented: Pad with a non-constant value}}
  %0 = qc.onnx_op "Pad"(%x, %p, %v) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<2xi64>, tensor<f32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @pad_bool(%x: tensor<3xi1>) -> tensor<?xi1> {
  %p = qc.constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+1 {{Pad: unimplemented: Pad of element type i1}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi1>, tensor<2xi64>) -> tensor<?xi1>
  return %0 : tensor<?xi1>
}

// -----

func.func @tile_negative(%x: tensor<3xf32>) -> tensor<?xf32> {
  %r = qc.constant dense<[-1]> : tensor<1xi64>
  // expected-error @+1 {{Tile: negative repeat}}
  %0 = qc.onnx_op "Tile"(%x, %r) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @constant_of_shape_negative() -> tensor<?xf32> {
  %s = qc.constant dense<[-1]> : tensor<1xi64>
  // expected-error @+1 {{ConstantOfShape: negative dimension}}
  %0 = qc.onnx_op "ConstantOfShape"(%s) {attrs = {}, domain = "", version = 9 : i64} : (tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// `value` must hold exactly one element.
func.func @constant_of_shape_value(%s: tensor<1xi64>) -> tensor<?xf32> {
  %c = qc.constant dense<[2]> : tensor<1xi64>
  // expected-error @+1 {{ConstantOfShape: expected a one-element value}}
  %0 = qc.onnx_op "ConstantOfShape"(%c) {attrs = {value = dense<[1.0, 2.0]> : tensor<2xf32>}, domain = "", version = 9 : i64} : (tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @gather_axis(%d: tensor<3x4xf32>, %i: tensor<2xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{Gather: axis out of range}}
  %0 = qc.onnx_op "Gather"(%d, %i) {attrs = {axis = 2 : i64}, domain = "", version = 13 : i64} : (tensor<3x4xf32>, tensor<2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Axes 0 and -3 are the same axis of the rank-3 result.
func.func @unsqueeze_repeated_axis(%x: tensor<2xf32>) -> tensor<?x?x?xf32> {
  // expected-error @+1 {{Unsqueeze: invalid or repeated axis -3}}
  %0 = qc.onnx_op "Unsqueeze"(%x) {attrs = {axes = array<i64: 0, -3>}, domain = "", version = 11 : i64} : (tensor<2xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

func.func @softmax_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{Softmax: expected an input of rank >= 1}}
  %0 = qc.onnx_op "Softmax"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// LRN normalizes across channels of [N, C, ...].
func.func @lrn_rank2(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{LRN: expected an input of rank >= 3}}
  %0 = qc.onnx_op "LRN"(%x) {attrs = {size = 3 : i64}, domain = "", version = 13 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @batch_norm_rank1(%x: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{BatchNormalization: expected an input of rank >= 2}}
  %0 = qc.onnx_op "BatchNormalization"(%x, %s, %s, %s, %s) {attrs = {}, domain = "", version = 15 : i64} : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @conv_kernel_shape_length(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{Conv: expected 2 values in kernel_shape}}
  %0 = qc.onnx_op "Conv"(%x, %w) {attrs = {kernel_shape = array<i64: 1>}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Unlike Add-7, the legacy (opset < 7) form computes in f32 only.
func.func @legacy_add_i64(%a: tensor<2xi64>, %b: tensor<2xi64>) -> tensor<2xi64> {
  // expected-error @+1 {{Add: unimplemented: element type i64}}
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {}, domain = "", version = 6 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<3xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{MatMul: expected operands of rank >= 1}}
  %0 = qc.onnx_op "MatMul"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<f32>, tensor<3xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
