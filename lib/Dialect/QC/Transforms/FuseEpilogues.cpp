//===- FuseEpilogues.cpp - Bias, residual and activation into contractions ===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::qc {
#define GEN_PASS_DEF_FUSEEPILOGUES
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

/// The float contraction producing `v`, if `v` is its only use and it has
/// a channel dimension (a matrix-vector product has none).
ContractionOpInterface contractionOf(Value v) {
  auto c = v.getDefiningOp<ContractionOpInterface>();
  if (!c || !c->hasOneUse() || !getElementTypeOrSelf(v.getType()).isF32() ||
      c.getResultChannelDim() < 0)
    return nullptr;
  return c;
}

/// add(y, K) with K per-channel -> bias; add(y, r) -> residual.
struct FuseAdd : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(add.getType());
    for (auto [y, other] : bothOrders(add)) {
      ContractionOpInterface c = contractionOf(y);
      if (!c || c.hasActivation() || y.getType() != type)
        continue;
      if (auto values =
              getPerChannelValues(other, type, c.getResultChannelDim())) {
        // Bias (added to an existing constant bias).
        std::vector<double> bias = *values;
        if (Value b = c.getBias()) {
          ElementsAttr battr = getConstantTensor(b);
          auto old = battr ? getValuesAsDouble(battr) : std::nullopt;
          if (!old)
            continue;
          for (size_t i = 0; i < bias.size(); ++i)
            bias[i] += (*old)[i];
        }
        auto bType = RankedTensorType::get({(int64_t)bias.size()},
                                           type.getElementType());
        rewriter.setInsertionPoint(c);
        Value biasV = ConstantOp::create(
            rewriter, add.getLoc(),
            makeElementsAttrFromDoubles(bType, bias, "fused_bias"));
        rewriter.modifyOpInPlace(c, [&] {
          MutableOperandRange range = c.getBiasMutable();
          if (range.empty())
            range.append(biasV);
          else
            range.assign(biasV);
        });
        rewriter.replaceOp(add, y);
        return success();
      }
      if (other.getType() == type && !c.getResidual()) {
        // Residual: the fused op moves to the add, where `other` exists.
        rewriter.setInsertionPoint(add);
        auto fused = cast<ContractionOpInterface>(rewriter.clone(*c));
        rewriter.modifyOpInPlace(
            fused, [&, r = other] { fused.getResidualMutable().append(r); });
        rewriter.replaceOp(add, fused->getResult(0));
        rewriter.eraseOp(c);
        return success();
      }
    }
    return rewriter.notifyMatchFailure(add, "no fusable contraction operand");
  }
};

struct FuseClamp : OpRewritePattern<ClampOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClampOp clamp,
                                PatternRewriter &rewriter) const override {
    ContractionOpInterface c = contractionOf(clamp.getInput());
    if (!c)
      return rewriter.notifyMatchFailure(clamp, "no fusable contraction");
    FloatAttr lo = c.getClampMinAttr(), hi = c.getClampMaxAttr();
    float newLo = clamp.getMin() ? clamp.getMin()->convertToFloat()
                                 : -std::numeric_limits<float>::infinity();
    float newHi = clamp.getMax() ? clamp.getMax()->convertToFloat()
                                 : std::numeric_limits<float>::infinity();
    if (lo)
      newLo = std::max(newLo, (float)lo.getValueAsDouble());
    if (hi)
      newHi = std::min(newHi, (float)hi.getValueAsDouble());
    // Two clamps compose into one only when their ranges overlap; disjoint
    // ranges give a constant, which the contraction cannot express.
    if (newLo > newHi)
      return rewriter.notifyMatchFailure(clamp, "disjoint clamp ranges");
    rewriter.modifyOpInPlace(c, [&] {
      if (clamp.getMin() || lo)
        c.setClampMinAttr(rewriter.getF32FloatAttr(newLo));
      if (clamp.getMax() || hi)
        c.setClampMaxAttr(rewriter.getF32FloatAttr(newHi));
    });
    rewriter.replaceOp(clamp, clamp.getInput());
    return success();
  }
};

struct FuseLeakyRelu : OpRewritePattern<LeakyReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LeakyReluOp op,
                                PatternRewriter &rewriter) const override {
    ContractionOpInterface c = contractionOf(op.getInput());
    if (!c || c.hasActivation())
      return rewriter.notifyMatchFailure(op, "no fusable contraction");
    rewriter.modifyOpInPlace(c, [&] { c.setLeakyAlphaAttr(op.getAlphaAttr()); });
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

struct FuseEpiloguesPass
    : public qc::impl::FuseEpiloguesBase<FuseEpiloguesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseEpiloguePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void qc::populateFuseEpiloguePatterns(RewritePatternSet &patterns) {
  patterns.add<FuseAdd, FuseClamp, FuseLeakyRelu>(patterns.getContext());
}
