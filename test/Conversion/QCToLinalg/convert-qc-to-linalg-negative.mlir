// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-convert-qc-to-linalg

// Ops the reference lowering declines; the conversion then fails on the
// op that is left (its postcondition is that no qc op remains).

// Quantized element types are integerized before this pass.
func.func @quantized_add(%a: tensor<4x!quant.uniform<i8:f32, 0.5>>, %b: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  // expected-error@+1 {{failed to legalize operation 'qc.add' that was explicitly marked illegal}}
  %0 = qc.add %a, %b : (tensor<4x!quant.uniform<i8:f32, 0.5>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

func.func @quantized_conv(%x: tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, %w: tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 1.0>> {
  // expected-error@+1 {{failed to legalize operation 'qc.conv2d' that was explicitly marked illegal}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x2x1x1x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x3x3x!quant.uniform<i8:f32, 1.0>>
  return %0 : tensor<1x2x3x3x!quant.uniform<i8:f32, 1.0>>
}

// -----

// Integer average pooling needs a rounding rule: it is lowered by
// integerization, not here.
func.func @integer_avg_pool(%x: tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32> {
  // expected-error@+1 {{failed to legalize operation 'qc.avg_pool2d' that was explicitly marked illegal}}
  %0 = qc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x4x4xi32>) -> tensor<1x1x2x2xi32>
  return %0 : tensor<1x1x2x2xi32>
}

// -----

// Import-level ops must be legalized before.
func.func @onnx_op_left(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{failed to legalize operation 'qc.onnx_op' that was explicitly marked illegal}}
  %0 = qc.onnx_op "Foo"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
