// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s

// qc.fake_quant is ONNX QuantizeLinear + DequantizeLinear in f32, as ONNX
// Runtime computes them: divide by the scale (not a multiply by its
// inverse), round half to even, add the zero point, clamp to the storage
// range (i8: [-128, 127]), subtract the zero point, multiply by the scale.
// CHECK-LABEL: func @fake_quant_i8
// CHECK: linalg.generic
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:   %[[S:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:   %[[D:.*]] = arith.divf %[[X]], %[[S]] : f32
// CHECK:   %[[R:.*]] = math.roundeven %[[D]] : f32
// CHECK:   %[[Z:.*]] = arith.constant -3.000000e+00 : f32
// CHECK:   %[[A:.*]] = arith.addf %[[R]], %[[Z]] : f32
// CHECK:   %[[LO:.*]] = arith.constant -1.280000e+02 : f32
// CHECK:   %[[M:.*]] = arith.maximumf %[[A]], %[[LO]] : f32
// CHECK:   %[[HI:.*]] = arith.constant 1.270000e+02 : f32
// CHECK:   %[[C:.*]] = arith.minimumf %[[M]], %[[HI]] : f32
// CHECK:   %[[Z2:.*]] = arith.constant -3.000000e+00 : f32
// CHECK:   %[[B:.*]] = arith.subf %[[C]], %[[Z2]] : f32
// CHECK:   %[[S2:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:   %[[Y:.*]] = arith.mulf %[[B]], %[[S2]] : f32
// CHECK:   linalg.yield %[[Y]] : f32
func.func @fake_quant_i8(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.fake_quant %x {scale = 0.5 : f64, zero_point = -3 : i64, storage = i8} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// ui8: the clamp is [0, 255].
// CHECK-LABEL: func @fake_quant_ui8
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 2.550000e+02 : f32
// CHECK: arith.minimumf
func.func @fake_quant_ui8(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.fake_quant %x {scale = 0.25 : f64, zero_point = 7 : i64, storage = ui8} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
