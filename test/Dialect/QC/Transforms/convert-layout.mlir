// RUN: quantc-opt %s -split-input-file -quantc-convert-layout | FileCheck %s

// A conv becomes NHWC between transposes; its OIHW filter becomes OHWI by a
// folded transpose (w[o][i][0][kw] = 6*o + 2*i + kw).

// CHECK-LABEL: func @conv
// CHECK-SAME:    %[[X:.*]]: tensor<1x3x4x4xf32>
// CHECK-DAG:     %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}0.000000e+00, 2.000000e+00, 4.000000e+00], [1.000000e+00, 3.000000e+00, 5.000000e+00]]], {{\[\[\[}}6.000000e+00, 8.000000e+00, 1.000000e+01], [7.000000e+00, 9.000000e+00, 1.100000e+01]]]]> : tensor<2x1x2x3xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         %[[C:.*]] = qc.conv2d %[[T]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x3xf32>, tensor<2x1x2x3xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[R:.*]] = qc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x4x4xf32>
// CHECK:         return %[[R]]
func.func @conv(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<[[[[0.0, 1.0]], [[2.0, 3.0]], [[4.0, 5.0]]], [[[6.0, 7.0]], [[8.0, 9.0]], [[10.0, 11.0]]]]> : tensor<2x3x1x2xf32>
  %b = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 1, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// -----

// conv -> relu -> max pool: the transposes between them meet their inverse
// and cancel; one transpose is left at each graph boundary. The fused
// epilogue attributes and window attributes are kept.

// CHECK-LABEL: func @conv_relu_pool
// CHECK-SAME:    %[[X:.*]]: tensor<1x3x8x8xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK:         %[[C:.*]] = qc.conv2d %[[T]], %{{.*}} {clamp_max = 6.000000e+00 : f32, dilations = array<i64: 2, 2>, groups = 3 : i64, layout = #qc<layout nhwc>, pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<3x3x3x1xf32>) -> tensor<1x8x8x3xf32>
// CHECK:         %[[A:.*]] = qc.clamp %[[C]] {min = 0.000000e+00 : f32} : (tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32>
// CHECK:         %[[P:.*]] = qc.max_pool2d %[[A]] {ceil_mode = true, kernel = array<i64: 3, 3>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x8x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         %[[R:.*]] = qc.transpose %[[P]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK-NOT:     qc.transpose
// CHECK:         return %[[R]]
func.func @conv_relu_pool(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<3x1x3x3xf32>
  %c = qc.conv2d %x, %w {clamp_max = 6.0 : f32, dilations = array<i64: 2, 2>, groups = 3 : i64, pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<3x1x3x3xf32>) -> tensor<1x3x8x8xf32>
  %r = qc.clamp %c {min = 0.0 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  %p = qc.max_pool2d %r {ceil_mode = true, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %p : tensor<1x3x4x4xf32>
}

// -----

// CHECK-LABEL: func @avg_pool
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x5x5x2xf32>
// CHECK:         %[[P:.*]] = qc.avg_pool2d %[[T]] {count_include_pad = true, kernel = array<i64: 3, 3>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
// CHECK:         %[[R:.*]] = qc.transpose %[[P]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x3x3x2xf32>) -> tensor<1x2x3x3xf32>
// CHECK:         return %[[R]]
func.func @avg_pool(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %p = qc.avg_pool2d %x {count_include_pad = true, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %p : tensor<1x2x3x3xf32>
}

// -----

// A fused residual is transposed to NHWC alongside the input.

// CHECK-LABEL: func @conv_residual
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x2x4x4xf32>, %[[RES:[^:]*]]: tensor<1x2x4x4xf32>
// CHECK-DAG:     %[[TX:.*]] = qc.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK-DAG:     %[[TR:.*]] = qc.transpose %[[RES]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK:         %[[C:.*]] = qc.conv2d %[[TX]], %{{.*}} residual(%[[TR]]) {{{.*}}layout = #qc<layout nhwc>{{.*}}} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         qc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
func.func @conv_residual(%x: tensor<1x2x4x4xf32>, %r: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// -----

// Elementwise ops with a constant operand: the constant is brought to the
// result rank and transposed at compile time ([2, 1, 1] -> [1, 1, 1, 2]).
// Unary ops (here sigmoid and a cast) are sunk too.

// CHECK-LABEL: func @binary_constant_unary
// CHECK:         %[[K:.*]] = qc.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK:         %[[C:.*]] = qc.conv2d
// CHECK:         %[[A:.*]] = qc.mul %[[C]], %[[K]] : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[S:.*]] = qc.sigmoid %[[A]] : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[I:.*]] = qc.cast %[[S]] : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xi32>
// CHECK:         %[[R:.*]] = qc.transpose %[[I]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x2xi32>) -> tensor<1x2x4x4xi32>
// CHECK:         return %[[R]]
func.func @binary_constant_unary(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xi32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %k = qc.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.mul %c, %k : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %s = qc.sigmoid %a : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %i = qc.cast %s : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xi32>
  return %i : tensor<1x2x4x4xi32>
}

// -----

// Both operands transposed the same way (a residual block): the add runs in
// NHWC.

// CHECK-LABEL: func @binary_both_transposed
// CHECK:         %[[C1:.*]] = qc.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// CHECK:         %[[C2:.*]] = qc.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// CHECK:         %[[A:.*]] = qc.sub %[[C1]], %[[C2]] : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[R:.*]] = qc.transpose %[[A]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         return %[[R]]
func.func @binary_both_transposed(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c1 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %c2 = qc.conv2d %c1, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.sub %c1, %c2 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// keepdims reductions reduce the permuted axes ([2, 3] in NCHW is [1, 2]
// in NHWC); softmax gets the permuted axis (1 -> 3).

// CHECK-LABEL: func @reduce_softmax
// CHECK:         %[[C:.*]] = qc.conv2d
// CHECK:         %[[M:.*]] = qc.reduce_mean %[[C]] {axes = array<i64: 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32>
// CHECK:         %[[MR:.*]] = qc.reshape %[[M]] : (tensor<1x1x1x2xf32>) -> tensor<1x2x1x1xf32>
// CHECK:         %[[S:.*]] = qc.softmax %[[C]] {axis = 3 : i64} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[ST:.*]] = qc.transpose %[[S]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         %[[L:.*]] = qc.log_softmax %[[C]] {axis = 1 : i64} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[LT:.*]] = qc.transpose %[[L]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         return %[[MR]], %[[ST]], %[[LT]]
func.func @reduce_softmax(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %m = qc.reduce_mean %c {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %s = qc.softmax %c {axis = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %l = qc.log_softmax %c {axis = 2 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %m, %s, %l : tensor<1x2x1x1xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Concat along channels becomes a concat along the last axis; a pad of
// [n, c, h, w] low/high pads is permuted with the dimensions.

// CHECK-LABEL: func @concat_pad
// CHECK:         %[[C1:.*]] = qc.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// CHECK:         %[[C2:.*]] = qc.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// CHECK:         %[[K:.*]] = qc.concat %[[C1]], %[[C2]] {axis = 3 : i64} : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x4xf32>
// CHECK:         %[[P:.*]] = qc.pad %[[K]] {mode = #qc<pad_mode reflect>, pads = array<i64: 0, 1, 2, 0, 0, 3, 0, 0>} : (tensor<1x4x4x4xf32>) -> tensor<1x8x6x4xf32>
// CHECK:         %[[R:.*]] = qc.transpose %[[P]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x6x4xf32>) -> tensor<1x4x8x6xf32>
// CHECK:         return %[[R]]
func.func @concat_pad(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x8x6xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c1 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %c2 = qc.conv2d %c1, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %k = qc.concat %c1, %c2 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %p = qc.pad %k {mode = #qc<pad_mode reflect>, pads = array<i64: 0, 0, 1, 2, 0, 0, 3, 0>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x8x6xf32>
  return %p : tensor<1x4x8x6xf32>
}

// -----

// A transpose that only moves unit dimensions becomes a reshape: here the
// [1, 1, 1, 4] -> [1, 4, 1, 1] transpose back after a 1x1 output.

// CHECK-LABEL: func @unit_dims_reshape
// CHECK:         %[[C:.*]] = qc.conv2d {{.*}} -> tensor<1x1x1x4xf32>
// CHECK-NOT:     qc.transpose %[[C]]
// CHECK:         %[[R:.*]] = qc.reshape %[[C]] : (tensor<1x1x1x4xf32>) -> tensor<1x4x1x1xf32>
// CHECK:         return %[[R]]
func.func @unit_dims_reshape(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x1x1xf32> {
  %w = qc.constant dense<1.0> : tensor<4x2x3x3xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %c : tensor<1x4x1x1xf32>
}

// -----

// A squeeze-and-excitation gate: the feature map times a per-channel gate
// computed from its mean. The gate's NHWC -> NCHW transpose of
// [1, 1, 1, C] canonicalizes to a reshape; that reshape is the same
// transpose, so the product sinks too and stays NHWC: one transpose left,
// at the result.

// CHECK-LABEL: func @se_gate
// CHECK:         %[[C:.*]] = qc.conv2d {{.*}} -> tensor<1x4x4x2xf32>
// CHECK:         %[[M:.*]] = qc.reduce_mean %[[C]] {axes = array<i64: 1, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32>
// CHECK:         %[[G:.*]] = qc.sigmoid %[[M]] : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
// CHECK:         %[[P:.*]] = qc.mul %[[C]], %[[G]] : (tensor<1x4x4x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
// CHECK:         %[[R:.*]] = qc.transpose %[[P]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK-NOT:     qc.transpose
// CHECK:         return %[[R]]
func.func @se_gate(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %m = qc.reduce_mean %c {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %g = qc.sigmoid %m : (tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  %p = qc.mul %c, %g : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %p : tensor<1x2x4x4xf32>
}

// -----

// In-graph preprocessing, (x - mean) / std then a ReLU, runs in the
// layout of the convolution it feeds: the conv's input transpose is hoisted
// to the function input, and the per-channel constants ([1, 3, 1, 1] and
// [3, 1, 1]) become [1, 1, 1, 3] (channels last).

// CHECK-LABEL: func @hoist_to_input
// CHECK-SAME:    %[[X:.*]]: tensor<1x3x4x4xf32>
// CHECK-DAG:     %[[MEAN:.*]] = qc.constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x3xf32>
// CHECK-DAG:     %[[STD:.*]] = qc.constant dense<{{\[\[\[\[}}4.000000e+00, 5.000000e+00, 6.000000e+00]]]]> : tensor<1x1x1x3xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         %[[S:.*]] = qc.sub %[[T]], %[[MEAN]] : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         %[[D:.*]] = qc.div %[[S]], %[[STD]] : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         %[[R:.*]] = qc.clamp %[[D]] {min = 0.000000e+00 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         qc.conv2d %[[R]]
func.func @hoist_to_input(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %mean = qc.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %std = qc.constant dense<[[[4.0]], [[5.0]], [[6.0]]]> : tensor<3x1x1xf32>
  %w = qc.constant dense<1.0> : tensor<2x3x1x1xf32>
  %s = qc.sub %x, %mean : (tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32>
  %d = qc.div %s, %std : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
  %r = qc.clamp %d {min = 0.0 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %c = qc.conv2d %r, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}

// -----

// A channels-last input transposed to NCHW in the model (a converted
// TensorFlow graph): hoisting the conv's transpose above the scale meets the
// model's own transpose, and both fold away.

// CHECK-LABEL: func @hoist_meets_transpose
// CHECK-SAME:    %[[X:.*]]: tensor<1x4x4x3xf32>
// CHECK-NOT:     qc.transpose
// CHECK:         %[[M:.*]] = qc.mul %[[X]], %{{.*}} : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
// CHECK:         qc.conv2d %[[M]]
func.func @hoist_meets_transpose(%x: tensor<1x4x4x3xf32>) -> tensor<1x2x4x4xf32> {
  %k = qc.constant dense<[[[2.0]], [[3.0]], [[4.0]]]> : tensor<3x1x1xf32>
  %w = qc.constant dense<1.0> : tensor<2x3x1x1xf32>
  %t = qc.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x3xf32>) -> tensor<1x3x4x4xf32>
  %m = qc.mul %t, %k : (tensor<1x3x4x4xf32>, tensor<3x1x1xf32>) -> tensor<1x3x4x4xf32>
  %c = qc.conv2d %m, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c : tensor<1x2x4x4xf32>
}
