// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s

// Shape arithmetic is evaluated at compile time (lib/Conversion/ONNXToQC/
// Tensor.cpp): Shape, Size, Gather, Cast, ConstantOfShape, Range, the
// comparisons, Where and Not fold to qc.constant; the artifact never computes
// shapes. Expand and Tile become a broadcasting multiply and concats.

// CHECK-LABEL: func @shape
// CHECK-DAG: %[[S:.*]] = qc.constant dense<[2, 3, 4, 5]> : tensor<4xi64>
// CHECK-DAG: %[[S13:.*]] = qc.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG: %[[SLAST:.*]] = qc.constant dense<5> : tensor<1xi64>
// CHECK: return %[[S]], %[[S13]], %[[SLAST]]
func.func @shape(%x: tensor<2x3x4x5xf32>) -> (tensor<4xi64>, tensor<2xi64>, tensor<1xi64>) {
  %0 = qc.onnx_op "Shape"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4x5xf32>) -> tensor<4xi64>
  // Shape-15 start/end: [1, -1).
  %1 = qc.onnx_op "Shape"(%x) {attrs = {start = 1 : i64, end = -1 : i64}, domain = "", version = 15 : i64} : (tensor<2x3x4x5xf32>) -> tensor<2xi64>
  // An out-of-range end is clamped.
  %2 = qc.onnx_op "Shape"(%x) {attrs = {start = -1 : i64, end = 100 : i64}, domain = "", version = 15 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1xi64>
  return %0, %1, %2 : tensor<4xi64>, tensor<2xi64>, tensor<1xi64>
}

// -----

// CHECK-LABEL: func @size
// CHECK-NEXT: %[[N:.*]] = qc.constant dense<24> : tensor<i64>
// CHECK-NEXT: return %[[N]]
func.func @size(%x: tensor<2x3x4xf32>) -> tensor<i64> {
  %0 = qc.onnx_op "Size"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// Gather of a constant with constant indices (scalar and negative) folds.
// CHECK-LABEL: func @gather_fold
// CHECK-DAG: %[[N:.*]] = qc.constant dense<2> : tensor<i64>
// CHECK-DAG: %[[D:.*]] = qc.constant dense<[5, 3]> : tensor<2xi64>
// CHECK-NOT: qc.gather
// CHECK: return %[[N]], %[[D]]
func.func @gather_fold(%x: tensor<2x3x4x5xf32>) -> (tensor<i64>, tensor<2xi64>) {
  %s = qc.onnx_op "Shape"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4x5xf32>) -> tensor<4xi64>
  %i = qc.constant dense<0> : tensor<i64>
  %j = qc.constant dense<[-1, 1]> : tensor<2xi64>
  %0 = qc.onnx_op "Gather"(%s, %i) {attrs = {axis = 0 : i64}, domain = "", version = 13 : i64} : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %1 = qc.onnx_op "Gather"(%s, %j) {attrs = {}, domain = "", version = 1 : i64} : (tensor<4xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %1 : tensor<i64>, tensor<2xi64>
}

// -----

// Along axis 1 of a 2-d float constant, with i32 indices.
// CHECK-LABEL: func @gather_fold_axis1
// CHECK-NEXT: %[[G:.*]] = qc.constant dense<{{\[}}[3.000000e+00, 1.000000e+00], [6.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT: return %[[G]]
func.func @gather_fold_axis1() -> tensor<2x2xf32> {
  %d = qc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %i = qc.constant dense<[2, 0]> : tensor<2xi32>
  %0 = qc.onnx_op "Gather"(%d, %i) {attrs = {axis = 1 : i64}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Run-time data and indices: a qc.gather.
// CHECK-LABEL: func @gather_runtime
// CHECK-SAME: (%[[D:.*]]: tensor<10x4xf32>, %[[I:.*]]: tensor<3xi64>)
// CHECK: qc.gather %[[D]], %[[I]] {axis = 0 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
func.func @gather_runtime(%d: tensor<10x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  %0 = qc.onnx_op "Gather"(%d, %i) {attrs = {}, domain = "", version = 13 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Run-time data, constant indices: negative indices are normalized into an
// i64 constant and the axis made non-negative.
// CHECK-LABEL: func @gather_constant_indices
// CHECK-SAME: (%[[D:.*]]: tensor<10x4xf32>)
// CHECK: %[[I:.*]] = qc.constant dense<[3, 2]> : tensor<2xi64>
// CHECK: qc.gather %[[D]], %[[I]] {axis = 1 : i64} : (tensor<10x4xf32>, tensor<2xi64>) -> tensor<10x2xf32>
func.func @gather_constant_indices(%d: tensor<10x4xf32>) -> tensor<10x2xf32> {
  %i = qc.constant dense<[-1, 2]> : tensor<2xi32>
  %0 = qc.onnx_op "Gather"(%d, %i) {attrs = {axis = -1 : i64}, domain = "", version = 13 : i64} : (tensor<10x4xf32>, tensor<2xi32>) -> tensor<10x2xf32>
  return %0 : tensor<10x2xf32>
}

// -----

// Run-time casts between f32 and integers; a cast to the same type is a no-op.
// CHECK-LABEL: func @cast
// CHECK-SAME: (%[[X:.*]]: tensor<4xi64>, %[[Y:.*]]: tensor<4xf32>)
// CHECK: %[[F:.*]] = qc.cast %[[X]] : (tensor<4xi64>) -> tensor<4xf32>
// CHECK: %[[I:.*]] = qc.cast %[[Y]] : (tensor<4xf32>) -> tensor<4xi32>
// CHECK: return %[[F]], %[[I]], %[[Y]]
func.func @cast(%x: tensor<4xi64>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xf32>) {
  %0 = qc.onnx_op "Cast"(%x) {attrs = {to = 1 : i64}, domain = "", version = 13 : i64} : (tensor<4xi64>) -> tensor<4xf32>
  %1 = qc.onnx_op "Cast"(%y) {attrs = {to = 6 : i64}, domain = "", version = 13 : i64} : (tensor<4xf32>) -> tensor<4xi32>
  %2 = qc.onnx_op "Cast"(%y) {attrs = {to = 1 : i64}, domain = "", version = 6 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xf32>
}

// -----

// Casts of constants fold, including to bool (not a run-time cast).
// CHECK-LABEL: func @cast_fold
// CHECK-DAG: %[[F:.*]] = qc.constant dense<[3.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[B:.*]] = qc.constant dense<[true, false]> : tensor<2xi1>
// CHECK-NOT: qc.cast
// CHECK: return %[[F]], %[[B]]
func.func @cast_fold() -> (tensor<2xf32>, tensor<2xi1>) {
  %c = qc.constant dense<[3, 0]> : tensor<2xi64>
  %0 = qc.onnx_op "Cast"(%c) {attrs = {to = 1 : i64}, domain = "", version = 13 : i64} : (tensor<2xi64>) -> tensor<2xf32>
  %1 = qc.onnx_op "Cast"(%c) {attrs = {to = 9 : i64}, domain = "", version = 13 : i64} : (tensor<2xi64>) -> tensor<2xi1>
  return %0, %1 : tensor<2xf32>, tensor<2xi1>
}

// -----

// Default value 0.0 : f32; `value` sets type and value; a zero-size shape.
// CHECK-LABEL: func @constant_of_shape
// CHECK-DAG: %[[Z:.*]] = qc.constant dense<0.000000e+00> : tensor<2x3xf32>
// CHECK-DAG: %[[S:.*]] = qc.constant dense<7> : tensor<4xi64>
// CHECK-DAG: %[[E:.*]] = qc.constant dense<1.000000e+00> : tensor<0xf32>
// CHECK: return %[[Z]], %[[S]], %[[E]]
func.func @constant_of_shape() -> (tensor<2x3xf32>, tensor<4xi64>, tensor<0xf32>) {
  %s = qc.constant dense<[2, 3]> : tensor<2xi64>
  %s1 = qc.constant dense<[4]> : tensor<1xi64>
  %s0 = qc.constant dense<[0]> : tensor<1xi64>
  %0 = qc.onnx_op "ConstantOfShape"(%s) {attrs = {}, domain = "", version = 9 : i64} : (tensor<2xi64>) -> tensor<2x3xf32>
  %1 = qc.onnx_op "ConstantOfShape"(%s1) {attrs = {value = dense<7> : tensor<1xi64>}, domain = "", version = 9 : i64} : (tensor<1xi64>) -> tensor<4xi64>
  %2 = qc.onnx_op "ConstantOfShape"(%s0) {attrs = {value = dense<1.0> : tensor<1xf32>}, domain = "", version = 9 : i64} : (tensor<1xi64>) -> tensor<0xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4xi64>, tensor<0xf32>
}

// -----

// Range: ceil((limit - start) / delta) elements, possibly none.
// CHECK-LABEL: func @range
// CHECK-DAG: %[[I:.*]] = qc.constant dense<[1, 3, 5, 7]> : tensor<4xi64>
// CHECK-DAG: %[[F:.*]] = qc.constant dense<[1.000000e+00, 6.000000e-01, 0.199999988]> : tensor<3xf32>
// CHECK-DAG: %[[E:.*]] = qc.constant dense<> : tensor<0xi64>
// CHECK: return %[[I]], %[[F]], %[[E]]
func.func @range() -> (tensor<4xi64>, tensor<3xf32>, tensor<0xi64>) {
  %a = qc.constant dense<1> : tensor<i64>
  %b = qc.constant dense<9> : tensor<i64>
  %c = qc.constant dense<2> : tensor<i64>
  %fa = qc.constant dense<1.0> : tensor<f32>
  %fb = qc.constant dense<0.0> : tensor<f32>
  %fc = qc.constant dense<-0.4> : tensor<f32>
  %0 = qc.onnx_op "Range"(%a, %b, %c) {attrs = {}, domain = "", version = 11 : i64} : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  %1 = qc.onnx_op "Range"(%fa, %fb, %fc) {attrs = {}, domain = "", version = 11 : i64} : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<3xf32>
  %2 = qc.onnx_op "Range"(%b, %a, %c) {attrs = {}, domain = "", version = 11 : i64} : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<0xi64>
  return %0, %1, %2 : tensor<4xi64>, tensor<3xf32>, tensor<0xi64>
}

// -----

// Expand(x, shape) = x * ones(shape), broadcasting both ways; a shape that
// adds nothing is the input itself.
// CHECK-LABEL: func @expand
// CHECK-SAME: (%[[X:.*]]: tensor<3x1xf32>)
// CHECK-DAG: %[[ONES2:.*]] = qc.constant dense<1.000000e+00> : tensor<1x5xf32>
// CHECK-DAG: %[[ONES:.*]] = qc.constant dense<1.000000e+00> : tensor<2x1x4xf32>
// CHECK: %[[E:.*]] = qc.mul %[[X]], %[[ONES]] : (tensor<3x1xf32>, tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[E2:.*]] = qc.mul %[[X]], %[[ONES2]] : (tensor<3x1xf32>, tensor<1x5xf32>) -> tensor<3x5xf32>
// CHECK: return %[[E]], %[[X]], %[[E2]]
func.func @expand(%x: tensor<3x1xf32>) -> (tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<3x5xf32>) {
  %s = qc.constant dense<[2, 1, 4]> : tensor<3xi64>
  %s1 = qc.constant dense<[1]> : tensor<1xi64>
  %s2 = qc.constant dense<[1, 5]> : tensor<2xi64>
  %0 = qc.onnx_op "Expand"(%x, %s) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x1xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %1 = qc.onnx_op "Expand"(%x, %s1) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<3x1xf32>
  %2 = qc.onnx_op "Expand"(%x, %s2) {attrs = {}, domain = "", version = 8 : i64} : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<3x5xf32>
  return %0, %1, %2 : tensor<2x3x4xf32>, tensor<3x1xf32>, tensor<3x5xf32>
}

// -----

// Tile concatenates copies along each repeated axis; 0 repeats is empty.
// CHECK-LABEL: func @tile
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[T0:.*]] = qc.concat %[[X]], %[[X]] {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK: %[[T1:.*]] = qc.concat %[[X]], %[[X]], %[[X]] {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x9xf32>
// CHECK: %[[T2:.*]] = qc.slice %[[X]] {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<0x3xf32>
// CHECK: return %[[T0]], %[[T1]], %[[T2]]
func.func @tile(%x: tensor<2x3xf32>) -> (tensor<4x3xf32>, tensor<2x9xf32>, tensor<0x3xf32>) {
  %r = qc.constant dense<[2, 1]> : tensor<2xi64>
  %r1 = qc.constant dense<[1, 3]> : tensor<2xi64>
  %r0 = qc.constant dense<[0, 1]> : tensor<2xi64>
  %0 = qc.onnx_op "Tile"(%x, %r) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
  %1 = qc.onnx_op "Tile"(%x, %r1) {attrs = {}, domain = "", version = 6 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x9xf32>
  %2 = qc.onnx_op "Tile"(%x, %r0) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<0x3xf32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<2x9xf32>, tensor<0x3xf32>
}

// -----

// [1, 2, 3] against the scalar 2, with broadcasting.
// CHECK-LABEL: func @compare_fold
// CHECK-DAG: %[[EQ:.*]] = qc.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[LT:.*]] = qc.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: %[[GT:.*]] = qc.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK-DAG: %[[LE:.*]] = qc.constant dense<[true, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[GE:.*]] = qc.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG: %[[NE:.*]] = qc.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK: return %[[EQ]], %[[LT]], %[[GT]], %[[LE]], %[[GE]], %[[NE]]
func.func @compare_fold() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %a = qc.constant dense<[1, 2, 3]> : tensor<3xi64>
  %b = qc.constant dense<2> : tensor<i64>
  %0 = qc.onnx_op "Equal"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %1 = qc.onnx_op "Less"(%a, %b) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %2 = qc.onnx_op "Greater"(%a, %b) {attrs = {}, domain = "", version = 7 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %3 = qc.onnx_op "LessOrEqual"(%a, %b) {attrs = {}, domain = "", version = 16 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %4 = qc.onnx_op "GreaterOrEqual"(%a, %b) {attrs = {}, domain = "", version = 16 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<3xi1>
  %5 = qc.onnx_op "Not"(%0) {attrs = {}, domain = "", version = 1 : i64} : (tensor<3xi1>) -> tensor<3xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// Where broadcasts all three operands: [2, 1] x [3] x [] -> [2, 3].
// CHECK-LABEL: func @where_fold
// CHECK-NEXT: %[[W:.*]] = qc.constant dense<{{\[}}[1, 2, 3], [-1, -1, -1]]> : tensor<2x3xi64>
// CHECK-NEXT: return %[[W]]
func.func @where_fold() -> tensor<2x3xi64> {
  %c = qc.constant dense<[[true], [false]]> : tensor<2x1xi1>
  %x = qc.constant dense<[1, 2, 3]> : tensor<3xi64>
  %y = qc.constant dense<-1> : tensor<i64>
  %0 = qc.onnx_op "Where"(%c, %x, %y) {attrs = {}, domain = "", version = 16 : i64} : (tensor<2x1xi1>, tensor<3xi64>, tensor<i64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// The Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain exporters emit
// for x.view(x.size(0), -1) folds to one static reshape.
// CHECK-LABEL: func @reshape_from_shape_arith
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = qc.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_from_shape_arith(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %s = qc.onnx_op "Shape"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %i = qc.constant dense<0> : tensor<i64>
  %n = qc.onnx_op "Gather"(%s, %i) {attrs = {axis = 0 : i64}, domain = "", version = 13 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %a = qc.constant dense<[0]> : tensor<1xi64>
  %n1 = qc.onnx_op "Unsqueeze"(%n, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %m = qc.constant dense<[-1]> : tensor<1xi64>
  %t = qc.onnx_op "Concat"(%n1, %m) {attrs = {axis = 0 : i64}, domain = "", version = 13 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %0 = qc.onnx_op "Reshape"(%x, %t) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return %0 : tensor<2x12xf32>
}
