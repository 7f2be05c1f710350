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
