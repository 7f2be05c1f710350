// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s

// Data-movement ONNX ops (lib/Conversion/ONNXToQC/Tensor.cpp): Flatten,
// Reshape, Squeeze and Unsqueeze become qc.reshape; Split and Slice become
// qc.slice; Pad, Transpose, Concat; Identity/Dropout/Constant.

// CHECK-LABEL: func @flatten
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4x5xf32>)
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
func.func @flatten(%x: tensor<2x3x4x5xf32>) -> (tensor<2x60xf32>, tensor<24x5xf32>, tensor<1x120xf32>, tensor<6x20xf32>) {
  %0 = qc.onnx_op "Flatten"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
  %1 = qc.onnx_op "Flatten"(%x) {attrs = {axis = 3 : i64}, domain = "", version = 13 : i64} : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
  %2 = qc.onnx_op "Flatten"(%x) {attrs = {axis = 0 : i64}, domain = "", version = 1 : i64} : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
  %3 = qc.onnx_op "Flatten"(%x) {attrs = {axis = -2 : i64}, domain = "", version = 13 : i64} : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
  return %0, %1, %2, %3 : tensor<2x60xf32>, tensor<24x5xf32>, tensor<1x120xf32>, tensor<6x20xf32>
}

// -----

// 0 copies the input dimension, -1 is inferred.
// CHECK-LABEL: func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NOT: qc.constant
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// CHECK: qc.reshape %[[X]] : (tensor<2x3x4xf32>) -> tensor<24xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<2x12xf32>, tensor<24xf32>) {
  %s0 = qc.constant dense<[6, 4]> : tensor<2xi64>
  %s1 = qc.constant dense<[0, -1]> : tensor<2xi64>
  %s2 = qc.constant dense<[-1]> : tensor<1xi64>
  %0 = qc.onnx_op "Reshape"(%x, %s0) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %1 = qc.onnx_op "Reshape"(%x, %s1) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  %2 = qc.onnx_op "Reshape"(%x, %s2) {attrs = {}, domain = "", version = 5 : i64} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<2x12xf32>, tensor<24xf32>
}

// -----

// allowzero = 1: a 0 in the shape is a zero-size dimension, not a copy.
// CHECK-LABEL: func @reshape_allowzero
// CHECK: qc.reshape %{{.*}} : (tensor<0x4xf32>) -> tensor<4x0xf32>
func.func @reshape_allowzero(%x: tensor<0x4xf32>) -> tensor<4x0xf32> {
  %s = qc.constant dense<[4, 0]> : tensor<2xi64>
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {allowzero = 1 : i64}, domain = "", version = 14 : i64} : (tensor<0x4xf32>, tensor<2xi64>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

// A reshape to the same shape is no op at all.
// CHECK-LABEL: func @reshape_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reshape_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = qc.constant dense<[0, 0]> : tensor<2xi64>
  %0 = qc.onnx_op "Reshape"(%x, %s) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Without perm, Transpose reverses the dimensions.
// CHECK-LABEL: func @transpose
// CHECK: qc.transpose %{{.*}} {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// CHECK: qc.transpose %{{.*}} {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x4x3xf32>) {
  %0 = qc.onnx_op "Transpose"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %1 = qc.onnx_op "Transpose"(%x) {attrs = {perm = array<i64: 0, 2, 1>}, domain = "", version = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  return %0, %1 : tensor<4x3x2xf32>, tensor<2x4x3xf32>
}

// -----

// Empty inputs are dropped; a concat of one remaining input is that input.
// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x5xf32>, %[[E:.*]]: tensor<2x0xf32>)
// CHECK: %[[C:.*]] = qc.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
// CHECK: return %[[C]], %[[A]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<2x0xf32>) -> (tensor<2x8xf32>, tensor<2x3xf32>) {
  %0 = qc.onnx_op "Concat"(%a, %c, %b) {attrs = {axis = -1 : i64}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2x0xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
  %1 = qc.onnx_op "Concat"(%a, %c) {attrs = {axis = 1 : i64}, domain = "", version = 4 : i64} : (tensor<2x3xf32>, tensor<2x0xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @concat_axis0
// CHECK: qc.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
func.func @concat_axis0(%a: tensor<1x4xf32>, %b: tensor<2x4xf32>) -> tensor<3x4xf32> {
  %0 = qc.onnx_op "Concat"(%a, %b) {attrs = {axis = 0 : i64}, domain = "", version = 13 : i64} : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Split-11: sizes from the `split` attribute.
// CHECK-LABEL: func @split_attr
// CHECK-SAME: (%[[X:.*]]: tensor<2x10xf32>)
// CHECK: %[[P0:.*]] = qc.slice %[[X]] {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x10xf32>) -> tensor<2x3xf32>
// CHECK: %[[P1:.*]] = qc.slice %[[X]] {starts = array<i64: 0, 3>, steps = array<i64: 1, 1>} : (tensor<2x10xf32>) -> tensor<2x7xf32>
// CHECK: return %[[P0]], %[[P1]]
func.func @split_attr(%x: tensor<2x10xf32>) -> (tensor<2x3xf32>, tensor<2x7xf32>) {
  %0:2 = qc.onnx_op "Split"(%x) {attrs = {axis = 1 : i64, split = array<i64: 3, 7>}, domain = "", version = 11 : i64} : (tensor<2x10xf32>) -> (tensor<2x3xf32>, tensor<2x7xf32>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x7xf32>
}

// -----

// Split-13: sizes from a constant input.
// CHECK-LABEL: func @split_input
// CHECK-SAME: (%[[X:.*]]: tensor<2x10xf32>)
// CHECK: qc.slice %[[X]] {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<2x10xf32>) -> tensor<2x3xf32>
// CHECK: qc.slice %[[X]] {starts = array<i64: 0, 3>, steps = array<i64: 1, 1>} : (tensor<2x10xf32>) -> tensor<2x7xf32>
func.func @split_input(%x: tensor<2x10xf32>) -> (tensor<2x3xf32>, tensor<2x7xf32>) {
  %s = qc.constant dense<[3, 7]> : tensor<2xi64>
  %0:2 = qc.onnx_op "Split"(%x, %s) {attrs = {axis = -1 : i64}, domain = "", version = 13 : i64} : (tensor<2x10xf32>, tensor<2xi64>) -> (tensor<2x3xf32>, tensor<2x7xf32>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x7xf32>
}

// -----

// No sizes: equal parts, one per output.
// CHECK-LABEL: func @split_even
// CHECK-SAME: (%[[X:.*]]: tensor<6x4xf32>)
// CHECK: qc.slice %[[X]] {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<6x4xf32>) -> tensor<2x4xf32>
// CHECK: qc.slice %[[X]] {starts = array<i64: 2, 0>, steps = array<i64: 1, 1>} : (tensor<6x4xf32>) -> tensor<2x4xf32>
// CHECK: qc.slice %[[X]] {starts = array<i64: 4, 0>, steps = array<i64: 1, 1>} : (tensor<6x4xf32>) -> tensor<2x4xf32>
func.func @split_even(%x: tensor<6x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0:3 = qc.onnx_op "Split"(%x) {attrs = {}, domain = "", version = 2 : i64} : (tensor<6x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>)
  return %0#0, %0#1, %0#2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// -----

// Split-18 num_outputs: chunks of ceil(7 / 3) = 3, the last one smaller.
// CHECK-LABEL: func @split_num_outputs_uneven
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<7x4xf32>) -> tensor<3x4xf32>
// CHECK: qc.slice %{{.*}} {starts = array<i64: 3, 0>, steps = array<i64: 1, 1>} : (tensor<7x4xf32>) -> tensor<3x4xf32>
// CHECK: qc.slice %{{.*}} {starts = array<i64: 6, 0>, steps = array<i64: 1, 1>} : (tensor<7x4xf32>) -> tensor<1x4xf32>
func.func @split_num_outputs_uneven(%x: tensor<7x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<1x4xf32>) {
  %0:3 = qc.onnx_op "Split"(%x) {attrs = {num_outputs = 3 : i64}, domain = "", version = 18 : i64} : (tensor<7x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<1x4xf32>)
  return %0#0, %0#1, %0#2 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<1x4xf32>
}

// -----

// Slice-1: starts/ends/axes are attributes.
// CHECK-LABEL: func @slice_v1
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 2>, steps = array<i64: 1, 1>} : (tensor<4x10xf32>) -> tensor<4x5xf32>
func.func @slice_v1(%x: tensor<4x10xf32>) -> tensor<4x5xf32> {
  %0 = qc.onnx_op "Slice"(%x) {attrs = {axes = array<i64: 1>, ends = array<i64: 7>, starts = array<i64: 2>}, domain = "", version = 1 : i64} : (tensor<4x10xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Without axes, starts/ends apply to the leading axes; -1 counts from the end.
// CHECK-LABEL: func @slice_v1_no_axes
// CHECK: qc.slice %{{.*}} {starts = array<i64: 1, 6>, steps = array<i64: 1, 1>} : (tensor<4x10xf32>) -> tensor<2x3xf32>
func.func @slice_v1_no_axes(%x: tensor<4x10xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Slice"(%x) {attrs = {ends = array<i64: 3, -1>, starts = array<i64: 1, 6>}, domain = "", version = 1 : i64} : (tensor<4x10xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Slice-13: constant inputs, negative axis, step 2: [1, 9) -> 1, 3, 5, 7.
// CHECK-LABEL: func @slice_v13_steps
// CHECK-NOT: qc.constant
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<4x10xf32>) -> tensor<4x4xf32>
func.func @slice_v13_steps(%x: tensor<4x10xf32>) -> tensor<4x4xf32> {
  %s = qc.constant dense<[1]> : tensor<1xi64>
  %e = qc.constant dense<[9]> : tensor<1xi64>
  %a = qc.constant dense<[-1]> : tensor<1xi64>
  %st = qc.constant dense<[2]> : tensor<1xi64>
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a, %st) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Negative steps: [-1 : INT_MIN : -1] reverses the axis; [8 : 1 : -3]
// takes 8, 5, 2.
// CHECK-LABEL: func @slice_negative_step
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 9>, steps = array<i64: 1, -1>} : (tensor<4x10xf32>) -> tensor<4x10xf32>
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 8>, steps = array<i64: 1, -3>} : (tensor<4x10xf32>) -> tensor<4x3xf32>
func.func @slice_negative_step(%x: tensor<4x10xf32>) -> (tensor<4x10xf32>, tensor<4x3xf32>) {
  %s = qc.constant dense<[-1]> : tensor<1xi64>
  %e = qc.constant dense<[-9223372036854775808]> : tensor<1xi64>
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %st = qc.constant dense<[-1]> : tensor<1xi64>
  %s2 = qc.constant dense<[8]> : tensor<1xi64>
  %e2 = qc.constant dense<[1]> : tensor<1xi64>
  %st2 = qc.constant dense<[-3]> : tensor<1xi64>
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a, %st) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x10xf32>
  %1 = qc.onnx_op "Slice"(%x, %s2, %e2, %a, %st2) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x3xf32>
  return %0, %1 : tensor<4x10xf32>, tensor<4x3xf32>
}

// -----

// Out-of-range starts/ends are clamped: [1 : INT_MAX] on 4 rows, [-100 : 1000]
// on 10 columns (Slice-10 form, no axes or steps).
// CHECK-LABEL: func @slice_clamped
// CHECK: qc.slice %{{.*}} {starts = array<i64: 1, 0>, steps = array<i64: 1, 1>} : (tensor<4x10xf32>) -> tensor<3x10xf32>
func.func @slice_clamped(%x: tensor<4x10xf32>) -> tensor<3x10xf32> {
  %s = qc.constant dense<[1, -100]> : tensor<2xi64>
  %e = qc.constant dense<[9223372036854775807, 1000]> : tensor<2xi64>
  %0 = qc.onnx_op "Slice"(%x, %s, %e) {attrs = {}, domain = "", version = 10 : i64} : (tensor<4x10xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<3x10xf32>
  return %0 : tensor<3x10xf32>
}

// -----

// A negative step with a start past the end clamps to the last element.
// CHECK-LABEL: func @slice_negative_step_clamped
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 9>, steps = array<i64: 1, -2>} : (tensor<4x10xf32>) -> tensor<4x4xf32>
func.func @slice_negative_step_clamped(%x: tensor<4x10xf32>) -> tensor<4x4xf32> {
  %s = qc.constant dense<[100]> : tensor<1xi64>
  %e = qc.constant dense<[1]> : tensor<1xi64>
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %st = qc.constant dense<[-2]> : tensor<1xi64>
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a, %st) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// start >= end with a positive step: an empty slice.
// CHECK-LABEL: func @slice_empty
// CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<4x10xf32>) -> tensor<4x0xf32>
func.func @slice_empty(%x: tensor<4x10xf32>) -> tensor<4x0xf32> {
  %s = qc.constant dense<[7]> : tensor<1xi64>
  %e = qc.constant dense<[3]> : tensor<1xi64>
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %0 = qc.onnx_op "Slice"(%x, %s, %e, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x0xf32>
  return %0 : tensor<4x0xf32>
}

// -----

// Pad-13 constant mode with a constant value.
// CHECK-LABEL: func @pad_constant
// CHECK: qc.pad %{{.*}} {pads = array<i64: 0, 0, 1, 2, 0, 0, 2, 0>, value = 1.500000e+00 : f32} : (tensor<1x3x4x4xf32>) -> tensor<1x3x7x6xf32>
func.func @pad_constant(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x7x6xf32> {
  %p = qc.constant dense<[0, 0, 1, 2, 0, 0, 2, 0]> : tensor<8xi64>
  %v = qc.constant dense<1.5> : tensor<f32>
  %0 = qc.onnx_op "Pad"(%x, %p, %v) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x3x4x4xf32>, tensor<8xi64>, tensor<f32>) -> tensor<1x3x7x6xf32>
  return %0 : tensor<1x3x7x6xf32>
}

// -----

// CHECK-LABEL: func @pad_reflect_edge
// CHECK: qc.pad %{{.*}} {mode = #qc<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
// CHECK: qc.pad %{{.*}} {mode = #qc<pad_mode edge>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x3x6x6xf32>
func.func @pad_reflect_edge(%x: tensor<1x3x4x4xf32>) -> (tensor<1x3x6x6xf32>, tensor<1x3x6x6xf32>) {
  %p = qc.constant dense<[0, 0, 1, 1, 0, 0, 1, 1]> : tensor<8xi64>
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {mode = "reflect"}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<1x3x6x6xf32>
  %1 = qc.onnx_op "Pad"(%x, %p) {attrs = {mode = "edge"}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<1x3x6x6xf32>
  return %0, %1 : tensor<1x3x6x6xf32>, tensor<1x3x6x6xf32>
}

// -----

// Pad-2: pads and value are attributes.
// CHECK-LABEL: func @pad_v2
// CHECK: qc.pad %{{.*}} {pads = array<i64: 1, 2, 0, 1>, value = -1.000000e+00 : f32} : (tensor<2x4xf32>) -> tensor<3x7xf32>
func.func @pad_v2(%x: tensor<2x4xf32>) -> tensor<3x7xf32> {
  %0 = qc.onnx_op "Pad"(%x) {attrs = {pads = array<i64: 1, 2, 0, 1>, value = -1.0 : f32}, domain = "", version = 2 : i64} : (tensor<2x4xf32>) -> tensor<3x7xf32>
  return %0 : tensor<3x7xf32>
}

// -----

// Negative pads crop first: pads [-1, 1, 0, -2] drop row 0 and the last two
// columns, then add one column in front.
// CHECK-LABEL: func @pad_negative
// CHECK-SAME: (%[[X:.*]]: tensor<5x6xf32>)
// CHECK: %[[C:.*]] = qc.slice %[[X]] {starts = array<i64: 1, 0>, steps = array<i64: 1, 1>} : (tensor<5x6xf32>) -> tensor<4x4xf32>
// CHECK: %[[P:.*]] = qc.pad %[[C]] {pads = array<i64: 0, 1, 0, 0>} : (tensor<4x4xf32>) -> tensor<4x5xf32>
// CHECK: return %[[P]]
func.func @pad_negative(%x: tensor<5x6xf32>) -> tensor<4x5xf32> {
  %p = qc.constant dense<[-1, 1, 0, -2]> : tensor<4xi64>
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {}, domain = "", version = 13 : i64} : (tensor<5x6xf32>, tensor<4xi64>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// Pad-18 axes input: pads [1, 2] apply to the last axis only; an empty
// constant_value input means 0.
// CHECK-LABEL: func @pad_axes
// CHECK: qc.pad %{{.*}} {pads = array<i64: 0, 0, 1, 0, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x7xf32>
func.func @pad_axes(%x: tensor<2x3x4xf32>) -> tensor<2x3x7xf32> {
  %p = qc.constant dense<[1, 2]> : tensor<2xi64>
  %none = qc.none
  %a = qc.constant dense<[-1]> : tensor<1xi64>
  %0 = qc.onnx_op "Pad"(%x, %p, %none, %a) {attrs = {}, domain = "", version = 18 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>, none, tensor<1xi64>) -> tensor<2x3x7xf32>
  return %0 : tensor<2x3x7xf32>
}

// -----

// CHECK-LABEL: func @pad_integer
// CHECK: qc.pad %{{.*}} {pads = array<i64: 1, 1>} : (tensor<3xi64>) -> tensor<5xi64>
func.func @pad_integer(%x: tensor<3xi64>) -> tensor<5xi64> {
  %p = qc.constant dense<[1, 1]> : tensor<2xi64>
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi64>, tensor<2xi64>) -> tensor<5xi64>
  return %0 : tensor<5xi64>
}

// -----

// Squeeze-11: no axes drops every size-1 dimension.
// CHECK-LABEL: func @squeeze_v11
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x1x4xf32>)
// CHECK: qc.reshape %[[X]] : (tensor<1x3x1x4xf32>) -> tensor<3x4xf32>
// CHECK: qc.reshape %[[X]] : (tensor<1x3x1x4xf32>) -> tensor<3x1x4xf32>
func.func @squeeze_v11(%x: tensor<1x3x1x4xf32>) -> (tensor<3x4xf32>, tensor<3x1x4xf32>) {
  %0 = qc.onnx_op "Squeeze"(%x) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x1x4xf32>) -> tensor<3x4xf32>
  %1 = qc.onnx_op "Squeeze"(%x) {attrs = {axes = array<i64: 0>}, domain = "", version = 1 : i64} : (tensor<1x3x1x4xf32>) -> tensor<3x1x4xf32>
  return %0, %1 : tensor<3x4xf32>, tensor<3x1x4xf32>
}

// -----

// Squeeze-13: axes is an input.
// CHECK-LABEL: func @squeeze_v13
// CHECK: qc.reshape %{{.*}} : (tensor<1x3x1x4xf32>) -> tensor<1x3x4xf32>
func.func @squeeze_v13(%x: tensor<1x3x1x4xf32>) -> tensor<1x3x4xf32> {
  %a = qc.constant dense<[-2]> : tensor<1xi64>
  %0 = qc.onnx_op "Squeeze"(%x, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x3x1x4xf32>, tensor<1xi64>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

// Unsqueeze-11 (attribute, axes in the output's rank) and -13 (input).
// CHECK-LABEL: func @unsqueeze
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>)
// CHECK: qc.reshape %[[X]] : (tensor<3x4xf32>) -> tensor<1x3x4x1xf32>
// CHECK: qc.reshape %[[X]] : (tensor<3x4xf32>) -> tensor<3x1x4xf32>
func.func @unsqueeze(%x: tensor<3x4xf32>) -> (tensor<1x3x4x1xf32>, tensor<3x1x4xf32>) {
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %0 = qc.onnx_op "Unsqueeze"(%x) {attrs = {axes = array<i64: 0, -1>}, domain = "", version = 11 : i64} : (tensor<3x4xf32>) -> tensor<1x3x4x1xf32>
  %1 = qc.onnx_op "Unsqueeze"(%x, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> tensor<3x1x4xf32>
  return %0, %1 : tensor<1x3x4x1xf32>, tensor<3x1x4xf32>
}

// -----

// Identity and inference-mode Dropout (ratio attribute, or an empty ratio and
// a false training_mode input) forward their input.
// CHECK-LABEL: func @identity_dropout
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]], %[[X]], %[[X]]
func.func @identity_dropout(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %f = qc.constant dense<false> : tensor<i1>
  %none = qc.none
  %0 = qc.onnx_op "Identity"(%x) {attrs = {}, domain = "", version = 16 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = qc.onnx_op "Dropout"(%0) {attrs = {ratio = 0.5 : f32}, domain = "", version = 10 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2:2 = qc.onnx_op "Dropout"(%1, %none, %f) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, none, tensor<i1>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %0, %1, %2#0 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// At inference Dropout keeps every element: its mask is all true.
// CHECK-LABEL: func @dropout_mask
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[M:.*]] = qc.constant dense<true> : tensor<2x3xi1>
// CHECK: return %[[X]], %[[M]]
func.func @dropout_mask(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %0:2 = qc.onnx_op "Dropout"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi1>
}

// -----

// Every numeric form of Constant.
// CHECK-LABEL: func @constant_variants
// CHECK-DAG: %[[V:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-DAG: %[[VF:.*]] = qc.constant dense<2.500000e+00> : tensor<f32>
// CHECK-DAG: %[[VI:.*]] = qc.constant dense<7> : tensor<i64>
// CHECK-DAG: %[[VFS:.*]] = qc.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[VIS:.*]] = qc.constant dense<[4, 5]> : tensor<2xi64>
// CHECK: return %[[V]], %[[VF]], %[[VI]], %[[VFS]], %[[VIS]]
func.func @constant_variants() -> (tensor<2xf32>, tensor<f32>, tensor<i64>, tensor<3xf32>, tensor<2xi64>) {
  %0 = qc.onnx_op "Constant"() {attrs = {value = dense<[1.0, 2.0]> : tensor<2xf32>}, domain = "", version = 13 : i64} : () -> tensor<2xf32>
  %1 = qc.onnx_op "Constant"() {attrs = {value_float = 2.5 : f32}, domain = "", version = 13 : i64} : () -> tensor<f32>
  %2 = qc.onnx_op "Constant"() {attrs = {value_int = 7 : i64}, domain = "", version = 13 : i64} : () -> tensor<i64>
  %3 = qc.onnx_op "Constant"() {attrs = {value_floats = array<f32: 1.0, 2.0, 3.0>}, domain = "", version = 13 : i64} : () -> tensor<3xf32>
  %4 = qc.onnx_op "Constant"() {attrs = {value_ints = array<i64: 4, 5>}, domain = "", version = 13 : i64} : () -> tensor<2xi64>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<f32>, tensor<i64>, tensor<3xf32>, tensor<2xi64>
}
