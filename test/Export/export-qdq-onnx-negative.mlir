// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-export-qdq-onnx=output=%t.onnx -o /dev/null
// RUN: not quantc-opt %s -split-input-file -quantc-export-qdq-onnx 2>&1 | FileCheck %s --check-prefix=NOPATH

// Each case is outside the export's contract (the quantized NCHW graph as
// quantc-quantize leaves it) and is refused at the op, never written as a
// silently different model.

// NOPATH: error: quantc-export-qdq-onnx: no output path (give output=FILE)

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {1.000000e-01, 2.000000e-01}>

// The NHWC layout is quantc's own: ONNX convolutions are NCHW.
func.func @main(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %q = quant.qcast %x : tensor<1x4x4x2xf32> to tensor<1x4x4x2x!u8>
  %c = qc.constant dense<1> : tensor<2x1x1x2xi8>
  %w = quant.scast %c : tensor<2x1x1x2xi8> to tensor<2x1x1x2x!w>
  // expected-error @+1 {{qc.conv2d: unimplemented: QDQ export of layout nhwc (the export keeps ONNX's NCHW layout: run it without quantc-convert-layout)}}
  %y = qc.conv2d %q, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, layout = #qc<layout nhwc>}
      : (tensor<1x4x4x2x!u8>, tensor<2x1x1x2x!w>) -> tensor<1x4x4x2x!u8>
  %d = quant.dcast %y : tensor<1x4x4x2x!u8> to tensor<1x4x4x2xf32>
  return %d : tensor<1x4x4x2xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {1.000000e-01, 2.000000e-01}>

// An integerized contraction (#qc.requant) is past the export's input.
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %q = quant.qcast %x : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!u8>
  %c = qc.constant dense<1> : tensor<2x2x1x1xi8>
  %w = quant.scast %c : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  // expected-error @+1 {{qc.conv2d: expected the quantized graph before quantc-integerize, found a requantization (#qc.requant)}}
  %y = qc.conv2d %q, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>,
                         requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 0, min = 0, max = 255>}
      : (tensor<1x2x4x4x!u8>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!u8>
  %d = quant.dcast %y : tensor<1x2x4x4x!u8> to tensor<1x2x4x4xf32>
  return %d : tensor<1x2x4x4xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>
!w = !quant.uniform<i8<-127:127>:f32:1, {1.000000e-01, 2.000000e-01}>

// Filters are quantized per output channel: axis 0 of OIHW.
func.func @main(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %q = quant.qcast %x : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!u8>
  %c = qc.constant dense<1> : tensor<2x2x1x1xi8>
  %w = quant.scast %c : tensor<2x2x1x1xi8> to tensor<2x2x1x1x!w>
  // expected-error @+1 {{qc.conv2d: expected the filter quantized per axis 0, found axis 1}}
  %y = qc.conv2d %q, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
      : (tensor<1x2x4x4x!u8>, tensor<2x2x1x1x!w>) -> tensor<1x2x4x4x!u8>
  %d = quant.dcast %y : tensor<1x2x4x4x!u8> to tensor<1x2x4x4xf32>
  return %d : tensor<1x2x4x4xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>

// The right-hand side of a matmul must be constant weights.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %q = quant.qcast %x : tensor<1x4xf32> to tensor<1x4x!u8>
  %t = qc.reshape %q : (tensor<1x4x!u8>) -> tensor<4x1x!u8>
  // expected-error @+1 {{qc.matmul: expected the right-hand side to be a quant.scast of an integer constant (as quantc-quantize makes it), found 'tensor<4x1x!quant.uniform<u8:f32, 5.000000e-01:128>>'}}
  %y = qc.matmul %q, %t : (tensor<1x4x!u8>, tensor<4x1x!u8>) -> tensor<1x1x!u8>
  %d = quant.dcast %y : tensor<1x1x!u8> to tensor<1x1xf32>
  return %d : tensor<1x1xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>
!w = !quant.uniform<i8<-127:127>:f32:1, {1.000000e-01}>
!b = !quant.uniform<i32:f32:0, {5.000000e-02:3}>

// Opset 13 DequantizeLinear has no zero point for int32.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %q = quant.qcast %x : tensor<1x4xf32> to tensor<1x4x!u8>
  %c = qc.constant dense<1> : tensor<4x1xi8>
  %w = quant.scast %c : tensor<4x1xi8> to tensor<4x1x!w>
  %cb = qc.constant dense<7> : tensor<1xi32>
  %b = quant.scast %cb : tensor<1xi32> to tensor<1x!b>
  // expected-error @+1 {{qc.matmul: unimplemented: QDQ export of an int32 bias with a non-zero zero point}}
  %y = qc.matmul %q, %w, %b : (tensor<1x4x!u8>, tensor<4x1x!w>, tensor<1x!b>) -> tensor<1x1x!u8>
  %d = quant.dcast %y : tensor<1x1x!u8> to tensor<1x1xf32>
  return %d : tensor<1x1xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>
!w = !quant.uniform<i8<-127:127>:f32:0, {1.000000e-01, 2.000000e-01, 3.000000e-01, 4.000000e-01}>

// A rank-1 right-hand side has no output columns: quantc-quantize scales
// it per element, which no integer matmul takes.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1xf32> {
  %q = quant.qcast %x : tensor<1x4xf32> to tensor<1x4x!u8>
  %c = qc.constant dense<1> : tensor<4xi8>
  %w = quant.scast %c : tensor<4xi8> to tensor<4x!w>
  // expected-error @+1 {{qc.matmul: unimplemented: QDQ export of a rank-1 right-hand side (quantized per element, which integer matmuls do not take)}}
  %y = qc.matmul %q, %w : (tensor<1x4x!u8>, tensor<4x!w>) -> tensor<1x!u8>
  %d = quant.dcast %y : tensor<1x!u8> to tensor<1xf32>
  return %d : tensor<1xf32>
}

// -----

!n = !quant.uniform<i8<-127:127>:f32, 5.000000e-01>

// QuantizeLinear saturates to the full 8-bit range.
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{quant.qcast: unimplemented: QDQ export of a narrow-range activation 'tensor<4x!quant.uniform<i8<-127:127>:f32, 5.000000e-01>>' (QuantizeLinear saturates to the full 8-bit range)}}
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!n>
  %d = quant.dcast %q : tensor<4x!n> to tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>

// An op without a quantized form has no QDQ mapping either.
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!u8>
  // expected-error @+1 {{qc.log: unimplemented: QDQ export of this op (the export covers the ops quantc-quantize gives a quantized form)}}
  %s = qc.log %q : (tensor<4x!u8>) -> tensor<4x!u8>
  %d = quant.dcast %s : tensor<4x!u8> to tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// A float op: the module was not quantized.
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{qc.add: expected a per-tensor !quant.uniform activation of f32 (the result of quantc-quantize), found 'tensor<4xf32>'}}
  %s = qc.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}

// -----

!u8 = !quant.uniform<u8:f32, 5.000000e-01:128>

// Opset 13 Reshape reads a 0 in the shape as "keep this dimension".
func.func @main(%x: tensor<0x4xf32>) -> tensor<4x0xf32> {
  %q = quant.qcast %x : tensor<0x4xf32> to tensor<0x4x!u8>
  // expected-error @+1 {{qc.reshape: unimplemented: QDQ export of a reshape to a zero-sized shape}}
  %r = qc.reshape %q : (tensor<0x4x!u8>) -> tensor<4x0x!u8>
  %d = quant.dcast %r : tensor<4x0x!u8> to tensor<4x0xf32>
  return %d : tensor<4x0xf32>
}

// -----

// expected-error @+1 {{QDQ export: no entry function @main}}
module {
  func.func @other() {
    return
  }
}
