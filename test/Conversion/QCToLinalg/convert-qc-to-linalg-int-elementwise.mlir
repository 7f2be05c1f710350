// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s
// Regression (fixed; the old behaviour): BinaryLowering emits float-only ops for qc.pow (math.powf)
// and qc.prelu (arith.cmpf, arith.mulf) whatever the element type. ONNX
// Pow and PRelu accept integer tensors (and qc.pow's folder computes
// integer powers), but at run time an integer qc.pow / qc.prelu lowers to
// invalid IR ("'math.powf' op operand #0 must be floating-point-like, but
// got 'i32'", same for 'arith.cmpf') and the pass aborts. Integers need
// math.ipowi and arith.cmpi sge / arith.muli.

// CHECK-LABEL: func @pow_int
// CHECK:         linalg.generic
// CHECK:           math.ipowi %{{.*}}, %{{.*}} : i32
func.func @pow_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qc.pow %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func @prelu_int
// CHECK:         linalg.generic
// CHECK:           arith.cmpi sge, %{{.*}}, %{{.*}} : i32
// CHECK:           arith.muli %{{.*}}, %{{.*}} : i32
// CHECK:           arith.select
func.func @prelu_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qc.prelu %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// A rescale with a negative-side multiplier (a standalone leaky ReLU):
// x - input_zp < 0 selects neg_multiplier.
// CHECK-LABEL: func @rescale_leaky
// CHECK: %[[X:.*]] = arith.extui %{{.*}} : i8 to i64
// CHECK: %[[M:.*]] = arith.constant 1073741824 : i32
// CHECK: %[[MN:.*]] = arith.constant 107374184 : i32
// CHECK: %[[D:.*]] = arith.subi %[[X]], %{{.*}} : i64
// CHECK: %[[M64:.*]] = arith.extsi %[[M]] : i32 to i64
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[D]], %{{.*}} : i64
// CHECK: %[[MN64:.*]] = arith.extsi %[[MN]] : i32 to i64
// CHECK: %[[SEL:.*]] = arith.select %[[NEG]], %[[MN64]], %[[M64]] : i64
// CHECK: arith.muli %[[D]], %[[SEL]] : i64
func.func @rescale_leaky(%x: tensor<1x4xui8>) -> tensor<1x4xui8> {
  %0 = qc.rescale %x {requant = #qc.requant<multiplier = [1073741824], neg_multiplier = [107374184], shift = 29, input_zp = 10, output_zp = 100, min = 0, max = 255>} : (tensor<1x4xui8>) -> tensor<1x4xui8>
  return %0 : tensor<1x4xui8>
}

// -----

// A requantized product: both zero points are subtracted in 64 bits, the
// product is requantized (input_zp 0), and the per-channel rhs broadcasts
// along the spatial dims.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[BC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// CHECK-LABEL: func @rescale_mul
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[ID]]]
// CHECK: ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %{{.*}}: i8):
// CHECK:   %[[AX:.*]] = arith.extui %[[A]] : i8 to i64
// CHECK:   %[[BX:.*]] = arith.extui %[[B]] : i8 to i64
// CHECK:   %[[AD:.*]] = arith.subi %[[AX]], %{{.*}} : i64
// CHECK:   %[[BD:.*]] = arith.subi %[[BX]], %{{.*}} : i64
// CHECK:   %[[P:.*]] = arith.muli %[[AD]], %[[BD]] : i64
// CHECK:   arith.muli %[[P]], %{{.*}} : i64
// CHECK:   arith.shrsi
// CHECK:   arith.trunci %{{.*}} : i64 to i8
func.func @rescale_mul(%a: tensor<1x2x2x8xui8>, %b: tensor<1x1x1x8xui8>) -> tensor<1x2x2x8xui8> {
  %0 = qc.rescale_mul %a, %b {lhs_zp = 10 : i64, rhs_zp = 3 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 38, output_zp = 5, min = 0, max = 255>} : (tensor<1x2x2x8xui8>, tensor<1x1x1x8xui8>) -> tensor<1x2x2x8xui8>
  return %0 : tensor<1x2x2x8xui8>
}

// -----

// Signed codes extend with extsi; a rank-0 rhs (a scalar constant factor) is
// read through an affine map with no results. The rounding constant is
// 2^(k-1) = 2^37.
// CHECK-DAG: #[[ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func @rescale_mul_i8_scalar
// CHECK: linalg.generic {indexing_maps = [#[[ID1]], #[[SCALAR]], #[[ID1]]]
// CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<4xi8>, tensor<i8>)
// CHECK: ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %{{.*}}: i8):
// CHECK:   arith.extsi %[[A]] : i8 to i64
// CHECK:   arith.extsi %[[B]] : i8 to i64
// CHECK:   arith.muli
// CHECK:   arith.constant 137438953472 : i64
// CHECK:   arith.shrsi
// CHECK:   arith.constant -128 : i64
// CHECK:   arith.maxsi
// CHECK:   arith.minsi
// CHECK:   arith.trunci %{{.*}} : i64 to i8
func.func @rescale_mul_i8_scalar(%a: tensor<4xi8>) -> tensor<4xi8> {
  %c = qc.constant dense<-128> : tensor<i8>
  %0 = qc.rescale_mul %a, %c {lhs_zp = -1 : i64, rhs_zp = 127 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 38, output_zp = 0, min = -128, max = 127>} : (tensor<4xi8>, tensor<i8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
