// RUN: quantc-opt %s -split-input-file -quantc-verify-qc-contract | FileCheck %s

// A module that meets the contract passes unchanged: one public entry, qc
// ops only, static tensors (private helpers may exist).

// CHECK-LABEL: func @main
// CHECK:         qc.constant
// CHECK:         qc.conv2d
// CHECK:         qc.clamp
// CHECK:         return
// CHECK-LABEL: func private @helper
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = qc.constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = qc.clamp %c {min = 0.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}
func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
