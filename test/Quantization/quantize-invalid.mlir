// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-quantize

// Every error quantc-quantize emits (lib/Quantization/Quantize.cpp). The
// messages name the ONNX node; these hand-written ops have none (the CLI
// tests check the node names on real models).

// expected-error@+1 {{quantc-quantize: no entry function @main}}
module {
  func.func @other(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
    return %arg0 : tensor<1x4xf32>
  }
}

// -----

// expected-error@+1 {{quantc-quantize: no calibrated range for argument 1 (run quantc-calibrate first)}}
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}, %arg1: tensor<2xf32>) -> tensor<2xf32> {
  return %arg0 : tensor<2xf32>
}

// -----


func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<2xf32> {
  // expected-error@+1 {{qc.add: no calibrated range (run quantc-calibrate first)}}
  %0 = qc.add %arg0, %arg0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @main(%arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x4xf32> {
  // expected-error@+1 {{qc.softmax: unimplemented: an integer-only form of this op}}
  %0 = qc.softmax %arg0 {axis = 1 : i64, qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Data movement of a float constant: its input has no parameters to keep.
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x2xf32> {
  %c = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  // expected-error@+1 {{qc.reshape: the input is not quantized}}
  %0 = qc.reshape %c : (tensor<2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// A float constant operand that broadcasts the activation up (the rescale
// reads its input at the result's shape): no integer form.
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<3x2xf32> {
  %c = qc.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  // expected-error@+1 {{qc.add: an operand is not quantized (a float constant or an op without an integer form feeds it)}}
  %0 = qc.add %arg0, %c {qc.calib = #qc.calib<min = 0.0, max = 7.0, lo = 0.0, hi = 7.0>} : (tensor<2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// A constant addend a million output steps wide: its i32 codes at 1/256 of
// the result's step would not fit 31 bits.
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<2xf32> {
  %c = qc.constant dense<[1.0e7, 2.0]> : tensor<2xf32>
  // expected-error@+1 {{qc.sub: the constant 1.000000e+07 at index 0 is out of proportion to the result's calibrated range (scale 3.921569e-03): it does not fit 31 bits at 1/256 of that scale}}
  %0 = qc.sub %arg0, %c {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Division by a constant 0 (its reciprocal is a product's factor).
func.func @main(%arg0: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x2xf32> {
  %c = qc.constant dense<[2.0, 0.0]> : tensor<2xf32>
  // expected-error@+1 {{qc.div: the constant divisor is 0.000000e+00 at index 1 (its reciprocal is not finite)}}
  %0 = qc.div %arg0, %c {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

// Division by an activation has no integer form.
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 1.0, max = 2.0, lo = 1.0, hi = 2.0>}) -> tensor<2xf32> {
  // expected-error@+1 {{qc.div: unimplemented: an integer-only division by a tensor that is not a constant}}
  %0 = qc.div %arg0, %arg0 {qc.calib = #qc.calib<min = 1.0, max = 1.0, lo = 1.0, hi = 1.0>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @main(%arg0: tensor<2x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x1x1x2xf32> {
  %x = qc.constant dense<1.0> : tensor<1x1x1x2xf32>
  %w = qc.constant dense<1.0> : tensor<2x1x1x2xf32>
  // expected-error@+1 {{qc.conv2d: input is not quantized}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  return %1 : tensor<1x1x1x2xf32>
}

// -----

func.func @main(%arg0: tensor<2x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x2xf32> {
  %x = qc.constant dense<1.0> : tensor<1x2xf32>
  // expected-error@+1 {{qc.matmul: input is not quantized}}
  %0 = qc.matmul %x, %arg0 {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// x @ x^T: the rhs is an activation, not constant weights.
func.func @main(%arg0: tensor<2x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<2x2xf32> {
  // expected-error@+1 {{qc.matmul: integer-only code needs constant weights}}
  %0 = qc.matmul %arg0, %arg0 {qc.calib = #qc.calib<min = 0.0, max = 2.0, lo = 0.0, hi = 2.0>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %1 : tensor<2x2xf32>
}

// -----

func.func @main(%arg0: tensor<1x1x1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>},
                %arg1: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x1x1x2xf32> {
  %w = qc.constant dense<1.0> : tensor<2x1x1x2xf32>
  // expected-error@+1 {{qc.conv2d: integer-only code needs a constant bias}}
  %0 = qc.conv2d %arg0, %w, %arg1 {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<1x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  return %1 : tensor<1x1x1x2xf32>
}

// -----

func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<2xf32> {
  // expected-error@+1 {{qc.mul: no calibrated range (run quantc-calibrate first)}}
  %0 = qc.mul %arg0, %arg0 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// A constant factor that varies along two dimensions (no per-channel
// multipliers) spanning 1000:1 on one u8 scale: 0.001 would round to code 0
// and silently zero its element.
func.func @main(%arg0: tensor<2x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<2x2xf32> {
  %c = qc.constant dense<[[1.0, 0.001], [1.0, 1.0]]> : tensor<2x2xf32>
  // expected-error@+1 {{qc.mul: unimplemented: a constant factor whose values span too wide a range for one 8-bit scale (1.000000e-03 at index 1 rounds to 0 at scale 3.921569e-03)}}
  %0 = qc.mul %arg0, %c {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// A constant operand that is not finite.
func.func @main(%arg0: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x2xf32> {
  %c = qc.constant dense<[2.0, 0x7F800000]> : tensor<2xf32>
  // expected-error@+1 {{qc.mul: the constant operand is INF at index 1 (not finite)}}
  %0 = qc.mul %arg0, %c {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
