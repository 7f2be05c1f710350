// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s

// Reduce* (lib/Conversion/ONNXToQC/Tensor.cpp). Axes are an attribute before
// ReduceSum-13 / the other reductions' opset 18, a constant input after;
// no axes reduces everything unless noop_with_empty_axes. SumSquare, L1, L2,
// LogSum and LogSumExp decompose into reduce_sum and elementwise ops.

// CHECK-LABEL: func @reduce_sum_attr
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: qc.reduce_sum %[[X]] {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
// CHECK: qc.reduce_sum %[[X]] {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
func.func @reduce_sum_attr(%x: tensor<2x3x4xf32>) -> (tensor<2x4xf32>, tensor<2x3x1xf32>) {
  %0 = qc.onnx_op "ReduceSum"(%x) {attrs = {axes = array<i64: 1>, keepdims = 0 : i64}, domain = "", version = 11 : i64} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  %1 = qc.onnx_op "ReduceSum"(%x) {attrs = {axes = array<i64: -1>}, domain = "", version = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<2x3x1xf32>
}

// -----

// ReduceSum-13: axes input (sorted), absent or empty (all axes), and
// noop_with_empty_axes (the input itself).
// CHECK-LABEL: func @reduce_sum_input
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[R0:.*]] = qc.reduce_sum %[[X]] {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
// CHECK: %[[R1:.*]] = qc.reduce_sum %[[X]] {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
// CHECK: %[[R2:.*]] = qc.reduce_sum %[[X]] {axes = array<i64: 0, 1, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
// CHECK: return %[[R0]], %[[R1]], %[[R2]], %[[X]]
func.func @reduce_sum_input(%x: tensor<2x3x4xf32>) -> (tensor<1x3x1xf32>, tensor<1x1x1xf32>, tensor<f32>, tensor<2x3x4xf32>) {
  %a = qc.constant dense<[2, 0]> : tensor<2xi64>
  %e = qc.constant dense<> : tensor<0xi64>
  %none = qc.none
  %0 = qc.onnx_op "ReduceSum"(%x, %a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<1x3x1xf32>
  %1 = qc.onnx_op "ReduceSum"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  %2 = qc.onnx_op "ReduceSum"(%x, %e) {attrs = {keepdims = 0 : i64}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>, tensor<0xi64>) -> tensor<f32>
  %3 = qc.onnx_op "ReduceSum"(%x, %none) {attrs = {noop_with_empty_axes = 1 : i64}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>, none) -> tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<1x3x1xf32>, tensor<1x1x1xf32>, tensor<f32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func @reduce_mean
// CHECK: qc.reduce_mean %{{.*}} {axes = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
// CHECK: qc.reduce_mean %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
func.func @reduce_mean(%x: tensor<2x3x4xf32>) -> (tensor<2x3x1xf32>, tensor<2x4xf32>) {
  %a = qc.constant dense<[1]> : tensor<1xi64>
  %0 = qc.onnx_op "ReduceMean"(%x) {attrs = {axes = array<i64: -1>}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  %1 = qc.onnx_op "ReduceMean"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x4xf32>
  return %0, %1 : tensor<2x3x1xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @reduce_max_min_prod
// CHECK: qc.reduce_max %{{.*}} {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
// CHECK: qc.reduce_min %{{.*}} {axes = array<i64: 0, 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK: qc.reduce_prod %{{.*}} {axes = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
func.func @reduce_max_min_prod(%x: tensor<2x3x4xf32>) -> (tensor<2x1x4xf32>, tensor<3xf32>, tensor<1x1x1xf32>) {
  %a = qc.constant dense<[0, 2]> : tensor<2xi64>
  %0 = qc.onnx_op "ReduceMax"(%x) {attrs = {axes = array<i64: 1>}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %1 = qc.onnx_op "ReduceMin"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<3xf32>
  %2 = qc.onnx_op "ReduceProd"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  return %0, %1, %2 : tensor<2x1x4xf32>, tensor<3xf32>, tensor<1x1x1xf32>
}

// -----

// SumSquare = sum(x * x); L1 = sum(|x|); L2 = sqrt(sum(x * x));
// LogSum = log(sum(x)); LogSumExp = log(sum(exp(x))).
// CHECK-LABEL: func @reduce_composite
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[SQ:.*]] = qc.mul %[[X]], %[[X]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: %[[SUMSQ:.*]] = qc.reduce_sum %[[SQ]] {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK: %[[ABS:.*]] = qc.abs %[[X]]
// CHECK: %[[L1:.*]] = qc.reduce_sum %[[ABS]] {axes = array<i64: 1>}
// CHECK: %[[SQ2:.*]] = qc.mul %[[X]], %[[X]]
// CHECK: %[[S2:.*]] = qc.reduce_sum %[[SQ2]] {axes = array<i64: 1>}
// CHECK: %[[L2:.*]] = qc.sqrt %[[S2]] : (tensor<2x1xf32>) -> tensor<2x1xf32>
// CHECK: %[[S3:.*]] = qc.reduce_sum %[[X]] {axes = array<i64: 1>}
// CHECK: %[[LOGSUM:.*]] = qc.log %[[S3]]
// LogSumExp subtracts the max first (no overflow for large inputs).
// CHECK: %[[MAX:.*]] = qc.reduce_max %[[X]] {axes = array<i64: 1>}
// CHECK: %[[D:.*]] = qc.sub %[[X]], %[[MAX]]
// CHECK: %[[EXP:.*]] = qc.exp %[[D]]
// CHECK: %[[S4:.*]] = qc.reduce_sum %[[EXP]] {axes = array<i64: 1>}
// CHECK: %[[LOG4:.*]] = qc.log %[[S4]]
// CHECK: %[[LSE:.*]] = qc.add %[[LOG4]], %[[MAX]]
// CHECK: return %[[SUMSQ]], %[[L1]], %[[L2]], %[[LOGSUM]], %[[LSE]]
func.func @reduce_composite(%x: tensor<2x3xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %0 = qc.onnx_op "ReduceSumSquare"(%x) {attrs = {axes = array<i64: 1>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %1 = qc.onnx_op "ReduceL1"(%x) {attrs = {axes = array<i64: 1>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %2 = qc.onnx_op "ReduceL2"(%x) {attrs = {axes = array<i64: 1>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %3 = qc.onnx_op "ReduceLogSum"(%x) {attrs = {axes = array<i64: 1>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  %4 = qc.onnx_op "ReduceLogSumExp"(%x) {attrs = {axes = array<i64: 1>}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0, %1, %2, %3, %4 : tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// -----

// The opset-18 forms take axes from an input.
// CHECK-LABEL: func @reduce_composite_v18
// CHECK: qc.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK: qc.reduce_sum %{{.*}} {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK: qc.sqrt %{{.*}} : (tensor<2xf32>) -> tensor<2xf32>
// CHECK: qc.log %{{.*}} : (tensor<2xf32>) -> tensor<2xf32>
// CHECK: qc.exp
// CHECK: qc.log %{{.*}} : (tensor<2xf32>) -> tensor<2xf32>
// CHECK-NOT: qc.onnx_op
func.func @reduce_composite_v18(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %a = qc.constant dense<[-1]> : tensor<1xi64>
  %0 = qc.onnx_op "ReduceSumSquare"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  %1 = qc.onnx_op "ReduceL1"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  %2 = qc.onnx_op "ReduceL2"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  %3 = qc.onnx_op "ReduceLogSum"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  %4 = qc.onnx_op "ReduceLogSumExp"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func @reduce_max_noop_v18
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @reduce_max_noop_v18(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "ReduceMax"(%x) {attrs = {noop_with_empty_axes = 1 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// ReduceMax/ReduceProd-18 with an axes input.
// CHECK-LABEL: func @reduce_max_prod_v18
// CHECK: qc.reduce_max %{{.*}} {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK: qc.reduce_prod %{{.*}} {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xf32>) -> tensor<3xf32>
func.func @reduce_max_prod_v18(%x: tensor<2x3xf32>) -> (tensor<1x3xf32>, tensor<3xf32>) {
  %a = qc.constant dense<[-2]> : tensor<1xi64>
  %0 = qc.onnx_op "ReduceMax"(%x, %a) {attrs = {}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<1x3xf32>
  %1 = qc.onnx_op "ReduceProd"(%x, %a) {attrs = {keepdims = 0 : i64}, domain = "", version = 18 : i64} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<3xf32>
  return %0, %1 : tensor<1x3xf32>, tensor<3xf32>
}
