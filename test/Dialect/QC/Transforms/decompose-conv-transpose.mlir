// RUN: quantc-opt %s -split-input-file -quantc-decompose-conv-transpose | FileCheck %s
// RUN: quantc-opt %s -split-input-file -quantc-decompose-conv-transpose -canonicalize | FileCheck %s --check-prefix=FOLD

// Stride 2: zeros between the input's neighbours (reshape-pad-reshape-
// slice), then pad d*(k-1) - p = 1 before and 1 - 1 + output_padding = 1
// after; the filter is flipped ([C, O, KH, KW] -> [O, C, KH, KW]) and the
// convolution has stride 1.

// CHECK-LABEL: func @strided
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x4x3x3xf32>, %[[W:[^:]*]]: tensor<4x2x3x3xf32>
// CHECK:         %[[R:.*]] = qc.reshape %[[X]] : (tensor<1x4x3x3xf32>) -> tensor<1x4x3x1x3x1xf32>
// CHECK:         %[[P:.*]] = qc.pad %[[R]] {{{.*}}pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1>{{.*}}} : (tensor<1x4x3x1x3x1xf32>) -> tensor<1x4x3x2x3x2xf32>
// CHECK:         %[[M:.*]] = qc.reshape %[[P]] : (tensor<1x4x3x2x3x2xf32>) -> tensor<1x4x6x6xf32>
// CHECK:         %[[U:.*]] = qc.slice %[[M]] {starts = array<i64: 0, 0, 0, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x4x6x6xf32>) -> tensor<1x4x5x5xf32>
// CHECK:         %[[Q:.*]] = qc.pad %[[U]] {{{.*}}pads = array<i64: 0, 0, 1, 1, 0, 0, 2, 2>{{.*}}} : (tensor<1x4x5x5xf32>) -> tensor<1x4x8x8xf32>
// CHECK:         %[[F:.*]] = qc.slice %[[W]] {starts = array<i64: 0, 0, 2, 2>, steps = array<i64: 1, 1, -1, -1>}
// CHECK:         %[[F1:.*]] = qc.reshape %[[F]] : (tensor<4x2x3x3xf32>) -> tensor<1x4x2x3x3xf32>
// CHECK:         %[[F2:.*]] = qc.transpose %[[F1]] {perm = array<i64: 0, 2, 1, 3, 4>}
// CHECK:         %[[F3:.*]] = qc.reshape %[[F2]] : (tensor<1x2x4x3x3xf32>) -> tensor<2x4x3x3xf32>
// CHECK:         qc.conv2d %[[Q]], %[[F3]] {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x6x6xf32>
func.func @strided(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x6x6xf32> {
  %y = qc.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, output_padding = array<i64: 1, 1>} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

// Pads beyond d*(k-1) crop; the bias stays on the convolution; groups swap
// channels within each group.

// CHECK-LABEL: func @cropped_grouped
// CHECK:         %[[S:.*]] = qc.slice %{{.*}} {starts = array<i64: 0, 0, 1, 0>, steps = array<i64: 1, 1, 1, 1>} : (tensor<1x4x5x5xf32>) -> tensor<1x4x3x5xf32>
// CHECK:         %[[F:.*]] = qc.reshape %{{.*}} : (tensor<4x3x2x1xf32>) -> tensor<2x2x3x2x1xf32>
// CHECK:         qc.transpose %[[F]] {perm = array<i64: 0, 2, 1, 3, 4>} : (tensor<2x2x3x2x1xf32>) -> tensor<2x3x2x2x1xf32>
// CHECK:         qc.conv2d %[[S]], %{{.*}}, %{{.*}} {{{.*}}groups = 2 : i64{{.*}}} : (tensor<1x4x3x5xf32>, tensor<6x2x2x1xf32>, tensor<6xf32>) -> tensor<1x6x2x5xf32>
func.func @cropped_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<4x3x2x1xf32>, %b: tensor<6xf32>) -> tensor<1x6x2x5xf32> {
  %y = qc.conv_transpose2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 2, 0, 2, 0>, output_padding = array<i64: 0, 0>, groups = 2 : i64} : (tensor<1x4x5x5xf32>, tensor<4x3x2x1xf32>, tensor<6xf32>) -> tensor<1x6x2x5xf32>
  return %y : tensor<1x6x2x5xf32>
}

// -----

// A constant filter folds into the convolution's (flipped) constant.

// FOLD-LABEL: func @constant_filter
// FOLD:         %[[W:.*]] = qc.constant dense<{{\[\[\[\[}}4.000000e+00, 3.000000e+00], [2.000000e+00, 1.000000e+00]]]]> : tensor<1x1x2x2xf32>
// FOLD:         qc.conv2d %{{.*}}, %[[W]]
// FOLD-NOT:     qc.slice
func.func @constant_filter(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
  %w = qc.constant dense<[[[[1.0, 2.0], [3.0, 4.0]]]]> : tensor<1x1x2x2xf32>
  %y = qc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}
