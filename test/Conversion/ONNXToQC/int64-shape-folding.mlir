// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s
// Regression (fixed; the old behaviour): compile-time shape arithmetic on i64 goes through double
// (constantElementwise() for Equal/Less/Greater/Where/Not, range(),
// constantOfShape()'s value, and the Neg/Abs/Floor/Ceil/Sqrt folds in
// unaryHandler()), so integers beyond 2^53 lose precision and INT64_MAX (the
// "to the end" sentinel exporters put in Slice ends) round-trips through 2^63
// to INT64_MIN. Where(true, INT64_MAX, 5) folds to -9223372036854775808, and
// a Slice ending there is empty: a silent miscompile (see
// test/Import/ONNX/xfail-where-int64-max-slice.test).
// Integer inputs must be folded as integers.

// CHECK-LABEL: func @where_int64_max
// CHECK: qc.constant dense<[9223372036854775807, 6]> : tensor<2xi64>
func.func @where_int64_max() -> tensor<2xi64> {
  %c = qc.constant dense<[true, false]> : tensor<2xi1>
  %x = qc.constant dense<9223372036854775807> : tensor<i64>
  %y = qc.constant dense<[5, 6]> : tensor<2xi64>
  %0 = qc.onnx_op "Where"(%c, %x, %y) {attrs = {}, domain = "", version = 16 : i64} : (tensor<2xi1>, tensor<i64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// x[:, 2:INT64_MAX] through a Where: 8 columns, not 0 (today: "internal
// error: output #0 has shape 'tensor<4x0xf32>'").
// CHECK-LABEL: func @slice_end_from_where
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 2>, steps = array<i64: 1, 1>} : (tensor<4x10xf32>) -> tensor<4x8xf32>
func.func @slice_end_from_where(%d: tensor<4x10xf32>) -> tensor<4x8xf32> {
  %c = qc.constant dense<[true]> : tensor<1xi1>
  %x = qc.constant dense<9223372036854775807> : tensor<i64>
  %y = qc.constant dense<[5]> : tensor<1xi64>
  %e = qc.onnx_op "Where"(%c, %x, %y) {attrs = {}, domain = "", version = 16 : i64} : (tensor<1xi1>, tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %s = qc.constant dense<[2]> : tensor<1xi64>
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %0 = qc.onnx_op "Slice"(%d, %s, %e, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

// -INT64_MAX is representable; today this folds to INT64_MIN.
// CHECK-LABEL: func @neg_int64_max
// CHECK: qc.constant dense<-9223372036854775807> : tensor<1xi64>
func.func @neg_int64_max() -> tensor<1xi64> {
  %x = qc.constant dense<[9223372036854775807]> : tensor<1xi64>
  %0 = qc.onnx_op "Neg"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1xi64>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

// 2^53 + 1 != 2^53 (today: true).
// CHECK-LABEL: func @equal_beyond_2_53
// CHECK: qc.constant dense<false> : tensor<i1>
func.func @equal_beyond_2_53() -> tensor<i1> {
  %a = qc.constant dense<9007199254740993> : tensor<i64>
  %b = qc.constant dense<9007199254740992> : tensor<i64>
  %0 = qc.onnx_op "Equal"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<i64>, tensor<i64>) -> tensor<i1>
  return %0 : tensor<i1>
}

// -----

// Two elements (today: 4, and an internal error against the declared shape).
// CHECK-LABEL: func @range_beyond_2_53
// CHECK: qc.constant dense<[9007199254740993, 9007199254740994]> : tensor<2xi64>
func.func @range_beyond_2_53() -> tensor<2xi64> {
  %a = qc.constant dense<9007199254740993> : tensor<i64>
  %b = qc.constant dense<9007199254740995> : tensor<i64>
  %c = qc.constant dense<1> : tensor<i64>
  %0 = qc.onnx_op "Range"(%a, %b, %c) {attrs = {}, domain = "", version = 11 : i64} : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// INT64_MAX - 1 < INT64_MAX (today: false; both round to 2^63).
// CHECK-LABEL: func @less_near_int64_max
// CHECK: qc.constant dense<true> : tensor<1xi1>
func.func @less_near_int64_max() -> tensor<1xi1> {
  %a = qc.constant dense<[9223372036854775806]> : tensor<1xi64>
  %b = qc.constant dense<[9223372036854775807]> : tensor<1xi64>
  %0 = qc.onnx_op "Less"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi1>
  return %0 : tensor<1xi1>
}

// -----

// ConstantOfShape's i64 value too (today: INT64_MIN).
// CHECK-LABEL: func @constant_of_shape_int64_max
// CHECK: qc.constant dense<9223372036854775807> : tensor<2xi64>
func.func @constant_of_shape_int64_max() -> tensor<2xi64> {
  %s = qc.constant dense<[2]> : tensor<1xi64>
  %0 = qc.onnx_op "ConstantOfShape"(%s) {attrs = {value = dense<9223372036854775807> : tensor<1xi64>}, domain = "", version = 9 : i64} : (tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}
