// Regression tests for qc dialect bugs found while writing ops.mlir, invalid.mlir
//
// and canonicalize.mlir (all fixed). The `TODO(bug):` notes below describe
// what used to happen.
//
// Each bug is its own part (split-file) and RUN line, so one can be checked
// alone: `split-file known-bugs.mlir /tmp/kb && quantc-opt /tmp/kb/<part>`.
// lit stops at the first failing RUN line; the slow one (a compile-time
// hang, cut off by `timeout`) is last.
//
// RUN: rm -rf %t && split-file %s %t
// RUN: quantc-opt %t/cast-to-bool.mlir -canonicalize | FileCheck %t/cast-to-bool.mlir
// RUN: quantc-opt %t/cast-wide-integers.mlir -canonicalize | FileCheck %t/cast-wide-integers.mlir
// RUN: quantc-opt %t/fold-ui64.mlir -canonicalize | FileCheck %t/fold-ui64.mlir
// RUN: quantc-opt %t/fold-signed-zeros.mlir -canonicalize | FileCheck %t/fold-signed-zeros.mlir
// RUN: quantc-opt %t/clamp-merge-quantized.mlir -canonicalize | FileCheck %t/clamp-merge-quantized.mlir
// RUN: quantc-opt %t/fold-dynamic-shape.mlir -split-input-file -canonicalize | FileCheck %t/fold-dynamic-shape.mlir
// RUN: quantc-opt %t/transpose-unit-dims-per-axis.mlir -canonicalize | FileCheck %t/transpose-unit-dims-per-axis.mlir
// RUN: quantc-opt %t/verifier-gaps.mlir -split-input-file -verify-diagnostics
// RUN: quantc-opt %t/diagnostic-ids.mlir -split-input-file -verify-diagnostics
// RUN: timeout 10 quantc-opt %t/pow-large-exponent.mlir -canonicalize | FileCheck %t/pow-large-exponent.mlir

//--- cast-to-bool.mlir

// TODO(bug): CastOp::fold truncates toward zero before testing for zero, so
// a float in (-1, 1) other than 0 casts to false. ONNX Cast (and the
// importer, which only lets constant casts to bool through to this folder)
// says every non-zero float is true. Today: [false, false, true, false].
// CHECK-LABEL: func.func @cast_f32_to_i1
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<[true, false, true, true]> : tensor<4xi1>
// CHECK-NEXT:    return %[[C]]
func.func @cast_f32_to_i1() -> tensor<4xi1> {
  %c = qc.constant dense<[0.5, 0.0, -2.0, -0.5]> : tensor<4xf32>
  %r = qc.cast %c : (tensor<4xf32>) -> tensor<4xi1>
  return %r : tensor<4xi1>
}

//--- cast-wide-integers.mlir

// Was: CastOp::fold converted every value through double, so integers
// beyond 2^53 lost their low bits. 64-bit unsigned folds are now declined
// (the int64 evaluation cannot represent them); the cast survives intact.
// CHECK-LABEL: func.func @cast_i64_to_ui64
// CHECK:         qc.constant dense<9007199254740993> : tensor<1xi64>
// CHECK:         qc.cast
func.func @cast_i64_to_ui64() -> tensor<1xui64> {
  %c = qc.constant dense<9007199254740993> : tensor<1xi64>
  %r = qc.cast %c : (tensor<1xi64>) -> tensor<1xui64>
  return %r : tensor<1xui64>
}

//--- fold-ui64.mlir

// Was: foldBinary read ui64 values >= 2^63 as negative (max(2^63, 1)
// folded to 1). 64-bit unsigned folds are now declined.
// CHECK-LABEL: func.func @max_ui64
// CHECK:         qc.max
func.func @max_ui64() -> tensor<1xui64> {
  %a = qc.constant dense<9223372036854775808> : tensor<1xui64>
  %b = qc.constant dense<1> : tensor<1xui64>
  %r = qc.max %a, %b : (tensor<1xui64>, tensor<1xui64>) -> tensor<1xui64>
  return %r : tensor<1xui64>
}

//--- fold-signed-zeros.mlir

// TODO(bug): MaxOp::fold and MinOp::fold use `a > b ? a : b` and
// `a < b ? a : b`, for which -0.0 and +0.0 are equal, so the result depends
// on the operand order (these ops are Commutative) and disagrees with the
// qc-to-linalg lowering (arith.maximumf / arith.minimumf order -0.0 before
// +0.0). Today both ops fold to [0.0, -0.0].
// CHECK-LABEL: func.func @max_min_signed_zeros
// CHECK-DAG:     %[[MIN:.*]] = qc.constant dense<-0.000000e+00> : tensor<2xf32>
// CHECK-DAG:     %[[MAX:.*]] = qc.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK:         return %[[MIN]], %[[MAX]]
func.func @max_min_signed_zeros() -> (tensor<2xf32>, tensor<2xf32>) {
  %a = qc.constant dense<[-0.0, 0.0]> : tensor<2xf32>
  %b = qc.constant dense<[0.0, -0.0]> : tensor<2xf32>
  %min = qc.min %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %max = qc.max %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %min, %max : tensor<2xf32>, tensor<2xf32>
}

//--- clamp-merge-quantized.mlir

// TODO(bug): MergeClamps declines "operand is not a float clamp" by testing
// only the OUTER clamp's result type. Here the inner clamp produces a
// quantized tensor (values on a 0.1 grid, saturating at 12.7) and the outer
// one a float tensor; today the two merge into one f32 -> f32 clamp
// {min = 0.0, max = 6.0}, which drops the rounding to the grid
// (3.14 -> 3.14 instead of 3.1). Expected: the pattern declines when either
// clamp has a quantized operand or result.
// CHECK-LABEL: func.func @clamp_merge_through_quantized
// CHECK:         %[[A:.*]] = qc.clamp %{{.*}} {min = 0.000000e+00 : f32}
// CHECK-NEXT:    %[[B:.*]] = qc.clamp %[[A]] {max = 6.000000e+00 : f32}
// CHECK-NEXT:    return %[[B]]
func.func @clamp_merge_through_quantized(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.clamp %x {min = 0.0 : f32} : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
  %1 = qc.clamp %0 {max = 6.0 : f32} : (tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

//--- fold-dynamic-shape.mlir

// The verifiers accept dynamic result dimensions (reshape_c1 and slice_c3
// skip them explicitly), but the reshape and slice folders build constants
// of the dynamic result type. Either the folders must decline (expected
// below) or the verifiers must require static shapes, as the dialect
// description says legalized IR has.

// TODO(bug): ReshapeOp::fold returns DenseElementsAttr::reshape(tensor<?xf32>)
// and the result prints as `qc.constant dense<> : tensor<?xf32>`: the data
// is lost and the text does not parse back ("elements literal type must
// have static shape").
// CHECK-LABEL: func.func @reshape_constant_to_dynamic
// CHECK:         %[[R:.*]] = qc.reshape %{{.*}} : (tensor<2x2xf32>) -> tensor<?xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_constant_to_dynamic() -> tensor<?xf32> {
  %c = qc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %r = qc.reshape %c : (tensor<2x2xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// TODO(bug): SliceOp::fold calls getNumElements() on tensor<?xf32> (an
// assertion in builds with assertions; garbage here) and prints
// `qc.constant dense<> : tensor<?xf32>`, which does not parse back.
// ConcatOp::fold calls getNumElements() on its result type before looking
// at its operands, so a concat of dynamic tensors asserts as well.
// CHECK-LABEL: func.func @slice_constant_to_dynamic
// CHECK:         %[[R:.*]] = qc.slice %{{.*}} : (tensor<4xf32>) -> tensor<?xf32>
// CHECK-NEXT:    return %[[R]]
func.func @slice_constant_to_dynamic() -> tensor<?xf32> {
  %c = qc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %r = qc.slice %c {starts = array<i64: 1>, steps = array<i64: 1>} : (tensor<4xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

//--- transpose-unit-dims-per-axis.mlir

// TODO(bug): transposeOfUnitDimsToReshape replaces this transpose by a
// qc.reshape whose operand and result element types differ (the quantized
// axis moves from 1 to 0), which reshape_c2 rejects: -canonicalize fails
// with "'qc.reshape' op expected the same element type (reshape_c2)". The
// pattern must decline when the per-axis quantized dimension moves (or
// build a result type that keeps the axis consistent).
// CHECK-LABEL: func.func @transpose_unit_dims_per_axis
// CHECK:         %[[R:.*]] = qc.transpose %{{.*}} {perm = array<i64: 1, 0>}
// CHECK-NEXT:    return %[[R]]
func.func @transpose_unit_dims_per_axis(%x: tensor<1x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>) -> tensor<4x1x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>> {
  %r = qc.transpose %x {perm = array<i64: 1, 0>} : (tensor<1x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>) -> tensor<4x1x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>
  return %r : tensor<4x1x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>
}

//--- verifier-gaps.mlir

// TODO(bug): qc.transpose checks only the permutation and the shape
// (transpose_c1, transpose_c2), not the element type, so f32 -> i32 is
// accepted. Its constant folder then reinterprets the f32 bytes as the
// result type (an f32 -> f16 transpose of [[1, 2, 3], [4, 5, 6]] folds to
// [[0, 1.875], [0, 2.25], [0, 2]]) and the qc-to-linalg lowering fails on a
// linalg.yield type mismatch. Expected: an element-type constraint like
// slice_c4 or pad_c4 (it has no id yet, so only the gist is matched).
func.func @transpose_element_type(%x: tensor<2x3xf32>) -> tensor<3x2xi32> {
  // expected-error @+1 {{element type}}
  %0 = qc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// TODO(bug): the reductions check only their axes and result shape
// (reduce_c1, reduce_c2), not the element type, so f32 -> i32 is accepted;
// quantc-convert-qc-to-linalg then fails with "failed to legalize
// unresolved materialization from ('tensor<2xf32>') to ('tensor<2xi32>')".
// Expected: an element-type constraint rejecting it (or a spec that says
// what a widening reduction means, and a lowering that does it).
func.func @reduce_element_type(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error @+1 {{element type}}
  %0 = qc.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

//--- diagnostic-ids.mlir

// TODO(bug): MatMulOp::verify comments `// matmul_c1, matmul_c2, matmul_c3`
// but appends "(matmul_c1)" to all three failures of inferMatMulShape.
func.func @matmul_c2(%a: tensor<3x8xf32>, %b: tensor<4x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+1 {{'qc.matmul' op expected contracted dimensions to match (8 vs 4) (matmul_c2)}}
  %0 = qc.matmul %a, %b : (tensor<3x8xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

// TODO(bug): as above; today "(matmul_c1)".
func.func @matmul_c3(%a: tensor<2x3x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+1 {{'qc.matmul' op expected broadcastable batch dimensions (matmul_c3)}}
  %0 = qc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

// TODO(bug): verifySoftmax streams op.getAxis(), an I64Attr getter that
// returns uint64_t, so a negative axis prints as 18446744073709551615.
func.func @softmax_c1_negative_axis(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qc.softmax' op expected axis in [0, 2), found -1 (softmax_c1)}}
  %0 = qc.softmax %x {axis = -1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// TODO(bug): same in GatherOp::verify; today "found 18446744073709551615".
func.func @gather_c1_negative_axis(%d: tensor<5x4xf32>, %i: tensor<2xi64>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'qc.gather' op expected axis in [0, 2), found -1 (gather_c1)}}
  %0 = qc.gather %d, %i {axis = -1 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

//--- pow-large-exponent.mlir

// TODO(bug): PowOp::fold computes an integer power by b repeated
// multiplications, so folding this op runs 2^62 iterations: quantc-opt
// hangs (cut off by the RUN line's timeout). Expected: a prompt fold
// (1^b = 1; exponentiation by squaring with wrapping), or a decline for
// large exponents. Large products also overflow int64_t, which is undefined
// behaviour in C++.
// CHECK-LABEL: func.func @pow_i64_large_exponent
// CHECK-NEXT:    %[[C:.*]] = qc.constant dense<1> : tensor<1xi64>
// CHECK-NEXT:    return %[[C]]
func.func @pow_i64_large_exponent() -> tensor<1xi64> {
  %a = qc.constant dense<1> : tensor<1xi64>
  %b = qc.constant dense<4611686018427387904> : tensor<1xi64>
  %r = qc.pow %a, %b : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  return %r : tensor<1xi64>
}
