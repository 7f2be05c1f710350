// RUN: quantc-opt %s -quantc-linalg-pipeline | FileCheck %s
// RUN: quantc-opt %s -quantc-linalg-pipeline="opt-level=0" | FileCheck %s --check-prefix=O0

// Smoke test of the qc -> linalg pipeline on the NHWC conv + relu the qc
// pipeline produces: the conv becomes a CPU kernel (qck.conv2d on a padded
// input, packed constant filter, relu kept as its epilogue) and the
// boundary transposes linalg.transpose; no qc op is left. (The block width
// follows the host's vector width, so it is not checked.)

// CHECK-LABEL: func @main
// CHECK-SAME:    %[[X:.*]]: tensor<1x3x8x8xf32>
// CHECK-NOT:     qc.
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<1x3x8x8xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK:         %[[P:.*]] = tensor.pad %[[T]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK:         %[[C:.*]] = qck.conv2d ins(%[[P]], %{{.*}} : tensor<1x10x10x3xf32>, tensor<{{[0-9]+}}x3x3x3x{{[0-9]+}}xf32>) bias(%{{.*}}) outs(%{{.*}} : tensor<1x8x8x16xf32>) {clamp_min = 0.000000e+00 : f32
// CHECK:         %[[R:.*]] = linalg.transpose ins(%[[C]] : tensor<1x8x8x16xf32>) {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NOT:     qc.
// CHECK:         return %[[R]]
func.func @main(%arg0: tensor<1x3x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %0 = qc.constant dense<5.000000e-01> : tensor<16x3x3x3xf32>
  %1 = qc.constant dense<2.500000e-01> : tensor<16xf32>
  %2 = qc.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
  %3 = qc.conv2d %2, %0, %1 {clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x8x3xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x8x8x16xf32>
  %4 = qc.transpose %3 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x16xf32>) -> tensor<1x16x8x8xf32>
  return %4 : tensor<1x16x8x8xf32>
}

// opt-level=0: no kernel, the reference lowering (one generic per conv).
// O0-LABEL: func @main
// O0-NOT:     qck.
// O0:         tensor.pad
// O0:         linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// O0-NOT:     qck.
