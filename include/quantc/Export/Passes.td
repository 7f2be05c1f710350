//===- Passes.td - quantc export passes --------------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_EXPORT_PASSES_TD
#define QUANTC_EXPORT_PASSES_TD

include "mlir/Pass/PassBase.td"

def ExportQDQONNX : Pass<"quantc-export-qdq-onnx", "::mlir::ModuleOp"> {
  let summary = "Write the quantized module as an ONNX QDQ model";
  let description = [{
    Runs `quantc::exportQDQONNX` (include/quantc/Export/ONNXExporter.h) on
    the module and writes the model to `output`; the IR is left unchanged.
    `quantc --emit=qdq-onnx` calls the exporter directly; this pass exposes
    it to quantc-opt so its contract can be tested on hand-written IR.

    Precondition: the module as quantc-quantize leaves it, in NCHW (no
    quantc-convert-layout), before quantc-integerize. Each tensor T with a
    per-tensor `!quant.uniform<u8:f32, s:z>` type becomes

        T_f -> QuantizeLinear(s, z) -> DequantizeLinear(s, z) -> T

    (also after ops that keep their input's parameters, so runtimes find
    complete node units); `quant.scast`s of i8/i32 constants become int8 /
    int32 initializers behind a (per-axis) DequantizeLinear; i32-quantized
    model outputs stay float. A contraction's fused epilogue
    `clamp(leaky(acc + bias + residual))` is unfused into
    Conv | MatMul+Add, Add, LeakyRelu, Relu | Clip.

    Errors: an op outside that precondition (NHWC, integerized, without an
    ONNX mapping), naming the op; an unwritable `output`.
  }];
  let options = [
    Option<"output", "output", "std::string", "\"\"",
           "Path of the .onnx file to write">
  ];
}

#endif // QUANTC_EXPORT_PASSES_TD
