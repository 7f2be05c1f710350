// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx -verify-diagnostics

// A required input that is absent (a qc.none operand) is reported as
// "<OpType>: input #i is missing", for the handlers that check inputs with
// OnnxBinder::requireStatic() too (they used to dereference the null value
// and crash). The ONNX checker rejects such models, so only hand-written IR
// gets here.

func.func @relu_missing_input() -> tensor<3xf32> {
  %none = qc.none
  // expected-error @+1 {{Relu: input #0 is missing}}
  %0 = qc.onnx_op "Relu"(%none) {attrs = {}, domain = "", version = 14 : i64} : (none) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @add_missing_input(%x: tensor<3xf32>) -> tensor<3xf32> {
  %none = qc.none
  // expected-error @+1 {{Add: input #1 is missing}}
  %0 = qc.onnx_op "Add"(%x, %none) {attrs = {}, domain = "", version = 14 : i64} : (tensor<3xf32>, none) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @conv_missing_weights(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %none = qc.none
  // expected-error @+1 {{Conv: input #1 is missing}}
  %0 = qc.onnx_op "Conv"(%x, %none) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x3x4x4xf32>, none) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @gather_missing_indices(%x: tensor<3x4xf32>) -> tensor<4xf32> {
  %none = qc.none
  // expected-error @+1 {{Gather: input #1 is missing}}
  %0 = qc.onnx_op "Gather"(%x, %none) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3x4xf32>, none) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
