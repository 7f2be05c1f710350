//===- ExpandMath.cpp - Polynomial approximations for math ops ------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Target/CPU/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qc {
#define GEN_PASS_DEF_EXPANDMATH
#include "quantc/Target/CPU/Passes.h.inc"

namespace {
/// The patterns are built once per pass instance (`initialize`) and frozen,
/// not on every function.
struct ExpandMathPass : public impl::ExpandMathBase<ExpandMathPass> {
  LogicalResult initialize(MLIRContext *ctx) override {
    RewritePatternSet set(ctx);
    populateMathPolynomialApproximationPatterns(set);
    patterns = std::move(set);
    return success();
  }
  void runOnOperation() override {
    if (failed(applyPatternsGreedily(getOperation(), patterns)))
      signalPassFailure();
  }

  FrozenRewritePatternSet patterns;
};
} // namespace
} // namespace mlir::qc
