// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-cpu-expand-kernels

// The expansion runs after bufferization: tensor-form kernel ops are
// rejected.
func.func @tensor_form(%a: tensor<4x8xf32>, %b: tensor<1x8x16xf32>, %init: tensor<4x16xf32>) -> tensor<4x16xf32> {
  // expected-error@+1 {{'qck.matmul' op quantc-cpu-expand-kernels expects memref operands (run after bufferization)}}
  %y = qck.matmul ins(%a, %b : tensor<4x8xf32>, tensor<1x8x16xf32>) outs(%init : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %y : tensor<4x16xf32>
}

// -----

// Kernels are f32 or 8-bit integer codes (the verifier says so first).
func.func @f16_pool(%x: memref<1x4x4x16xf16>, %out: memref<1x2x2x16xf16>) {
  // expected-error@+1 {{'qck.pool2d' op expected f32 or 8-bit integer codes}}
  qck.pool2d max ins(%x : memref<1x4x4x16xf16>) outs(%out : memref<1x2x2x16xf16>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}
