// RUN: quantc-opt %s -quantc-qc-pipeline | FileCheck %s
// The pipeline's options select its passes as the driver's flags do:
// RUN: quantc-opt %s -quantc-qc-pipeline="opt-level=0" | FileCheck %s --check-prefix=O0
// RUN: quantc-opt %s -quantc-qc-pipeline="opt-level=0 quantize=true" | FileCheck %s --check-prefix=O0Q
// RUN: quantc-opt %s -quantc-qc-pipeline="qdq-export=true" | FileCheck %s --check-prefix=QDQ

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

// -O0: no layout conversion, no fusion.
// O0-LABEL: func @main
// O0-NOT:     qc.transpose
// O0:         %[[C:.*]] = qc.conv2d
// O0-NOT:     clamp_min
// O0-NOT:     layout = #qc<layout nhwc>
// O0:         qc.clamp %[[C]] {min = 0.000000e+00 : f32}

// Quantizing fuses at every level (one requantization per contraction).
// O0Q-LABEL: func @main
// O0Q-NOT:     qc.transpose
// O0Q:         qc.conv2d {{.*}}clamp_min = 0.000000e+00 : f32
// O0Q-NOT:     qc.clamp

// The QDQ export stays NCHW (ONNX's layout) but fuses.
// QDQ-LABEL: func @main
// QDQ-NOT:     qc.transpose
// QDQ:         qc.conv2d {{.*}}clamp_min = 0.000000e+00 : f32
// QDQ-NOT:     layout = #qc<layout nhwc>
// QDQ-NOT:     qc.clamp
