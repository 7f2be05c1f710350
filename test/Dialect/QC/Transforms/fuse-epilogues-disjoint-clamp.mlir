// RUN: quantc-opt %s -split-input-file -quantc-fuse-epilogues | FileCheck %s
// Regression (fixed; the old behaviour): FuseClamp intersects the clamp ranges without checking that
// they overlap. With disjoint ranges it sets clamp_min > clamp_max on the
// contraction, which fails the verifier ("expected clamp_min <= clamp_max
// (conv2d_c8)") and aborts the pass. It should decline, as qc.clamp's own
// MergeClamps canonicalization does for disjoint ranges.

// CHECK-LABEL: func @disjoint_ranges
// CHECK:         %[[C:.*]] = qc.conv2d %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32
// CHECK:         %[[R:.*]] = qc.clamp %[[C]] {max = 2.000000e+01 : f32, min = 1.000000e+01 : f32}
// CHECK:         return %[[R]]
func.func @disjoint_ranges(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qc.clamp %c {min = 10.0 : f32, max = 20.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// The same with one bound on each side: clamp(min(x, 6), 10) is the
// constant 10, not a clamp with min 10 > max 6.

// CHECK-LABEL: func @disjoint_one_sided
// CHECK:         %[[C:.*]] = qc.matmul %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32}
// CHECK:         %[[R:.*]] = qc.clamp %[[C]] {min = 1.000000e+01 : f32}
// CHECK:         return %[[R]]
func.func @disjoint_one_sided(%x: tensor<4x5xf32>, %w: tensor<5x3xf32>) -> tensor<4x3xf32> {
  %m = qc.matmul %x, %w {clamp_max = 6.0 : f32} : (tensor<4x5xf32>, tensor<5x3xf32>) -> tensor<4x3xf32>
  %r = qc.clamp %m {min = 10.0 : f32} : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}
