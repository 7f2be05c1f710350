// RUN: quantc-opt %s -quantc-qc-pipeline | FileCheck %s

// Smoke test of the frontend pipeline on conv + relu as imported: the ONNX
// nodes are legalized, the conv goes NHWC between two boundary transposes,
// and the relu is fused into its epilogue.

// CHECK-LABEL: func @main
// CHECK-SAME:    %[[X:.*]]: tensor<1x3x8x8xf32>
// CHECK-NOT:     qc.onnx_op
// CHECK:         %[[T:.*]] = qc.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK:         %[[C:.*]] = qc.conv2d %[[T]], %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32, {{.*}}layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 1, 1>
// CHECK-NOT:     qc.clamp
// CHECK:         %[[R:.*]] = qc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK:         return %[[R]] : tensor<1x16x8x8xf32>
func.func @main(%x: tensor<1x3x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %w = qc.constant dense<0.5> : tensor<16x3x3x3xf32>
  %b = qc.constant dense<0.25> : tensor<16xf32>
  %c = qc.onnx_op "Conv"(%x, %w, %b) {attrs = {pads = array<i64: 1, 1, 1, 1>, kernel_shape = array<i64: 3, 3>}, domain = "", version = 11 : i64} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %r = qc.onnx_op "Relu"(%c) {attrs = {}, domain = "", version = 14 : i64} : (tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %r : tensor<1x16x8x8xf32>
}
