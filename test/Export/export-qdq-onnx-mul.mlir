// RUN: quantc-opt %s -quantc-export-qdq-onnx=output=%t.onnx | FileCheck %s --check-prefix=IR
// RUN: %python %S/qdq_tool.py dump %t.onnx | FileCheck %s

// Products through the exporter (hand-written quantized qc, no ONNX Runtime
// needed): Swish x * sigmoid(x) becomes Sigmoid and Mul on dequantized
// tensors, each followed by its QuantizeLinear; a quantized constant factor
// (u8 code 200 at scale 0.005, i.e. 1.0, stored as the i8 bits -56) becomes
// a uint8 initializer behind its own DequantizeLinear.

!x = !quant.uniform<u8:f32, 5.000000e-02:120>
!s = !quant.uniform<u8:f32, 3.906250e-03>
!y = !quant.uniform<u8:f32, 2.500000e-02:12>
!k = !quant.uniform<u8:f32, 5.000000e-03>
!z = !quant.uniform<u8:f32, 7.500000e-02:12>

// IR-LABEL: func.func @main
// IR: qc.mul
module attributes {qc.source = "dir/swish.onnx"} {
  func.func @main(%x: tensor<1x8xf32> {qc.onnx_name = "x"})
      -> (tensor<1x8xf32> {qc.onnx_name = "scaled"}) {
    %q = quant.qcast %x : tensor<1x8xf32> to tensor<1x8x!x>
    %sig = qc.sigmoid %q : (tensor<1x8x!x>) -> tensor<1x8x!s> loc("sig")
    %sw = qc.mul %q, %sig : (tensor<1x8x!x>, tensor<1x8x!s>) -> tensor<1x8x!y> loc("swish")
    %c = qc.constant dense<-56> : tensor<1x1xi8>
    %k = quant.scast %c : tensor<1x1xi8> to tensor<1x1x!k>
    %sc = qc.mul %sw, %k : (tensor<1x8x!y>, tensor<1x1x!k>) -> tensor<1x8x!z> loc("scale")
    %d = quant.dcast %sc : tensor<1x8x!z> to tensor<1x8xf32>
    return %d : tensor<1x8xf32>
  }
}

// CHECK: model ir_version=7 opset=ai.onnx:13 producer=quantc graph=swish
// CHECK-NEXT: input x float32[1,8]
// CHECK-NEXT: output scaled float32[1,8]
// CHECK-NEXT: node QuantizeLinear x_QuantizeLinear(x, x_scale, x_zero_point) -> x_quantized
// CHECK-NEXT: node DequantizeLinear x_DequantizeLinear(x_quantized, x_scale, x_zero_point) -> x_dequantized
// CHECK-NEXT: node Sigmoid sig(x_dequantized) -> sig_output
// CHECK-NEXT: node QuantizeLinear sig_output_QuantizeLinear(sig_output, sig_output_scale, sig_output_zero_point) -> sig_output_quantized
// CHECK-NEXT: node DequantizeLinear sig_output_DequantizeLinear(sig_output_quantized, sig_output_scale, sig_output_zero_point) -> sig_output_dequantized
// CHECK-NEXT: node Mul swish(x_dequantized, sig_output_dequantized) -> swish_output
// CHECK-NEXT: node QuantizeLinear swish_output_QuantizeLinear(swish_output, swish_output_scale, swish_output_zero_point) -> swish_output_quantized
// CHECK-NEXT: node DequantizeLinear swish_output_DequantizeLinear(swish_output_quantized, swish_output_scale, swish_output_zero_point) -> swish_output_dequantized
// CHECK-NEXT: node DequantizeLinear scale_constant_DequantizeLinear(scale_constant_quantized, scale_constant_scale, scale_constant_zero_point) -> scale_constant
// CHECK-NEXT: node Mul scale(swish_output_dequantized, scale_constant) -> scale_output
// CHECK-NEXT: node QuantizeLinear scale_output_QuantizeLinear(
// CHECK-NEXT: node DequantizeLinear scale_output_DequantizeLinear({{.*}}) -> scaled
// The scales and zero points are the quant types'; the factor's code 200 is
// written as uint8 (its i8 storage reinterpreted), on the factor's scale.
// CHECK-NEXT: init x_scale float32[] = 0.0500000007
// CHECK-NEXT: init x_zero_point uint8[] = 120
// CHECK-NEXT: init sig_output_scale float32[] = 0.00390625
// CHECK-NEXT: init sig_output_zero_point uint8[] = 0
// CHECK-NEXT: init swish_output_scale float32[] = 0.0250000004
// CHECK-NEXT: init swish_output_zero_point uint8[] = 12
// CHECK-NEXT: init scale_constant_quantized uint8[1,1] = [200]
// CHECK-NEXT: init scale_constant_scale float32[] = 0.00499999989
// CHECK-NEXT: init scale_constant_zero_point uint8[] = 0
// CHECK-NEXT: init scale_output_scale float32[] = 0.075000003
// CHECK-NEXT: init scale_output_zero_point uint8[] = 12
