// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-integerize

// Every error quantc-integerize emits (lib/Quantization/Integerize.cpp).
// Not reachable from IR the verifiers accept, so not tested here: a
// contraction's unquantized residual (matmul_c5 / conv2d_c5 reject it), a
// clamp / pad / concat without a quantized result (only those are
// rewritten).

// An op with a quantized result but no integer form.
func.func @unimplemented(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>
  // expected-error@+1 {{qc.log: unimplemented: an integer-only form of this op}}
  %0 = qc.log %q : (tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.004>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.004>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// Weights that are not a constant behind a quant.scast.
func.func @weights_not_constant(%arg0: tensor<1x2xf32>, %arg1: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  %w = quant.qcast %arg1 : tensor<2x2xf32> to tensor<2x2x!quant.uniform<i8<-127:127>:f32, 0.25>>
  // expected-error@+1 {{qc.matmul: expected quantized input and constant quantized weights}}
  %0 = qc.matmul %q, %w : (tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>, tensor<2x2x!quant.uniform<i8<-127:127>:f32, 0.25>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// A bias that is not a constant behind a quant.scast.
func.func @bias_not_constant(%arg0: tensor<1x2xf32>, %arg1: tensor<2xf32>) -> tensor<1x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  %w = qc.constant dense<[[1, 2], [3, -4]]> : tensor<2x2xi8>
  %ws = quant.scast %w : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>
  %b = quant.qcast %arg1 : tensor<2xf32> to tensor<2x!quant.uniform<i32:f32, 0.125>>
  // expected-error@+1 {{qc.matmul: expected a constant quantized bias}}
  %0 = qc.matmul %q, %ws, %b : (tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>, tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {0.25, 0.5}>>, tensor<2x!quant.uniform<i32:f32, 0.125>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x2x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Folding the zero point into the bias leaves 32 bits:
// 2147483000 - 255 * (-127 - 127) = 2147483000 + 64770 > 2^31 - 1.
func.func @bias_overflow(%arg0: tensor<1x2xf32>) -> tensor<1x1xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:255>>
  %w = qc.constant dense<[[-127], [-127]]> : tensor<2x1xi8>
  %ws = quant.scast %w : tensor<2x1xi8> to tensor<2x1x!quant.uniform<i8<-127:127>:f32:1, {0.25}>>
  %b = qc.constant dense<[2147483000]> : tensor<1xi32>
  %bs = quant.scast %b : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32:0, {0.125}>>
  // expected-error@+1 {{qc.matmul: bias of channel 0 overflows 32 bits}}
  %0 = qc.matmul %q, %ws, %bs : (tensor<1x2x!quant.uniform<u8:f32, 0.5:255>>, tensor<2x1x!quant.uniform<i8<-127:127>:f32:1, {0.25}>>, tensor<1x!quant.uniform<i32:f32:0, {0.125}>>) -> tensor<1x1x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x1x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x1xf32>
  return %1 : tensor<1x1xf32>
}

// -----

func.func @add_float_operand(%arg0: tensor<1x2xf32>, %arg1: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  // expected-error@+1 {{qc.add: unquantized operand}}
  %0 = qc.add %q, %arg1 : (tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>, tensor<1x2xf32>) -> tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>
  %1 = qc.reshape %0 : (tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>) -> tensor<1x2x!quant.uniform<u8:f32, 0.25:3>>
  %2 = quant.dcast %1 : tensor<1x2x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}

// -----

func.func @avg_pool_float_input(%arg0: tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32> {
  // expected-error@+1 {{qc.avg_pool2d: unquantized operand}}
  %0 = qc.avg_pool2d %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x1x1x1x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x1x1x1xf32>
  return %1 : tensor<1x1x1x1xf32>
}

// -----

func.func @reduce_mean_float_input(%arg0: tensor<1x2xf32>) -> tensor<1x1xf32> {
  // expected-error@+1 {{qc.reduce_mean: unquantized operand}}
  %0 = qc.reduce_mean %arg0 {axes = array<i64: 1>} : (tensor<1x2xf32>) -> tensor<1x1x!quant.uniform<u8:f32, 0.25:3>>
  %1 = quant.dcast %0 : tensor<1x1x!quant.uniform<u8:f32, 0.25:3>> to tensor<1x1xf32>
  return %1 : tensor<1x1xf32>
}

// -----

func.func @concat_float_operand(%arg0: tensor<1x2xf32>, %arg1: tensor<1x2xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x2xf32> to tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>
  // expected-error@+1 {{qc.concat: unquantized operand}}
  %0 = qc.concat %q, %arg1 {axis = 1 : i64} : (tensor<1x2x!quant.uniform<u8:f32, 0.5:4>>, tensor<1x2xf32>) -> tensor<1x4x!quant.uniform<u8:f32, 0.5:4>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.5:4>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// A product of a float operand.
func.func @mul_unquantized(%arg0: tensor<1x4xf32>, %arg1: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %q = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>
  // expected-error@+1 {{qc.mul: unquantized operand}}
  %0 = qc.mul %q, %arg1 : (tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>, tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<u8:f32, 0.2:3>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32, 0.2:3>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// A product whose operands both broadcast ([4x1] x [1x4] -> [4x4]): the
// integer form broadcasts one operand onto the other only.
func.func @mul_both_broadcast(%arg0: tensor<4x1xf32>, %arg1: tensor<1x4xf32>) -> tensor<4x4xf32> {
  %a = quant.qcast %arg0 : tensor<4x1xf32> to tensor<4x1x!quant.uniform<u8:f32, 0.1:3>>
  %b = quant.qcast %arg1 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>
  // expected-error@+1 {{qc.mul: unimplemented: an integer-only product where neither operand has the result's shape 'tensor<4x4x!quant.uniform<u8:f32, 2.000000e-01:3>>'}}
  %0 = qc.mul %a, %b : (tensor<4x1x!quant.uniform<u8:f32, 0.1:3>>, tensor<1x4x!quant.uniform<u8:f32, 0.1:3>>) -> tensor<4x4x!quant.uniform<u8:f32, 0.2:3>>
  %1 = quant.dcast %0 : tensor<4x4x!quant.uniform<u8:f32, 0.2:3>> to tensor<4x4xf32>
  return %1 : tensor<4x4xf32>
}
