//===- ONNXExporter.h - Quantized qc to an ONNX QDQ model -------*- C++ -*-===//
//
// Part of the quantc project.
//
// The way back to ONNX: quantc's own quantization (scales, zero points,
// per-channel int8 weights, int32 biases, folded BatchNorm, fused
// epilogues) written as a QuantizeLinear/DequantizeLinear ("QDQ") model that
// any ONNX runtime can run. See docs/quantization.md, "Interop: QDQ export".
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_EXPORT_ONNXEXPORTER_H
#define QUANTC_EXPORT_ONNXEXPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace quantc {

/// Serializes the entry `@main` of `module` as an ONNX QDQ model (opset 13,
/// IR version 7, producer "quantc").
///
/// Precondition (the export's contract): `module` is quantc's quantized qc
/// graph as quantc-quantize leaves it, in ONNX's NCHW layout (no
/// quantc-convert-layout) and before quantc-integerize: activations have
/// per-tensor `!quant.uniform` u8/i8 types (or i32 at a model output), weights
/// and biases are `quant.scast`s of integer constants, float inputs enter
/// through `quant.qcast` and results leave through `quant.dcast`. The names
/// of the graph's inputs and outputs come from the `qc.onnx_name` argument
/// and result attributes, node names from the ops' `NameLoc`s.
///
/// Every op outside that contract (an NHWC or integerized op, an op without
/// an ONNX mapping, a type the format cannot carry) is an error located at
/// the op. The model is checked with the ONNX checker and strict shape
/// inference before it is returned.
mlir::LogicalResult exportQDQONNXToString(mlir::ModuleOp module, std::string &bytes);

/// Same, written to `path`: through a temporary file in the same directory
/// renamed over `path` on success, so a failure never leaves a partial or
/// clobbered file behind.
mlir::LogicalResult exportQDQONNX(mlir::ModuleOp module, llvm::StringRef path);

} // namespace quantc

#endif // QUANTC_EXPORT_ONNXEXPORTER_H
