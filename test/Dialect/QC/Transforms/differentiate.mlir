// RUN: quantc-opt %s -split-input-file -quantc-differentiate="func=f wrt=0" | FileCheck %s

// A one-element result is a loss: it is seeded with 1, and the gradient
// function returns the loss and the gradient. The forward stays.

// CHECK-LABEL: func.func @f(
// CHECK-LABEL: func.func private @f_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[E:.*]] = qc.exp %[[X]]
// CHECK:         %[[L:.*]] = qc.reduce_sum %[[E]]
// CHECK:         %[[ONE:.*]] = qc.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DS:.*]] = qc.reshape %[[ONE]] : (tensor<f32>) -> tensor<1xf32>
// CHECK:         %[[ZERO:.*]] = qc.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK:         %[[DE:.*]] = qc.add %[[DS]], %[[ZERO]] : (tensor<1xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[DX:.*]] = qc.mul %[[DE]], %[[E]]
// CHECK:         return %[[L]], %[[DX]] : tensor<f32>, tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
  %e = qc.exp %x : (tensor<4xf32>) -> tensor<4xf32>
  %s = qc.reduce_sum %e {axes = array<i64: 0>, keepdims = false} : (tensor<4xf32>) -> tensor<f32>
  return %s : tensor<f32>
}

// -----

// Any other result takes its cotangent as a last argument (a VJP). The
// cotangents of a value used twice are summed.

// CHECK-LABEL: func.func private @f_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x3xf32>, %[[DY:.*]]: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:         %[[Y:.*]] = qc.mul %[[X]], %[[X]]
// CHECK:         %[[A:.*]] = qc.mul %[[DY]], %[[X]]
// CHECK:         %[[B:.*]] = qc.mul %[[DY]], %[[X]]
// CHECK:         %[[S:.*]] = qc.add %[[A]], %[[B]]
// CHECK:         return %[[Y]], %[[S]]
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = qc.mul %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Only ops between the chosen argument and the result are differentiated:
// the branch that depends on %w alone gets no backward ops, and the
// broadcast operand's cotangent is not built.

// CHECK-LABEL: func.func private @f_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x3xf32>, %[[W:[^:]*]]: tensor<3xf32>, %[[DY:.*]]: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK:         %[[T:.*]] = qc.tanh %[[W]]
// CHECK:         %[[Y:.*]] = qc.mul %[[X]], %[[T]]
// CHECK-NEXT:    %[[DX:.*]] = qc.mul %[[DY]], %[[T]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT:    return %[[Y]], %[[DX]]
func.func @f(%x: tensor<2x3xf32>, %w: tensor<3xf32>) -> tensor<2x3xf32> {
  %t = qc.tanh %w : (tensor<3xf32>) -> tensor<3xf32>
  %y = qc.mul %x, %t : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// An argument the result does not depend on has a zero gradient.

// CHECK-LABEL: func.func private @f_grad(
// CHECK:         %[[Z:.*]] = qc.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK:         return %{{.*}}, %[[Z]]
func.func @f(%x: tensor<3xf32>, %w: tensor<3xf32>) -> tensor<3xf32> {
  %y = qc.exp %w : (tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

// A relu (clamp) masks the cotangent with a compare and a select; the
// gradient passes strictly above the bound.

// CHECK-LABEL: func.func private @f_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<8xf32>, %[[DY:.*]]: tensor<8xf32>)
// CHECK:         %[[C0:.*]] = qc.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[M:.*]] = qc.compare gt, %[[X]], %[[C0]] : (tensor<8xf32>, tensor<f32>) -> tensor<8xi1>
// CHECK:         %[[DX:.*]] = qc.select %[[M]], %[[DY]], %{{.*}} : (tensor<8xi1>, tensor<8xf32>, tensor<f32>) -> tensor<8xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @f(%x: tensor<8xf32>) -> tensor<8xf32> {
  %y = qc.clamp %x {min = 0.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  return %y : tensor<8xf32>
}

// -----

// A strided slice scatters its cotangent back: the step's gaps by a
// reshape-pad-reshape, then the pad to the input's extent.

// CHECK-LABEL: func.func private @f_grad(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<10xf32>, %[[DY:.*]]: tensor<3xf32>)
// CHECK:         %[[R:.*]] = qc.reshape %[[DY]] : (tensor<3xf32>) -> tensor<3x1xf32>
// CHECK:         %[[P:.*]] = qc.pad %[[R]] {{{.*}}pads = array<i64: 0, 0, 0, 2>{{.*}}} : (tensor<3x1xf32>) -> tensor<3x3xf32>
// CHECK:         %[[F:.*]] = qc.reshape %[[P]] : (tensor<3x3xf32>) -> tensor<9xf32>
// CHECK:         %[[S:.*]] = qc.slice %[[F]] {starts = array<i64: 0>, steps = array<i64: 1>} : (tensor<9xf32>) -> tensor<7xf32>
// CHECK:         %[[DX:.*]] = qc.pad %[[S]] {{{.*}}pads = array<i64: 1, 2>{{.*}}} : (tensor<7xf32>) -> tensor<10xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  %y = qc.slice %x {starts = array<i64: 1>, steps = array<i64: 3>} : (tensor<10xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}
