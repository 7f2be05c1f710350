//===- Passes.h - quantc conversion passes ----------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_CONVERSION_PASSES_H
#define QUANTC_CONVERSION_PASSES_H

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace qc {

#define GEN_PASS_DECL
#include "quantc/Conversion/Passes.h.inc"

/// The qc -> linalg/tensor conversion patterns (every qc op), with the type
/// conversion of unsigned integer codes to signless integers.
void populateQCToLinalgConversionPatterns(RewritePatternSet &patterns,
                                          const TypeConverter &converter);

#define GEN_PASS_REGISTRATION
#include "quantc/Conversion/Passes.h.inc"

} // namespace qc
} // namespace mlir

#endif // QUANTC_CONVERSION_PASSES_H
