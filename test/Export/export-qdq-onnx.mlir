// RUN: quantc-opt %s -quantc-export-qdq-onnx=output=%t.onnx | FileCheck %s --check-prefix=IR
// RUN: %python %S/qdq_tool.py dump %t.onnx | FileCheck %s

// The exporter on hand-written quantized qc: signed 8-bit activations
// (int8 zero points), an integer graph input (gather indices), outputs that
// are an input or repeat another output (Identity nodes), and slice ends
// for negative steps. The pass leaves the IR as it is.

!a = !quant.uniform<i8:f32, 2.500000e-01:-3>

// IR-LABEL: func.func @main
// IR: qc.gather
// IR: qc.slice
module attributes {qc.source = "dir/hand.onnx"} {
  func.func @main(%x: tensor<1x2x4x4xf32> {qc.onnx_name = "x"},
                  %idx: tensor<2xi64> {qc.onnx_name = "idx"})
      -> (tensor<1x2x4x4xf32> {qc.onnx_name = "passthrough"},
          tensor<1x2x4x2xf32> {qc.onnx_name = "gathered"},
          tensor<1x2x4x2xf32> {qc.onnx_name = "gathered_again"},
          tensor<1x2x2x4xf32> {qc.onnx_name = "sliced"}) {
    %q = quant.qcast %x : tensor<1x2x4x4xf32> to tensor<1x2x4x4x!a>
    %g = qc.gather %q, %idx {axis = 3 : i64}
        : (tensor<1x2x4x4x!a>, tensor<2xi64>) -> tensor<1x2x4x2x!a> loc("take")
    // Dimension 1: indices 1, 0 (the end is before index 0: INT64_MIN);
    // dimension 2: indices 3, 1 (end 0, excluded).
    %s = qc.slice %q {starts = array<i64: 0, 1, 3, 0>, steps = array<i64: 1, -1, -2, 1>}
        : (tensor<1x2x4x4x!a>) -> tensor<1x2x2x4x!a> loc("reverse")
    %dg = quant.dcast %g : tensor<1x2x4x2x!a> to tensor<1x2x4x2xf32>
    %ds = quant.dcast %s : tensor<1x2x2x4x!a> to tensor<1x2x2x4xf32>
    return %x, %dg, %dg, %ds
        : tensor<1x2x4x4xf32>, tensor<1x2x4x2xf32>, tensor<1x2x4x2xf32>, tensor<1x2x2x4xf32>
  }
}

// CHECK: model ir_version=7 opset=ai.onnx:13 producer=quantc graph=hand
// CHECK-NEXT: input x float32[1,2,4,4]
// CHECK-NEXT: input idx int64[2]
// CHECK-NEXT: output passthrough float32[1,2,4,4]
// CHECK-NEXT: output gathered float32[1,2,4,2]
// CHECK-NEXT: output gathered_again float32[1,2,4,2]
// CHECK-NEXT: output sliced float32[1,2,2,4]
// CHECK-NEXT: node QuantizeLinear x_QuantizeLinear(x, x_scale, x_zero_point) -> x_quantized
// CHECK-NEXT: node DequantizeLinear x_DequantizeLinear(x_quantized, x_scale, x_zero_point) -> x_dequantized
// CHECK-NEXT: node Gather take(x_dequantized, idx) -> take_output {axis=3}
// CHECK-NEXT: node QuantizeLinear take_output_QuantizeLinear(take_output, take_output_scale, take_output_zero_point) -> take_output_quantized
// CHECK-NEXT: node DequantizeLinear take_output_DequantizeLinear(take_output_quantized, take_output_scale, take_output_zero_point) -> gathered
// CHECK-NEXT: node Slice reverse(x_dequantized, reverse_starts, reverse_ends, reverse_axes, reverse_steps) -> reverse_output
// CHECK-NEXT: node QuantizeLinear reverse_output_QuantizeLinear(
// CHECK-NEXT: node DequantizeLinear reverse_output_DequantizeLinear({{.*}}) -> sliced
// CHECK-NEXT: node Identity passthrough_Identity(x) -> passthrough
// CHECK-NEXT: node Identity gathered_again_Identity(gathered) -> gathered_again
// CHECK-NEXT: init x_scale float32[] = 0.25
// CHECK-NEXT: init x_zero_point int8[] = -3
// CHECK-NEXT: init take_output_scale float32[] = 0.25
// CHECK-NEXT: init take_output_zero_point int8[] = -3
// CHECK-NEXT: init reverse_starts int64[4] = [0, 1, 3, 0]
// CHECK-NEXT: init reverse_ends int64[4] = [1, -9223372036854775808, 0, 4]
// CHECK-NEXT: init reverse_axes int64[4] = [0, 1, 2, 3]
// CHECK-NEXT: init reverse_steps int64[4] = [1, -1, -2, 1]
