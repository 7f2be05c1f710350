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

namespace mlir {
namespace qc {
#define GEN_PASS_DEF_FUSEEPILOGUES
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace qc
} // namespace mlir

using namespace mlir;
using namespace mlir::qc;

namespace {

/// The float contraction (conv2d or matmul) producing `v`, if `v` is its
/// only use, and the index of its channel dimension.
Operation *contractionOf(Value v, int64_t &channelDim) {
  Operation *def = v.getDefiningOp();
  if (!def || !def->hasOneUse() ||
      !getElementTypeOrSelf(v.getType()).isF32())
    return nullptr;
  if (auto conv = dyn_cast<Conv2DOp>(def)) {
    channelDim = conv.getChannelDim();
    return def;
  }
  if (auto mm = dyn_cast<MatMulOp>(def)) {
    auto t = cast<RankedTensorType>(mm.getType());
    auto rhs = cast<RankedTensorType>(mm.getRhs().getType());
    if (rhs.getRank() == 1)
      return nullptr;
    channelDim = t.getRank() - 1;
    return def;
  }
  return nullptr;
}

// Accessors shared by conv2d and matmul.
bool hasActivation(Operation *op) {
  if (auto c = dyn_cast<Conv2DOp>(op))
    return c.hasActivation();
  return cast<MatMulOp>(op).hasActivation();
}
OpOperand *biasOperand(Operation *op) {
  if (auto c = dyn_cast<Conv2DOp>(op))
    return c.getBias() ? &c.getBiasMutable()[0] : nullptr;
  auto m = cast<MatMulOp>(op);
  return m.getBias() ? &m.getBiasMutable()[0] : nullptr;
}
Value residualOf(Operation *op) {
  if (auto c = dyn_cast<Conv2DOp>(op))
    return c.getResidual();
  return cast<MatMulOp>(op).getResidual();
}
MutableOperandRange biasRange(Operation *op) {
  if (auto c = dyn_cast<Conv2DOp>(op))
    return c.getBiasMutable();
  return cast<MatMulOp>(op).getBiasMutable();
}
MutableOperandRange residualRange(Operation *op) {
  if (auto c = dyn_cast<Conv2DOp>(op))
    return c.getResidualMutable();
  return cast<MatMulOp>(op).getResidualMutable();
}

/// add(y, K) with K per-channel -> bias; add(y, r) -> residual.
struct FuseAdd : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(add.getType());
    for (int side = 0; side < 2; ++side) {
      Value y = side == 0 ? add.getLhs() : add.getRhs();
      Value other = side == 0 ? add.getRhs() : add.getLhs();
      int64_t channelDim;
      Operation *c = contractionOf(y, channelDim);
      if (!c || hasActivation(c) || y.getType() != type)
        continue;
      if (auto values = getPerChannelValues(other, type, channelDim)) {
        // Bias (added to an existing constant bias).
        std::vector<double> bias = *values;
        if (OpOperand *b = biasOperand(c)) {
          ElementsAttr battr = getConstantTensor(b->get());
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
          MutableOperandRange range = biasRange(c);
          if (range.empty())
            range.append(biasV);
          else
            range.assign(biasV);
        });
        rewriter.replaceOp(add, y);
        return success();
      }
      if (other.getType() == type && !residualOf(c)) {
        // Residual: the fused op moves to the add, where `other` exists.
        rewriter.setInsertionPoint(add);
        Operation *fused = rewriter.clone(*c);
        rewriter.modifyOpInPlace(fused, [&] {
          residualRange(fused).append(other);
        });
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
    int64_t channelDim;
    Operation *c = contractionOf(clamp.getInput(), channelDim);
    if (!c)
      return rewriter.notifyMatchFailure(clamp, "no fusable contraction");
    FloatAttr lo = c->getAttrOfType<FloatAttr>("clamp_min");
    FloatAttr hi = c->getAttrOfType<FloatAttr>("clamp_max");
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
        c->setAttr("clamp_min", rewriter.getF32FloatAttr(newLo));
      if (clamp.getMax() || hi)
        c->setAttr("clamp_max", rewriter.getF32FloatAttr(newHi));
    });
    rewriter.replaceOp(clamp, clamp.getInput());
    return success();
  }
};

struct FuseLeakyRelu : OpRewritePattern<LeakyReluOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LeakyReluOp op,
                                PatternRewriter &rewriter) const override {
    int64_t channelDim;
    Operation *c = contractionOf(op.getInput(), channelDim);
    if (!c || hasActivation(c))
      return rewriter.notifyMatchFailure(op, "no fusable contraction");
    rewriter.modifyOpInPlace(
        c, [&] { c->setAttr("leaky_alpha", op.getAlphaAttr()); });
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
