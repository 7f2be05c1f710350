//===- ONNXImporter.h - ONNX protobuf to qc.onnx_op -------------*- C++ -*-===//
//
// Part of the quantc project.
//
// The first, thin and total step of import (as torch-mlir's ONNX importer):
// parse and check the protobuf, convert old opsets, fix input shapes, run
// ONNX shape inference, then emit one `qc.onnx_op` per node inside
// `func.func @main`, initializers as `qc.constant`s (weights as
// dense_resource blobs). Legalization into real qc ops is the separate
// `quantc-legalize-onnx` pass.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_IMPORT_ONNXIMPORTER_H
#define QUANTC_IMPORT_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace quantc {

struct ONNXImportOptions {
  /// Shapes to use for graph inputs, by input name; they replace the
  /// model's (symbolic or static) input shape.
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// Models whose default-domain opset is older than this are converted to
  /// it with ONNX's version converter before import.
  int64_t targetOpset = 13;
  /// inputShapes may change a leading (batch) dimension the model fixes
  /// (quantc --sensitivity batching a batch-1 graph; the caller checks the
  /// result still has one output row per image).
  bool overrideFixedBatch = false;
  /// Emit a note for each symbolic dimension that defaults to 1.
  bool noteDefaultedDims = true;
};

/// The attribute names quantc puts on the entry function's arguments and
/// results to keep the ONNX value names.
constexpr const char *kONNXNameAttr = "qc.onnx_name";
/// Metadata key prefix (followed by the output's name) of the scale of a
/// 32-bit output in quantc's QDQ export; the importer puts it on the entry
/// result as the attribute kInt32OutputScaleAttr.
constexpr llvm::StringLiteral kInt32OutputScaleKey = "quantc.int32_output_scale:";
constexpr const char *kInt32OutputScaleAttr = "qc.int32_output_scale";

/// Imports the ONNX model at `path`. Errors and notes go to the context's
/// diagnostic handler, located at the file (and the node's NameLoc for
/// node errors); returns null on error.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(mlir::MLIRContext &context, llvm::StringRef path,
               const ONNXImportOptions &options);

/// Same, from serialized bytes; `displayName` names the model in
/// diagnostics and external data is resolved relative to `baseDir`.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBytes(mlir::MLIRContext &context, llvm::StringRef bytes,
                llvm::StringRef displayName, llvm::StringRef baseDir,
                const ONNXImportOptions &options);

/// Parses "NAME=1x3x224x224" into (name, dims); false on malformed text.
bool parseInputShapeSpec(llvm::StringRef spec, std::string &name,
                         std::vector<int64_t> &dims);

} // namespace quantc

#endif // QUANTC_IMPORT_ONNXIMPORTER_H
