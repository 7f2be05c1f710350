// RUN: quantc-opt %s -split-input-file -quantc-bias-correct | FileCheck %s

// A 1x1 convolution, one output channel: W = [1.0, 0.3] rounds on the s8
// grid of scale 1/127 to [127, 38] / 127 (0.3 * 127 = 38.1), an error of
// 38/127 - 0.3 = -7.874e-4 on the second input channel, whose calibration
// mean is 10: the mean output shift is -7.874e-3, so the bias 0.5 becomes
// 0.5078740.
// CHECK-LABEL: func @conv_nchw
// CHECK: %[[B:.*]] = qc.constant dense<0.50787{{[0-9]*}}> : tensor<1xf32>
// CHECK: qc.conv2d %{{.*}}, %{{.*}}, %[[B]]
func.func @conv_nchw(%x: tensor<1x2x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %in = qc.clamp %x {min = 0.0 : f32, qc.calib = #qc.calib<min = 0.0, max = 20.0, lo = 0.0, hi = 20.0, channel_axis = 1, channel_mean = [2.0, 10.0]>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %w = qc.constant dense<[[[[1.0]], [[0.3]]]]> : tensor<1x2x1x1xf32>
  %b = qc.constant dense<0.5> : tensor<1xf32>
  %y = qc.conv2d %in, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

// Matmul [K=2, N=2] without a bias: column 0 = [1.0, 0.5] (0.5 * 127 =
// 63.5 rounds to even, 64: +3.937e-3 on input 1, mean 1), column 1 =
// [0.3, 1.0] (-7.874e-4 on input 0, mean 4): a bias [-3.937e-3, 3.150e-3]
// appears.
// CHECK-LABEL: func @matmul
// CHECK: %[[B:.*]] = qc.constant dense<[-0.00393{{[0-9]*}}, 0.00314{{[0-9]*}}]> : tensor<2xf32>
// CHECK: qc.matmul %{{.*}}, %{{.*}}, %[[B]]
func.func @matmul(%x: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 8.0, lo = 0.0, hi = 8.0, channel_axis = 1, channel_mean = [4.0, 1.0]>}) -> tensor<1x2xf32> {
  %w = qc.constant dense<[[1.0, 0.3], [0.5, 1.0]]> : tensor<2x2xf32>
  %y = qc.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// No channel means (loaded statistics of an older file), or weights already
// on the grid: nothing changes.
// CHECK-LABEL: func @untouched
// CHECK-NOT: qc.constant dense<{{.*}}> : tensor<2xf32>
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<1x2xf32>, tensor<2x2xf32>)
// CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<1x2xf32>, tensor<2x2xf32>)
func.func @untouched(%x: tensor<1x2xf32>, %z: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 8.0, lo = 0.0, hi = 8.0, channel_axis = 1, channel_mean = [4.0, 1.0]>}) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = qc.constant dense<[[1.0, 0.3], [0.5, 1.0]]> : tensor<2x2xf32>
  %y = qc.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %g = qc.constant dense<[[1.0, -1.0], [0.0, 1.0]]> : tensor<2x2xf32>
  %u = qc.matmul %z, %g : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y, %u : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// A model quantized by another tool keeps its own weights and biases.
// CHECK-LABEL: func @imported
// CHECK-NOT: tensor<2xf32>
module attributes {qc.imported_quantization} {
  func.func @imported(%x: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 8.0, lo = 0.0, hi = 8.0, channel_axis = 1, channel_mean = [4.0, 1.0]>}) -> tensor<1x2xf32> {
    %w = qc.constant dense<[[1.0, 0.3], [0.5, 1.0]]> : tensor<2x2xf32>
    %y = qc.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
    return %y : tensor<1x2xf32>
  }
}

// -----

// Means recorded along another axis than the contraction's channel axis
// (the tensor is also read by a contraction of another layout): unused.
// CHECK-LABEL: func @other_axis
// CHECK-NOT: tensor<1xf32>
// CHECK: qc.conv2d %{{.*}}, %{{.*}} {
func.func @other_axis(%x: tensor<1x2x4x2xf32>) -> tensor<1x1x4x2xf32> {
  %in = qc.clamp %x {min = 0.0 : f32, qc.calib = #qc.calib<min = 0.0, max = 20.0, lo = 0.0, hi = 20.0, channel_axis = 3, channel_mean = [2.0, 10.0]>} : (tensor<1x2x4x2xf32>) -> tensor<1x2x4x2xf32>
  %w = qc.constant dense<[[[[1.0]], [[0.3]]]]> : tensor<1x2x1x1xf32>
  %y = qc.conv2d %in, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x2xf32>
  return %y : tensor<1x1x4x2xf32>
}
