// RUN: quantc-opt %s -split-input-file -quantc-add-quantized-entry | FileCheck %s
// Idempotent: a second run finds @main_quantized and changes nothing.
// RUN: quantc-opt %s -split-input-file -quantc-add-quantized-entry -quantc-add-quantized-entry | FileCheck %s

// @main keeps only the float boundary: it quantizes its inputs, calls
// @main_quantized (the integer body, once) and dequantizes the results.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32> {qc.onnx_name = "x"}) -> (tensor<1x4xf32> {qc.onnx_name = "y"})
// CHECK-NEXT: %[[Q:.*]] = qc.quantize %[[X]] {scale = 5.000000e-01 : f64, zero_point = 10 : i64} : (tensor<1x4xf32>) -> tensor<1x4xui8>
// CHECK-NEXT: %[[C:.*]] = call @main_quantized(%[[Q]]) : (tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK-NEXT: %[[D:.*]] = qc.dequantize %[[C]] {scale = 2.500000e-01 : f64, zero_point = 3 : i64} : (tensor<1x4xui8>) -> tensor<1x4xf32>
// CHECK-NEXT: return %[[D]] : tensor<1x4xf32>
// CHECK-NEXT: }
// @main_quantized takes and returns the codes: no boundary ops, no float.
// CHECK-LABEL: func.func @main_quantized
// CHECK-SAME: (%[[A:.*]]: tensor<1x4xui8> {qc.onnx_name = "x"}) -> (tensor<1x4xui8> {qc.onnx_name = "y"})
// CHECK-NEXT: %[[R:.*]] = qc.rescale %[[A]] {requant = #qc.requant<multiplier = [1073741824], shift = 29, input_zp = 10, output_zp = 3, min = 0, max = 255>} : (tensor<1x4xui8>) -> tensor<1x4xui8>
// CHECK-NEXT: return %[[R]] : tensor<1x4xui8>
// CHECK-NOT: qc.quantize
// CHECK-NOT: qc.dequantize
func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> (tensor<1x4xf32> {qc.onnx_name = "y"}) {
  %0 = qc.quantize %arg0 {scale = 0.5 : f64, zero_point = 10 : i64} : (tensor<1x4xf32>) -> tensor<1x4xui8>
  %1 = qc.rescale %0 {requant = #qc.requant<multiplier = [1073741824], shift = 29, input_zp = 10, output_zp = 3, min = 0, max = 255>} : (tensor<1x4xui8>) -> tensor<1x4xui8>
  %2 = qc.dequantize %1 {scale = 0.25 : f64, zero_point = 3 : i64} : (tensor<1x4xui8>) -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Several inputs and outputs. An argument that is not only quantized
// (%arg1 also feeds a float op) and a result that is not dequantized stay
// as they are: @main passes / returns them through the call.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>, %[[Y:.*]]: tensor<2xf32>, %[[Z:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[QX:.*]] = qc.quantize %[[X]] {scale = 5.000000e-01 : f64, zero_point = 0 : i64}
// CHECK-NEXT: %[[QZ:.*]] = qc.quantize %[[Z]] {scale = 2.500000e-01 : f64, zero_point = 0 : i64}
// CHECK-NEXT: %[[C:.*]]:3 = call @main_quantized(%[[QX]], %[[Y]], %[[QZ]]) : (tensor<2xui8>, tensor<2xf32>, tensor<2xui8>) -> (tensor<2xui8>, tensor<2xf32>, tensor<2xi32>)
// CHECK-NEXT: %[[D0:.*]] = qc.dequantize %[[C]]#0 {scale = 5.000000e-01 : f64, zero_point = 0 : i64}
// CHECK-NEXT: %[[D2:.*]] = qc.dequantize %[[C]]#2 {scale = 1.000000e-03 : f64, zero_point = 0 : i64}
// CHECK-NEXT: return %[[D0]], %[[C]]#1, %[[D2]] : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
// CHECK-LABEL: func.func @main_quantized
// CHECK-SAME: (%[[A:.*]]: tensor<2xui8>, %[[B:.*]]: tensor<2xf32>, %[[C:.*]]: tensor<2xui8>) -> (tensor<2xui8>, tensor<2xf32>, tensor<2xi32>)
// CHECK: %[[BQ:.*]] = qc.quantize %[[B]]
// CHECK: %[[F:.*]] = qc.neg %[[B]]
// CHECK: %[[S:.*]] = qc.rescale %[[C]]
// CHECK: return %[[A]], %[[F]], %[[S]] : tensor<2xui8>, tensor<2xf32>, tensor<2xi32>
func.func @main(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>, %arg2: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = qc.quantize %arg0 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xf32>) -> tensor<2xui8>
  %1 = qc.quantize %arg1 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xf32>) -> tensor<2xui8>
  %2 = qc.neg %arg1 : (tensor<2xf32>) -> tensor<2xf32>
  %3 = qc.quantize %arg2 {scale = 0.25 : f64, zero_point = 0 : i64} : (tensor<2xf32>) -> tensor<2xui8>
  %4 = qc.rescale %3 {requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = -2147483648, max = 2147483647>} : (tensor<2xui8>) -> tensor<2xi32>
  %5 = qc.dequantize %0 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xui8>) -> tensor<2xf32>
  %6 = qc.dequantize %4 {scale = 0.001 : f64, zero_point = 0 : i64} : (tensor<2xi32>) -> tensor<2xf32>
  return %5, %2, %6 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// -negative: no @main, nothing to split.
// CHECK-LABEL: func.func @other
// CHECK-NEXT: qc.quantize
// CHECK-NEXT: qc.dequantize
// CHECK-NOT: main_quantized
func.func @other(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = qc.quantize %arg0 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xf32>) -> tensor<2xui8>
  %1 = qc.dequantize %0 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xui8>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// -negative: a @main_quantized exists already: @main is left alone.
// CHECK-LABEL: func.func @main
// CHECK-NEXT: qc.quantize
// CHECK-NEXT: qc.dequantize
// CHECK-NEXT: return
// CHECK-LABEL: func.func @main_quantized
// CHECK-NOT: func.func
func.func @main(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = qc.quantize %arg0 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xf32>) -> tensor<2xui8>
  %1 = qc.dequantize %0 {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<2xui8>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
func.func @main_quantized(%arg0: tensor<2xui8>) -> tensor<2xui8> {
  return %arg0 : tensor<2xui8>
}
