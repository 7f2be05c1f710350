// RUN: quantc-opt %s -split-input-file -quantc-convert-layout | FileCheck %s

// Where transposes are not sunk: each case keeps the NHWC -> NCHW transpose
// in front of the op that observes (or would not absorb) the layout.

// An already NHWC conv and pool are left alone: no transposes appear.

// CHECK-LABEL: func @already_nhwc
// CHECK-NOT:     qc.transpose
// CHECK:         qc.conv2d %{{.*}}, %{{.*}} {{{.*}}layout = #qc<layout nhwc>
// CHECK-NOT:     qc.transpose
// CHECK:         qc.max_pool2d %{{.*}} {{{.*}}layout = #qc<layout nhwc>
// CHECK-NOT:     qc.transpose
func.func @already_nhwc(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = qc.constant dense<1.0> : tensor<2x1x1x2xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %p = qc.max_pool2d %c {kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %p : tensor<1x2x2x2xf32>
}

// -----

// The other operand is a run-time value: sinking would only move the
// transpose to the other branch.

// CHECK-LABEL: func @binary_runtime_operand
// CHECK-SAME:    %{{[^:]*}}: tensor<1x2x4x4xf32>, %[[Y:[^:]*]]: tensor<1x2x4x4xf32>
// CHECK:         %[[C:.*]] = qc.conv2d
// CHECK:         %[[T:.*]] = qc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         %[[A:.*]] = qc.add %[[T]], %[[Y]] : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// CHECK:         return %[[A]]
func.func @binary_runtime_operand(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = qc.add %c, %y : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %a : tensor<1x2x4x4xf32>
}

// -----

// The operands are transposed by different permutations.

// CHECK-LABEL: func @binary_different_perms
// CHECK:         %[[T1:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         %[[T2:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 1, 3, 2>}
// CHECK:         qc.mul %[[T1]], %[[T2]] : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func @binary_different_perms(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %t = qc.transpose %y {perm = array<i64: 0, 1, 3, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %m = qc.mul %c, %t : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %m : tensor<1x2x4x4xf32>
}

// -----

// The transposed operand has a lower rank than the (broadcast) result: no
// full-rank permutation to sink. (The transpose itself moves above the exp,
// to the function input: HoistToInput.)

// CHECK-LABEL: func @binary_not_full_rank
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 1, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
// CHECK:         %[[E:.*]] = qc.exp %[[T]] : (tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK:         qc.add %[[E]], %{{.*}} : (tensor<3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
func.func @binary_not_full_rank(%x: tensor<4x3xf32>) -> tensor<2x3x4xf32> {
  %k = qc.constant dense<1.0> : tensor<2x3x4xf32>
  %e = qc.exp %x : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %t = qc.transpose %e {perm = array<i64: 1, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
  %a = qc.add %t, %k : (tensor<3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %a : tensor<2x3x4xf32>
}

// -----

// A reduction without keepdims changes the rank: not sunk.

// CHECK-LABEL: func @reduce_no_keepdims
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         qc.reduce_sum %[[T]] {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32>
func.func @reduce_no_keepdims(%x: tensor<1x2x4x4xf32>) -> tensor<1x2xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qc.reduce_sum %c {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32>
  return %r : tensor<1x2xf32>
}

// -----

// LRN normalizes across dimension 1: the NCHW order is observable.

// CHECK-LABEL: func @lrn
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         qc.lrn %[[T]]
func.func @lrn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %l = qc.lrn %c {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 3 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %l : tensor<1x2x4x4xf32>
}

// -----

// A reshape that mixes channels with space (flatten before a classifier)
// observes the NCHW order.

// CHECK-LABEL: func @flatten
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         qc.reshape %[[T]] : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
func.func @flatten(%x: tensor<1x2x4x4xf32>) -> tensor<1x32xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qc.reshape %c : (tensor<1x2x4x4xf32>) -> tensor<1x32xf32>
  return %r : tensor<1x32xf32>
}

// -----

// Concat inputs transposed by different permutations (one is a graph
// input): the concat stays in NCHW.

// CHECK-LABEL: func @concat_mixed
// CHECK-SAME:    %{{[^:]*}}: tensor<1x2x4x4xf32>, %[[Y:[^:]*]]: tensor<1x2x4x4xf32>
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         qc.concat %[[T]], %[[Y]] {axis = 1 : i64}
func.func @concat_mixed(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %k = qc.concat %c, %y {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %k : tensor<1x4x4x4xf32>
}

// -----

// A transpose of a constant is folded, not sunk: the elementwise op keeps
// its operand order and layout.

// CHECK-LABEL: func @transposed_constant
// CHECK:         %[[K:.*]] = qc.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT:     qc.transpose
// CHECK:         qc.neg %[[K]]
func.func @transposed_constant() -> tensor<2x2xf32> {
  %k = qc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %t = qc.transpose %k {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %n = qc.neg %t : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %n : tensor<2x2xf32>
}

// -----

// A reshape with the shapes of a transpose but not its data order: [1, 1,
// 2, 3] -> [1, 3, 1, 2] has the shape the NHWC -> NCHW transpose gives,
// but a reshape keeps the 2 x 3 elements in order where the transpose
// would swap them. The product is not sunk through it.

// CHECK-LABEL: func @binary_reshape_not_transpose
// CHECK:         %[[T:.*]] = qc.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         %[[R:.*]] = qc.reshape %{{.*}} : (tensor<1x1x2x3xf32>) -> tensor<1x3x1x2xf32>
// CHECK:         qc.mul %[[T]], %[[R]] : (tensor<1x3x1x2xf32>, tensor<1x3x1x2xf32>) -> tensor<1x3x1x2xf32>
func.func @binary_reshape_not_transpose(%x: tensor<1x2x1x2xf32>, %y: tensor<1x1x2x3xf32>) -> tensor<1x3x1x2xf32> {
  %w = qc.constant dense<1.0> : tensor<3x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x1x2xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x1x2xf32>
  %r = qc.reshape %y : (tensor<1x1x2x3xf32>) -> tensor<1x3x1x2xf32>
  %p = qc.mul %c, %r : (tensor<1x3x1x2xf32>, tensor<1x3x1x2xf32>) -> tensor<1x3x1x2xf32>
  return %p : tensor<1x3x1x2xf32>
}

// -----

// No hoisting when an op of the chain has another user (it would have to
// be computed in both layouts), or when the other operand of a binary op is
// not a constant.

// CHECK-LABEL: func @hoist_shared_or_not_constant
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x3x4x4xf32>, %[[Y:[^:]*]]: tensor<1x3x4x4xf32>
// CHECK:         %[[S:.*]] = qc.sub %[[X]], %{{.*}} : (tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32>
// CHECK:         qc.transpose %[[S]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK:         %[[M:.*]] = qc.mul %[[X]], %[[Y]] : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
// CHECK:         qc.transpose %[[M]] {perm = array<i64: 0, 2, 3, 1>}
func.func @hoist_shared_or_not_constant(%x: tensor<1x3x4x4xf32>, %y: tensor<1x3x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x2x4x4xf32>) {
  %mean = qc.constant dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>
  %w = qc.constant dense<1.0> : tensor<2x3x1x1xf32>
  %s = qc.sub %x, %mean : (tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32>
  %c = qc.conv2d %s, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  %m = qc.mul %x, %y : (tensor<1x3x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %c2 = qc.conv2d %m, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %c, %s, %c2 : tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>, tensor<1x2x4x4xf32>
}
