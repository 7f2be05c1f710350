//===- Passes.h - qc dialect passes -----------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_TRANSFORMS_PASSES_H
#define QUANTC_DIALECT_QC_TRANSFORMS_PASSES_H

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace qc {

#define GEN_PASS_DECL
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"

/// Transpose-sinking patterns of quantc-convert-layout.
void populateTransposeSinkingPatterns(RewritePatternSet &patterns);
/// Patterns of quantc-fuse-epilogues.
void populateFuseEpiloguePatterns(RewritePatternSet &patterns);

/// quantc-differentiate's transformation: adds `@<name>` (private, after
/// `func`) returning `func`'s result and its gradients with respect to the
/// arguments `wrt` (see the pass). Fails, with errors emitted, when an op
/// on a differentiated path has no vector-Jacobian product.
FailureOr<func::FuncOp> buildGradientFunction(func::FuncOp func,
                                              ArrayRef<unsigned> wrt,
                                              StringRef name);

#define GEN_PASS_REGISTRATION
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"

} // namespace qc
} // namespace mlir

#endif // QUANTC_DIALECT_QC_TRANSFORMS_PASSES_H
