// RUN: quantc-opt %s -split-input-file -quantc-fold-fake-quant | FileCheck %s

// Each qc.fake_quant fixes the parameters of the tensor it rounds (as
// qc.qparams, exact, and a fixed qc.calib with lo = (0 - z) s,
// hi = (255 - z) s) and disappears. An i8 grid is the u8 grid with the zero
// point shifted by 128 (-8 -> 120). The max pool's grid is its input's, so
// the conv holds it; the entry argument gets argument attributes.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32> {qc.calib = #qc.calib<min = -1.562500e+00, max = 2.421875, lo = -1.562500e+00, hi = 2.421875, fixed = true>, qc.qparams = #qc.qparams<scale = 1.562500e-02, zero_point = 100>})
// CHECK: %[[C:.*]] = qc.conv2d %[[X]], %{{.*}} {{{.*}}qc.calib = #qc.calib<min = -3.000000e+01, max = 3.375000e+01, lo = -3.000000e+01, hi = 3.375000e+01, fixed = true>, qc.qparams = #qc.qparams<scale = 2.500000e-01, zero_point = 120>
// CHECK-NEXT: %[[P:.*]] = qc.max_pool2d %[[C]] {kernel
// CHECK-NEXT: %[[R:.*]] = qc.reshape %[[P]] :
// CHECK-NEXT: return %[[R]]
// CHECK-NOT: qc.fake_quant
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x8xf32> {
  %w = qc.constant dense<0.5> : tensor<2x2x1x1xf32>
  %xq = qc.fake_quant %x {scale = 0.015625 : f64, zero_point = 100 : i64, storage = ui8} : tensor<1x2x4x4xf32>
  %c = qc.conv2d %xq, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %cq = qc.fake_quant %c {scale = 0.25 : f64, zero_point = -8 : i64, storage = i8} : tensor<1x2x4x4xf32>
  %p = qc.max_pool2d %cq {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %pq = qc.fake_quant %p {scale = 0.25 : f64, zero_point = -8 : i64, storage = i8} : tensor<1x2x2x2xf32>
  %r = qc.reshape %pq : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// -----

// A model output computed by a contraction without a QuantizeLinear (kept
// 32-bit by quantc-quantize) gets the bound of its input's fixed range:
// max|x| = 155/64 = 2.421875; columns sum |W| to 2 and 4, so
// max(2 * 2.421875 + 0.25, 4 * 2.421875 + 0.5) = 10.1875.
// CHECK-LABEL: func.func @main
// CHECK: qc.matmul %{{.*}}, %{{.*}}, %{{.*}} {qc.calib = #qc.calib<min = -1.018750e+01, max = 1.018750e+01, lo = -1.018750e+01, hi = 1.018750e+01, bound = true>}
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %w = qc.constant dense<[[1.0, -2.0], [0.5, 0.0], [0.0, 1.0], [-0.5, 1.0]]> : tensor<4x2xf32>
  %b = qc.constant dense<[0.25, -0.5]> : tensor<2xf32>
  %xq = qc.fake_quant %x {scale = 0.015625 : f64, zero_point = 100 : i64, storage = ui8} : tensor<1x4xf32>
  %y = qc.matmul %xq, %w, %b : (tensor<1x4xf32>, tensor<4x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Nothing to do in a float model: no attributes, no module marker.
// CHECK-LABEL: module {
// CHECK: func.func @main
// CHECK-NOT: qc.qparams
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %y = qc.clamp %x {min = 0.0 : f32} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
