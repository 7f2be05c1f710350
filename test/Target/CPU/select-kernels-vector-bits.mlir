// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels | FileCheck %s --check-prefix=ZMM
// RUN: quantc-opt %s -split-input-file -quantc-cpu-select-kernels="vector-bits=256" | FileCheck %s --check-prefix=YMM

// The block width NR follows vector-bits (default 512): one vector when the
// outputs fit in it, else two.

// ZMM-LABEL: func @conv_20_channels
// ZMM:         qck.conv2d ins(%{{.*}}, %{{.*}} : tensor<1x3x3x4xf32>, tensor<1x1x1x4x32xf32>) bias(%{{.*}} : tensor<32xf32>)
// YMM-LABEL: func @conv_20_channels
// YMM:         qck.conv2d ins(%{{.*}}, %{{.*}} : tensor<1x3x3x4xf32>, tensor<2x1x1x4x16xf32>) bias(%{{.*}} : tensor<32xf32>)
func.func @conv_20_channels(%x: tensor<1x3x3x4xf32>) -> tensor<1x2x2x20xf32> {
  %w = qc.constant dense<1.0> : tensor<20x1x1x4xf32>
  %b = qc.constant dense<1.0> : tensor<20xf32>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x3x3x4xf32>, tensor<20x1x1x4xf32>, tensor<20xf32>) -> tensor<1x2x2x20xf32>
  return %0 : tensor<1x2x2x20xf32>
}

// -----

// ZMM-LABEL: func @matmul_10_columns
// ZMM:         qck.matmul ins(%{{.*}}, %{{.*}} : tensor<1x8xf32>, tensor<1x8x16xf32>)
// YMM-LABEL: func @matmul_10_columns
// YMM:         qck.matmul ins(%{{.*}}, %{{.*}} : tensor<1x8xf32>, tensor<1x8x16xf32>)
func.func @matmul_10_columns(%x: tensor<1x8xf32>) -> tensor<1x10xf32> {
  %w = qc.constant dense<1.0> : tensor<8x10xf32>
  %0 = qc.matmul %x, %w : (tensor<1x8xf32>, tensor<8x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// ZMM-LABEL: func @matmul_4_columns
// ZMM:         qck.matmul ins(%{{.*}}, %{{.*}} : tensor<1x8xf32>, tensor<1x8x16xf32>)
// YMM-LABEL: func @matmul_4_columns
// YMM:         qck.matmul ins(%{{.*}}, %{{.*}} : tensor<1x8xf32>, tensor<1x8x8xf32>)
func.func @matmul_4_columns(%x: tensor<1x8xf32>) -> tensor<1x4xf32> {
  %w = qc.constant dense<1.0> : tensor<8x4xf32>
  %0 = qc.matmul %x, %w : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
