// RUN: quantc-opt %s -split-input-file -canonicalize | FileCheck %s

// Folders and canonicalization patterns of the qc ops. Cases whose name ends
// in `_negative` check that a fold or pattern declines, and say why.
//
// Constants with at most 32 elements, and splats of any size, fold to
// `dense` literals; larger folded tensors become `dense_resource` blobs.
// Elementwise, cast, concat and slice folds give up on results of more than
// 65536 (1 << 16) elements; transpose and reshape folds have no limit.

//===----------------------------------------------------------------------===//
// Elementwise constant folding
//===----------------------------------------------------------------------===//

// [2, 3] + [3] broadcasts the row.
// CHECK-LABEL: func.func @add_f32_broadcast
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}[1.100000e+01, 2.200000e+01, 3.300000e+01], [1.400000e+01, 2.500000e+01, 3.600000e+01]]> : tensor<2x3xf32>
// CHECK-NEXT:    return %[[C]]
func.func @add_f32_broadcast() -> tensor<2x3xf32> {
  %a = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %b = qc.constant dense<[10.0, 20.0, 30.0]> : tensor<3xf32>
  %r = qc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// [2, 1] - [1, 3] broadcasts both operands.
// CHECK-LABEL: func.func @sub_broadcast_both
// CHECK-DAG:     %[[I:.*]] = qc.constant dense<{{\[}}[4, 3, 2], [6, 5, 4]]> : tensor<2x3xi64>
// CHECK-DAG:     %[[F:.*]] = qc.constant dense<{{\[}}[4.500000e+00, 3.500000e+00, 2.500000e+00], [6.500000e+00, 5.500000e+00, 4.500000e+00]]> : tensor<2x3xf32>
// CHECK:         return %[[I]], %[[F]]
func.func @sub_broadcast_both() -> (tensor<2x3xi64>, tensor<2x3xf32>) {
  %a = qc.constant dense<[[5], [7]]> : tensor<2x1xi64>
  %b = qc.constant dense<[[1, 2, 3]]> : tensor<1x3xi64>
  %i = qc.sub %a, %b : (tensor<2x1xi64>, tensor<1x3xi64>) -> tensor<2x3xi64>
  %c = qc.constant dense<[[5.0], [7.0]]> : tensor<2x1xf32>
  %d = qc.constant dense<[[0.5, 1.5, 2.5]]> : tensor<1x3xf32>
  %f = qc.sub %c, %d : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %i, %f : tensor<2x3xi64>, tensor<2x3xf32>
}

// -----

// A rank-0 operand broadcasts to every element.
// CHECK-LABEL: func.func @mul_i32_scalar
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[3, -6, 9]> : tensor<3xi32>
// CHECK-NEXT:    return %[[C]]
func.func @mul_i32_scalar() -> tensor<3xi32> {
  %a = qc.constant dense<[1, -2, 3]> : tensor<3xi32>
  %b = qc.constant dense<3> : tensor<i32>
  %r = qc.mul %b, %a : (tensor<i32>, tensor<3xi32>) -> tensor<3xi32>
  return %r : tensor<3xi32>
}

// -----

// Integers wrap to the element width.
// CHECK-LABEL: func.func @add_i8_wraps
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[-56, 0]> : tensor<2xi8>
// CHECK-NEXT:    return %[[C]]
func.func @add_i8_wraps() -> tensor<2xi8> {
  %a = qc.constant dense<[100, -1]> : tensor<2xi8>
  %b = qc.constant dense<[100, 1]> : tensor<2xi8>
  %r = qc.add %a, %b : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  return %r : tensor<2xi8>
}

// -----

// Float division is IEEE (x / 0 = inf); integer division truncates toward
// zero.
// CHECK-LABEL: func.func @div
// CHECK-DAG:     %[[F:.*]] = qc.constant dense<[5.000000e-01, -7.500000e-01, 0x7F800000]> : tensor<3xf32>
// CHECK-DAG:     %[[I:.*]] = qc.constant dense<[3, -3, -3]> : tensor<3xi64>
// CHECK:         return %[[F]], %[[I]]
func.func @div() -> (tensor<3xf32>, tensor<3xi64>) {
  %a = qc.constant dense<[1.0, -3.0, 1.0]> : tensor<3xf32>
  %b = qc.constant dense<[2.0, 4.0, 0.0]> : tensor<3xf32>
  %f = qc.div %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %c = qc.constant dense<[7, -7, 7]> : tensor<3xi64>
  %d = qc.constant dense<[2, 2, -2]> : tensor<3xi64>
  %i = qc.div %c, %d : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %f, %i : tensor<3xf32>, tensor<3xi64>
}

// -----

// Integer division by zero has no value: the fold declines.
// CHECK-LABEL: func.func @div_i64_by_zero_negative
// CHECK:         %[[R:.*]] = qc.div
// CHECK-NEXT:    return %[[R]]
func.func @div_i64_by_zero_negative() -> tensor<2xi64> {
  %a = qc.constant dense<[4, 6]> : tensor<2xi64>
  %b = qc.constant dense<[2, 0]> : tensor<2xi64>
  %r = qc.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// max/min propagate NaN from either side.
// CHECK-LABEL: func.func @max_min_f32
// CHECK-DAG:     %[[MAX:.*]] = qc.constant dense<[3.000000e+00, 5.000000e+00, 0x7FC00000]> : tensor<3xf32>
// CHECK-DAG:     %[[MIN:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00, 0x7FC00000]> : tensor<3xf32>
// CHECK:         return %[[MAX]], %[[MIN]]
func.func @max_min_f32() -> (tensor<3xf32>, tensor<3xf32>) {
  %a = qc.constant dense<[1.0, 5.0, 0x7FC00000]> : tensor<3xf32>
  %b = qc.constant dense<[3.0, 2.0, 1.0]> : tensor<3xf32>
  %max = qc.max %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %min = qc.min %b, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %max, %min : tensor<3xf32>, tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @max_min_i32_broadcast
// CHECK-DAG:     %[[MAX:.*]] = qc.constant dense<{{\[}}[0, 0], [3, 0]]> : tensor<2x2xi32>
// CHECK-DAG:     %[[MIN:.*]] = qc.constant dense<{{\[}}[-2, -1], [0, 0]]> : tensor<2x2xi32>
// CHECK:         return %[[MAX]], %[[MIN]]
func.func @max_min_i32_broadcast() -> (tensor<2x2xi32>, tensor<2x2xi32>) {
  %a = qc.constant dense<[[-2, -1], [3, 0]]> : tensor<2x2xi32>
  %z = qc.constant dense<0> : tensor<1xi32>
  %max = qc.max %a, %z : (tensor<2x2xi32>, tensor<1xi32>) -> tensor<2x2xi32>
  %min = qc.min %z, %a : (tensor<1xi32>, tensor<2x2xi32>) -> tensor<2x2xi32>
  return %max, %min : tensor<2x2xi32>, tensor<2x2xi32>
}

// -----

// CHECK-LABEL: func.func @pow
// CHECK-DAG:     %[[F:.*]] = qc.constant dense<[8.000000e+00, 1.73205078, 2.500000e-01]> : tensor<3xf32>
// CHECK-DAG:     %[[I:.*]] = qc.constant dense<[1024, -27, 1]> : tensor<3xi64>
// CHECK:         return %[[F]], %[[I]]
func.func @pow() -> (tensor<3xf32>, tensor<3xi64>) {
  %a = qc.constant dense<[2.0, 3.0, 2.0]> : tensor<3xf32>
  %b = qc.constant dense<[3.0, 0.5, -2.0]> : tensor<3xf32>
  %f = qc.pow %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %c = qc.constant dense<[2, -3, 5]> : tensor<3xi64>
  %d = qc.constant dense<[10, 3, 0]> : tensor<3xi64>
  %i = qc.pow %c, %d : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %f, %i : tensor<3xf32>, tensor<3xi64>
}

// -----

// An integer to a negative power is not an integer: the fold declines.
// CHECK-LABEL: func.func @pow_i64_negative_exponent_negative
// CHECK:         %[[R:.*]] = qc.pow
// CHECK-NEXT:    return %[[R]]
func.func @pow_i64_negative_exponent_negative() -> tensor<2xi64> {
  %a = qc.constant dense<[2, 2]> : tensor<2xi64>
  %b = qc.constant dense<[1, -1]> : tensor<2xi64>
  %r = qc.pow %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// The slope broadcasts per channel (dimension 1 here).
// CHECK-LABEL: func.func @prelu
// CHECK-DAG:     %[[F:.*]] = qc.constant dense<{{\[}}[-1.000000e+00, 3.000000e+00], [-4.000000e-01, 0.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[I:.*]] = qc.constant dense<[-6, 4]> : tensor<2xi32>
// CHECK:         return %[[F]], %[[I]]
func.func @prelu() -> (tensor<2x2xf32>, tensor<2xi32>) {
  %x = qc.constant dense<[[-2.0, 3.0], [-4.0, 0.0]]> : tensor<2x2xf32>
  %s = qc.constant dense<[[0.5], [0.1]]> : tensor<2x1xf32>
  %f = qc.prelu %x, %s : (tensor<2x2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %y = qc.constant dense<[-2, 4]> : tensor<2xi32>
  %t = qc.constant dense<3> : tensor<i32>
  %i = qc.prelu %y, %t : (tensor<2xi32>, tensor<i32>) -> tensor<2xi32>
  return %f, %i : tensor<2x2xf32>, tensor<2xi32>
}

// -----

// A folded splat stays a `dense` literal however large; a folded non-splat
// of more than 32 elements becomes a blob.
// CHECK-LABEL: func.func @fold_result_kinds
// CHECK-DAG:     %[[BLOB:.*]] = qc.constant dense_resource<[[NAME:folded.*]]> : tensor<6x6xf32>
// CHECK-DAG:     %[[SPLAT:.*]] = qc.constant dense<4.000000e+00> : tensor<64x64xf32>
// CHECK:         return %[[BLOB]], %[[SPLAT]]
// The blob holds 10 * row + column, after the 64-byte alignment header.
// CHECK:         [[NAME]]: "0x40000000000000000000803F00000040000040400000804000
func.func @fold_result_kinds() -> (tensor<6x6xf32>, tensor<64x64xf32>) {
  %a = qc.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]> : tensor<6xf32>
  %b = qc.constant dense<[[0.0], [10.0], [20.0], [30.0], [40.0], [50.0]]> : tensor<6x1xf32>
  %r = qc.add %a, %b : (tensor<6xf32>, tensor<6x1xf32>) -> tensor<6x6xf32>
  %c = qc.constant dense<2.0> : tensor<64x64xf32>
  %s = qc.mul %c, %c : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %r, %s : tensor<6x6xf32>, tensor<64x64xf32>
}

// -----

// 257 * 256 = 65792 elements > 65536: the fold declines even for splats.
// CHECK-LABEL: func.func @add_fold_size_limit_negative
// CHECK:         %[[R:.*]] = qc.add
// CHECK-NEXT:    return %[[R]]
func.func @add_fold_size_limit_negative() -> tensor<257x256xf32> {
  %c = qc.constant dense<1.0> : tensor<257x256xf32>
  %r = qc.add %c, %c : (tensor<257x256xf32>, tensor<257x256xf32>) -> tensor<257x256xf32>
  return %r : tensor<257x256xf32>
}

// -----

// Exactly 65536 elements still fold.
// CHECK-LABEL: func.func @add_fold_size_limit
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<2.000000e+00> : tensor<256x256xf32>
// CHECK-NEXT:    return %[[C]]
func.func @add_fold_size_limit() -> tensor<256x256xf32> {
  %c = qc.constant dense<1.0> : tensor<256x256xf32>
  %r = qc.add %c, %c : (tensor<256x256xf32>, tensor<256x256xf32>) -> tensor<256x256xf32>
  return %r : tensor<256x256xf32>
}

// -----

// Binary ops fold only when both operands are constant; there are no
// algebraic identities (x + 0, x * 1).
// CHECK-LABEL: func.func @binary_non_constant_negative
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32>)
// CHECK:         %[[ZERO:.*]] = qc.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK:         %[[R:.*]] = qc.add %[[X]], %[[ZERO]]
// CHECK-NEXT:    return %[[R]]
func.func @binary_non_constant_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  %z = qc.constant dense<0.0> : tensor<4xf32>
  %r = qc.add %x, %z : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Operands in `dense_resource` blobs fold like `dense` literals.
// CHECK-LABEL: func.func @mul_dense_resource
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]]
func.func @mul_dense_resource() -> tensor<4xf32> {
  %a = qc.constant dense_resource<one_to_four> : tensor<4xf32>
  %b = qc.constant dense<2.0> : tensor<f32>
  %r = qc.mul %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      one_to_four: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

//===----------------------------------------------------------------------===//
// qc.none and qc.constant
//===----------------------------------------------------------------------===//

// -----

// Constants are uniqued by the folder: one qc.none, one qc.constant.
// CHECK-LABEL: func.func @constants_uniqued
// CHECK-NEXT:    %[[N:.*]] = qc.none
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<1.000000e+00> : tensor<2xf32>
// CHECK-NEXT:    return %[[N]], %[[N]], %[[C]], %[[C]]
func.func @constants_uniqued() -> (none, none, tensor<2xf32>, tensor<2xf32>) {
  %a = qc.none
  %b = qc.none
  %c = qc.constant dense<1.0> : tensor<2xf32>
  %d = qc.constant dense<1.0> : tensor<2xf32>
  return %a, %b, %c, %d : none, none, tensor<2xf32>, tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// qc.cast
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @cast_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @cast_identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = qc.cast %x : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Float to integer truncates toward zero.
// CHECK-LABEL: func.func @cast_f32_to_i32
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[1, -1, 2, 0]> : tensor<4xi32>
// CHECK-NEXT:    return %[[C]]
func.func @cast_f32_to_i32() -> tensor<4xi32> {
  %c = qc.constant dense<[1.7, -1.7, 2.5, -0.5]> : tensor<4xf32>
  %r = qc.cast %c : (tensor<4xf32>) -> tensor<4xi32>
  return %r : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @cast_i64_to_f32
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[1.000000e+00, 8.000000e+00, -3.000000e+00]> : tensor<3xf32>
// CHECK-NEXT:    return %[[C]]
func.func @cast_i64_to_f32() -> tensor<3xf32> {
  %c = qc.constant dense<[1, 8, -3]> : tensor<3xi64>
  %r = qc.cast %c : (tensor<3xi64>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}

// -----

// Float to narrower float rounds to nearest even (0.1 is not exact in f16).
// CHECK-LABEL: func.func @cast_f32_to_f16
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[1.000000e+00, 9.997550e-02, 6.550400e+04]> : tensor<3xf16>
// CHECK-NEXT:    return %[[C]]
func.func @cast_f32_to_f16() -> tensor<3xf16> {
  %c = qc.constant dense<[1.0, 0.1, 65504.0]> : tensor<3xf32>
  %r = qc.cast %c : (tensor<3xf32>) -> tensor<3xf16>
  return %r : tensor<3xf16>
}

// -----

// Integer to narrower integer keeps the low bits; a bool is 0 or 1.
// CHECK-LABEL: func.func @cast_integers
// CHECK-DAG:     %[[I8:.*]] = qc.constant dense<[1, -1, 44]> : tensor<3xi8>
// CHECK-DAG:     %[[I64:.*]] = qc.constant dense<[1, 0, 1]> : tensor<3xi64>
// CHECK:         return %[[I8]], %[[I64]]
func.func @cast_integers() -> (tensor<3xi8>, tensor<3xi64>) {
  %c = qc.constant dense<[1, 255, 300]> : tensor<3xi32>
  %r = qc.cast %c : (tensor<3xi32>) -> tensor<3xi8>
  %b = qc.constant dense<[true, false, true]> : tensor<3xi1>
  %s = qc.cast %b : (tensor<3xi1>) -> tensor<3xi64>
  return %r, %s : tensor<3xi8>, tensor<3xi64>
}

// -----

// CHECK-LABEL: func.func @cast_non_constant_negative
// CHECK:         %[[R:.*]] = qc.cast
// CHECK-NEXT:    return %[[R]]
func.func @cast_non_constant_negative(%x: tensor<4xf32>) -> tensor<4xi32> {
  %r = qc.cast %x : (tensor<4xf32>) -> tensor<4xi32>
  return %r : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @cast_fold_size_limit_negative
// CHECK:         %[[R:.*]] = qc.cast
// CHECK-NEXT:    return %[[R]]
func.func @cast_fold_size_limit_negative() -> tensor<257x256xi32> {
  %c = qc.constant dense<1.0> : tensor<257x256xf32>
  %r = qc.cast %c : (tensor<257x256xf32>) -> tensor<257x256xi32>
  return %r : tensor<257x256xi32>
}

//===----------------------------------------------------------------------===//
// qc.reshape
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @reshape_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = qc.reshape %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
// CHECK-NEXT:    return %[[C]]
func.func @reshape_constant() -> tensor<2x3xi64> {
  %c = qc.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>
  %r = qc.reshape %c : (tensor<3x2xi64>) -> tensor<2x3xi64>
  return %r : tensor<2x3xi64>
}

// -----

// A blob is not copied: the folded constant refers to the same resource
// with the new type.
// CHECK-LABEL: func.func @reshape_dense_resource
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense_resource<weights> : tensor<2x2xf32>
// CHECK-NEXT:    return %[[C]]
// CHECK:         weights: "0x040000000000803F000000400000404000008040"
// CHECK-NOT:     0x04
func.func @reshape_dense_resource() -> tensor<2x2xf32> {
  %c = qc.constant dense_resource<weights> : tensor<4xf32>
  %r = qc.reshape %c : (tensor<4xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @reshape_of_reshape
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8x1x1xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.reshape %[[X]] : (tensor<1x8x1x1xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_of_reshape(%x: tensor<1x8x1x1xf32>) -> tensor<2x4xf32> {
  %0 = qc.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %1 = qc.reshape %0 : (tensor<1x8xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}

// -----

// A chain that ends where it started disappears.
// CHECK-LABEL: func.func @reshape_of_reshape_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @reshape_of_reshape_identity(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.reshape %x : (tensor<1x8xf32>) -> tensor<8xf32>
  %1 = qc.reshape %0 : (tensor<8xf32>) -> tensor<2x4xf32>
  %2 = qc.reshape %1 : (tensor<2x4xf32>) -> tensor<1x8xf32>
  return %2 : tensor<1x8xf32>
}

// -----

// The inner reshape keeps its other user.
// CHECK-LABEL: func.func @reshape_of_reshape_multi_use
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8xf32>)
// CHECK-DAG:     %[[A:.*]] = qc.reshape %[[X]] : (tensor<1x8xf32>) -> tensor<8xf32>
// CHECK-DAG:     %[[B:.*]] = qc.reshape %[[X]] : (tensor<1x8xf32>) -> tensor<2x4xf32>
// CHECK:         return %[[A]], %[[B]]
func.func @reshape_of_reshape_multi_use(%x: tensor<1x8xf32>) -> (tensor<8xf32>, tensor<2x4xf32>) {
  %0 = qc.reshape %x : (tensor<1x8xf32>) -> tensor<8xf32>
  %1 = qc.reshape %0 : (tensor<8xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<8xf32>, tensor<2x4xf32>
}

//===----------------------------------------------------------------------===//
// qc.transpose
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @transpose_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3x4xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %r = qc.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %r : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_constant
// CHECK-DAG:     %[[F:.*]] = qc.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG:     %[[B:.*]] = qc.constant dense<{{\[}}[true, false], [false, true], [true, true]]> : tensor<3x2xi1>
// CHECK:         return %[[F]], %[[B]]
func.func @transpose_constant() -> (tensor<3x2xf32>, tensor<3x2xi1>) {
  %c = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %f = qc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %d = qc.constant dense<[[true, false, true], [false, true, true]]> : tensor<2x3xi1>
  %b = qc.transpose %d {perm = array<i64: 1, 0>} : (tensor<2x3xi1>) -> tensor<3x2xi1>
  return %f, %b : tensor<3x2xf32>, tensor<3x2xi1>
}

// -----

// Rank 3, perm [2, 0, 1]: result[k][i][j] = input[i][j][k].
// CHECK-LABEL: func.func @transpose_constant_rank3
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}{{\[}}[0, 2], [4, 6]], {{\[}}[1, 3], [5, 7]]]> : tensor<2x2x2xi32>
// CHECK-NEXT:    return %[[C]]
func.func @transpose_constant_rank3() -> tensor<2x2x2xi32> {
  %c = qc.constant dense<[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]> : tensor<2x2x2xi32>
  %r = qc.transpose %c {perm = array<i64: 2, 0, 1>} : (tensor<2x2x2xi32>) -> tensor<2x2x2xi32>
  return %r : tensor<2x2x2xi32>
}

// -----

// A blob operand is read; the small result is a literal.
// CHECK-LABEL: func.func @transpose_dense_resource
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    return %[[C]]
func.func @transpose_dense_resource() -> tensor<2x2xf32> {
  %c = qc.constant dense_resource<square> : tensor<2x2xf32>
  %r = qc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      square: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// A `dense_resource` whose blob was never loaded has no data to permute: the
// transpose stays. A reshape still folds, since it only retypes the handle.
// CHECK-LABEL: func.func @transpose_unloaded_blob_negative
// CHECK-DAG:     %[[R:.*]] = qc.constant dense_resource<not_loaded> : tensor<4xf32>
// CHECK-DAG:     %[[C:.*]] = qc.constant dense_resource<not_loaded> : tensor<2x2xf32>
// CHECK:         %[[T:.*]] = qc.transpose %[[C]]
// CHECK-NEXT:    return %[[T]], %[[R]]
func.func @transpose_unloaded_blob_negative() -> (tensor<2x2xf32>, tensor<4xf32>) {
  %c = qc.constant dense_resource<not_loaded> : tensor<2x2xf32>
  %t = qc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = qc.reshape %c : (tensor<2x2xf32>) -> tensor<4xf32>
  return %t, %r : tensor<2x2xf32>, tensor<4xf32>
}

// -----

// The transpose fold has no size limit (weights are transposed at compile
// time): 257 * 256 elements fold (the splat result stays a literal).
// CHECK-LABEL: func.func @transpose_no_size_limit
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<1.000000e+00> : tensor<256x257xf32>
// CHECK-NEXT:    return %[[C]]
func.func @transpose_no_size_limit() -> tensor<256x257xf32> {
  %c = qc.constant dense<1.0> : tensor<257x256xf32>
  %r = qc.transpose %c {perm = array<i64: 1, 0>} : (tensor<257x256xf32>) -> tensor<256x257xf32>
  return %r : tensor<256x257xf32>
}

// -----

// transpose(transpose(x, [1, 0, 2]), [0, 2, 1]) = transpose(x, [1, 2, 0]).
// CHECK-LABEL: func.func @transpose_of_transpose
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3x4xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.transpose %[[X]] {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// CHECK-NEXT:    return %[[R]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = qc.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = qc.transpose %0 {perm = array<i64: 0, 2, 1>} : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// NCHW -> NHWC -> NCHW composes to the identity and folds away.
// CHECK-LABEL: func.func @transpose_of_transpose_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8x4x5xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @transpose_of_transpose_identity(%x: tensor<1x8x4x5xf32>) -> tensor<1x8x4x5xf32> {
  %0 = qc.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
  %1 = qc.transpose %0 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x5x8xf32>) -> tensor<1x8x4x5xf32>
  return %1 : tensor<1x8x4x5xf32>
}

// -----

// Only size-1 dimensions move (the non-unit ones, 8 and 4, keep their
// order): the element order is unchanged, so it is a reshape.
// CHECK-LABEL: func.func @transpose_of_unit_dims_to_reshape
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8x1x4xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.reshape %[[X]] : (tensor<1x8x1x4xf32>) -> tensor<1x1x8x4xf32>
// CHECK-NEXT:    return %[[R]]
func.func @transpose_of_unit_dims_to_reshape(%x: tensor<1x8x1x4xf32>) -> tensor<1x1x8x4xf32> {
  %0 = qc.transpose %x {perm = array<i64: 2, 0, 1, 3>} : (tensor<1x8x1x4xf32>) -> tensor<1x1x8x4xf32>
  return %0 : tensor<1x1x8x4xf32>
}

// -----

// An NCHW -> NHWC transpose of a 1x1 feature map is a reshape.
// CHECK-LABEL: func.func @transpose_nchw_to_nhwc_1x1
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8x1x1xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.reshape %[[X]] : (tensor<1x8x1x1xf32>) -> tensor<1x1x1x8xf32>
// CHECK-NEXT:    return %[[R]]
func.func @transpose_nchw_to_nhwc_1x1(%x: tensor<1x8x1x1xf32>) -> tensor<1x1x1x8xf32> {
  %0 = qc.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x1x1xf32>) -> tensor<1x1x1x8xf32>
  return %0 : tensor<1x1x1x8xf32>
}

// -----

// Swapping the non-unit dimensions 3 and 4 reorders elements: it stays a
// transpose.
// CHECK-LABEL: func.func @transpose_moves_non_unit_dims_negative
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x3x4xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.transpose %[[X]] {perm = array<i64: 0, 2, 1>} : (tensor<1x3x4xf32>) -> tensor<1x4x3xf32>
// CHECK-NEXT:    return %[[R]]
func.func @transpose_moves_non_unit_dims_negative(%x: tensor<1x3x4xf32>) -> tensor<1x4x3xf32> {
  %0 = qc.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<1x3x4xf32>) -> tensor<1x4x3xf32>
  return %0 : tensor<1x4x3xf32>
}

//===----------------------------------------------------------------------===//
// qc.concat
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @concat_single_input
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @concat_single_input(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = qc.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_constants
// CHECK-DAG:     %[[A1:.*]] = qc.constant dense<{{\[}}[1, 2, 5], [3, 4, 6]]> : tensor<2x3xi64>
// CHECK-DAG:     %[[A0:.*]] = qc.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK:         return %[[A1]], %[[A0]]
func.func @concat_constants() -> (tensor<2x3xi64>, tensor<3x2xf32>) {
  %a = qc.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %b = qc.constant dense<[[5], [6]]> : tensor<2x1xi64>
  %r = qc.concat %a, %b {axis = 1 : i64} : (tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  %c = qc.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %d = qc.constant dense<[[3.0, 4.0], [5.0, 6.0]]> : tensor<2x2xf32>
  %s = qc.concat %c, %d {axis = 0 : i64} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  return %r, %s : tensor<2x3xi64>, tensor<3x2xf32>
}

// -----

// Shape arithmetic as the importer produces it: [N] ++ [-1].
// CHECK-LABEL: func.func @concat_shape_vector
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[1, -1]> : tensor<2xi64>
// CHECK-NEXT:    return %[[C]]
func.func @concat_shape_vector() -> tensor<2xi64> {
  %a = qc.constant dense<1> : tensor<1xi64>
  %b = qc.constant dense<-1> : tensor<1xi64>
  %r = qc.concat %a, %b {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @concat_non_constant_negative
// CHECK:         %[[R:.*]] = qc.concat
// CHECK-NEXT:    return %[[R]]
func.func @concat_non_constant_negative(%x: tensor<1xi64>) -> tensor<2xi64> {
  %a = qc.constant dense<1> : tensor<1xi64>
  %r = qc.concat %a, %x {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @concat_fold_size_limit_negative
// CHECK:         %[[R:.*]] = qc.concat
// CHECK-NEXT:    return %[[R]]
func.func @concat_fold_size_limit_negative() -> tensor<257x256xf32> {
  %a = qc.constant dense<1.0> : tensor<1x256xf32>
  %b = qc.constant dense<1.0> : tensor<256x256xf32>
  %r = qc.concat %a, %b {axis = 0 : i64} : (tensor<1x256xf32>, tensor<256x256xf32>) -> tensor<257x256xf32>
  return %r : tensor<257x256xf32>
}

//===----------------------------------------------------------------------===//
// qc.slice
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @slice_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4x8xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @slice_identity(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = qc.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// Rows 2, 0 (step -2) and columns 1, 3 (step 2) of
// [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]].
// CHECK-LABEL: func.func @slice_constant_negative_step
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<{{\[}}[9, 11], [1, 3]]> : tensor<2x2xi32>
// CHECK-NEXT:    return %[[C]]
func.func @slice_constant_negative_step() -> tensor<2x2xi32> {
  %c = qc.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]> : tensor<3x4xi32>
  %r = qc.slice %c {starts = array<i64: 2, 1>, steps = array<i64: -2, 2>} : (tensor<3x4xi32>) -> tensor<2x2xi32>
  return %r : tensor<2x2xi32>
}

// -----

// A full reversal is not an identity, but folds on constants.
// CHECK-LABEL: func.func @slice_constant_reverse
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[4.000000e+00, 3.000000e+00, 2.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK-NEXT:    return %[[C]]
func.func @slice_constant_reverse() -> tensor<4xf32> {
  %c = qc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %r = qc.slice %c {starts = array<i64: 3>, steps = array<i64: -1>} : (tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Starting at 0 with step 1 but taking fewer elements is not an identity.
// CHECK-LABEL: func.func @slice_prefix_negative
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4x8xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.slice %[[X]] {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<4x7xf32>
// CHECK-NEXT:    return %[[R]]
func.func @slice_prefix_negative(%x: tensor<4x8xf32>) -> tensor<4x7xf32> {
  %r = qc.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<4x7xf32>
  return %r : tensor<4x7xf32>
}

// -----

// CHECK-LABEL: func.func @slice_fold_size_limit_negative
// CHECK:         %[[R:.*]] = qc.slice
// CHECK-NEXT:    return %[[R]]
func.func @slice_fold_size_limit_negative() -> tensor<257x256xf32> {
  %c = qc.constant dense<1.0> : tensor<258x256xf32>
  %r = qc.slice %c {starts = array<i64: 1, 0>, steps = array<i64: 1, 1>} : (tensor<258x256xf32>) -> tensor<257x256xf32>
  return %r : tensor<257x256xf32>
}

//===----------------------------------------------------------------------===//
// qc.pad
//===----------------------------------------------------------------------===//

// -----

// CHECK-LABEL: func.func @pad_identity
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<2x3xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @pad_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %r = qc.pad %x {pads = array<i64: 0, 0, 0, 0>, mode = #qc<pad_mode reflect>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// Pads are never folded into constants.
// CHECK-LABEL: func.func @pad_constant_negative
// CHECK:         %[[R:.*]] = qc.pad
// CHECK-NEXT:    return %[[R]]
func.func @pad_constant_negative() -> tensor<4xf32> {
  %c = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %r = qc.pad %c {pads = array<i64: 1, 1>} : (tensor<2xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

//===----------------------------------------------------------------------===//
// qc.clamp
//===----------------------------------------------------------------------===//

// -----

// clamp(clamp(x, 0, 6), 1, 8) = clamp(x, 1, 6).
// CHECK-LABEL: func.func @clamp_merge
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.clamp %[[X]] {max = 6.000000e+00 : f32, min = 1.000000e+00 : f32}
// CHECK-NEXT:    return %[[R]]
func.func @clamp_merge(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = qc.clamp %0 {min = 1.0 : f32, max = 8.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// relu then "max 6" is relu6; an absent bound is unbounded.
// CHECK-LABEL: func.func @clamp_merge_one_sided
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.clamp %[[X]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
// CHECK-NEXT:    return %[[R]]
func.func @clamp_merge_one_sided(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.clamp %x {min = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = qc.clamp %0 {max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Three clamps merge into one; ranges that only touch (6 = 6) still merge.
// CHECK-LABEL: func.func @clamp_merge_chain
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[R:.*]] = qc.clamp %[[X]] {max = 6.000000e+00 : f32, min = 6.000000e+00 : f32}
// CHECK-NEXT:    return %[[R]]
func.func @clamp_merge_chain(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.clamp %x {min = -1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = qc.clamp %0 {max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = qc.clamp %1 {min = 6.0 : f32, max = 10.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// [0, 1] then [2, 3]: the ranges are disjoint, so no single clamp has them
// as its intersection; the pattern declines.
// CHECK-LABEL: func.func @clamp_disjoint_negative
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[A:.*]] = qc.clamp %[[X]] {max = 1.000000e+00 : f32, min = 0.000000e+00 : f32}
// CHECK-NEXT:    %[[B:.*]] = qc.clamp %[[A]] {max = 3.000000e+00 : f32, min = 2.000000e+00 : f32}
// CHECK-NEXT:    return %[[B]]
func.func @clamp_disjoint_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.clamp %x {min = 0.0 : f32, max = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = qc.clamp %0 {min = 2.0 : f32, max = 3.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Quantized clamps are left to the integer rewrites.
// CHECK-LABEL: func.func @clamp_quantized_negative
// CHECK:         %[[A:.*]] = qc.clamp %{{.*}} {min = 0.000000e+00 : f32}
// CHECK-NEXT:    %[[B:.*]] = qc.clamp %[[A]] {max = 6.000000e+00 : f32}
// CHECK-NEXT:    return %[[B]]
func.func @clamp_quantized_negative(%x: tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>> {
  %0 = qc.clamp %x {min = 0.0 : f32} : (tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
  %1 = qc.clamp %0 {max = 6.0 : f32} : (tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
  return %1 : tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
}

// -----

// Only clamp-of-clamp merges: a clamp after another activation stays.
// CHECK-LABEL: func.func @clamp_of_other_op_negative
// CHECK:         %[[A:.*]] = qc.leaky_relu
// CHECK-NEXT:    %[[B:.*]] = qc.clamp %[[A]]
// CHECK-NEXT:    return %[[B]]
func.func @clamp_of_other_op_negative(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.leaky_relu %x {alpha = 0.1 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = qc.clamp %0 {max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// qc.fake_quant of a constant folds with the lowering's f32 arithmetic:
// 0.3 / 0.25 = 1.2 -> 1; 0.375 / 0.25 = 1.5 -> 2 (half to even); -1.0 ->
// -4 + 7 = 3; 100 saturates at 255 - 7 = 248 codes above zero (62.0);
// -3.0 saturates at code 0, i.e. -7 * 0.25.
// CHECK-LABEL: func.func @fake_quant_fold
// CHECK: %[[C:.*]] = qc.constant dense<[2.500000e-01, 5.000000e-01, -1.000000e+00, 6.200000e+01, -1.750000e+00]> : tensor<5xf32>
// CHECK-NEXT: return %[[C]]
func.func @fake_quant_fold() -> tensor<5xf32> {
  %c = qc.constant dense<[0.3, 0.375, -1.0, 100.0, -3.0]> : tensor<5xf32>
  %0 = qc.fake_quant %c {scale = 0.25 : f64, zero_point = 7 : i64, storage = ui8} : tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// Rounding twice onto the same grid is rounding once; onto another grid it
// is not.
// CHECK-LABEL: func.func @fake_quant_twice
// CHECK: %[[A:.*]] = qc.fake_quant %arg0 {scale = 2.500000e-01 : f64
// CHECK-NEXT: %[[B:.*]] = qc.fake_quant %[[A]] {scale = 5.000000e-01 : f64
// CHECK-NEXT: return %[[A]], %[[B]]
func.func @fake_quant_twice(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = qc.fake_quant %x {scale = 0.25 : f64, zero_point = 7 : i64, storage = ui8} : tensor<4xf32>
  %1 = qc.fake_quant %0 {scale = 0.25 : f64, zero_point = 7 : i64, storage = ui8} : tensor<4xf32>
  %2 = qc.fake_quant %1 {scale = 0.5 : f64, zero_point = 7 : i64, storage = ui8} : tensor<4xf32>
  return %1, %2 : tensor<4xf32>, tensor<4xf32>
}
