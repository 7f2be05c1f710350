//===- ConvertLayout.cpp - NCHW to NHWC with transpose sinking ------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qc {
#define GEN_PASS_DEF_CONVERTLAYOUT
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// transpose(v, perm): result dim k is input dim perm[k].
Value transpose(PatternRewriter &rewriter, Location loc, Value v,
                ArrayRef<int64_t> perm) {
  return TransposeOp::create(rewriter, loc, v, perm);
}

SmallVector<int64_t> inversePerm(ArrayRef<int64_t> perm) {
  SmallVector<int64_t> inv(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inv[p] = i;
  return inv;
}

RankedTensorType permutedType(RankedTensorType type, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  return RankedTensorType::get(shape, type.getElementType());
}

//===----------------------------------------------------------------------===//
// NCHW ops to NHWC
//===----------------------------------------------------------------------===//

struct ConvToNHWC : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getLayout() != Layout::NCHW)
      return rewriter.notifyMatchFailure(op, "already NHWC");
    Location loc = op.getLoc();
    Value input = transpose(rewriter, loc, op.getInput(), kToNHWC);
    Value filter = transpose(rewriter, loc, op.getFilter(), kToNHWC); // OIHW->OHWI
    Value residual = op.getResidual()
                         ? transpose(rewriter, loc, op.getResidual(), kToNHWC)
                         : Value();
    auto type = permutedType(cast<RankedTensorType>(op.getType()), kToNHWC);
    auto conv = Conv2DOp::create(
        rewriter, loc, type, input, filter, op.getBias(), residual,
        op.getClampMinAttr(), op.getClampMaxAttr(), op.getLeakyAlphaAttr(),
        op.getStridesAttr(), op.getDilationsAttr(), op.getPadsAttr(),
        op.getGroupsAttr(), LayoutAttr::get(op.getContext(), Layout::NHWC),
        op.getRequantAttr());
    rewriter.replaceOp(op, transpose(rewriter, loc, conv, kToNCHW));
    return success();
  }
};

template <typename OpTy>
struct PoolToNHWC : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    if (op.getLayout() != Layout::NCHW)
      return rewriter.notifyMatchFailure(op, "already NHWC");
    Location loc = op.getLoc();
    Value input = transpose(rewriter, loc, op.getInput(), kToNHWC);
    auto type = permutedType(cast<RankedTensorType>(op.getType()), kToNHWC);
    auto pool = cast<OpTy>(rewriter.clone(*op));
    rewriter.modifyOpInPlace(pool, [&] {
      pool.getInputMutable().assign(input);
      pool.getResult().setType(type);
      pool.setLayoutAttr(LayoutAttr::get(op.getContext(), Layout::NHWC));
    });
    rewriter.replaceOp(op, transpose(rewriter, loc, pool, kToNCHW));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Sinking: op(transpose(x)) -> transpose(op'(x))
//===----------------------------------------------------------------------===//

/// True when `v` is a constant up to reshapes and transposes (which fold):
/// such operands are transposed for free, and a transpose of one is a
/// folding candidate, not something to sink.
bool isFoldedConstant(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (isa<ConstantOp>(def))
      return true;
    if (!def->hasTrait<OpTrait::qc::RearrangesElements>())
      return false;
    v = def->getOperand(0);
  }
  return false;
}

/// A transpose worth sinking: not one of a constant.
TransposeOp sinkable(Value v) {
  auto t = v.getDefiningOp<TransposeOp>();
  if (!t || isFoldedConstant(t.getInput()))
    return nullptr;
  return t;
}

/// A transpose of a function input through an op HoistToInput moves it
/// above: not sunk (that would undo the hoist; nothing upstream cancels
/// it). Other sinks of such transposes (through pads, concats) still run.
bool isHoisted(TransposeOp t) { return isa<BlockArgument>(t.getInput()); }

/// The unary ops transposes move through (same shape in and out, no axis
/// attributes).
bool isLayoutFreeUnary(Operation *op) {
  return op->hasTrait<OpTrait::qc::LayoutAgnostic>() &&
         op->getNumOperands() == 1;
}

bool isLayoutFreeBinary(Operation *op) {
  return op->hasTrait<OpTrait::qc::LayoutAgnostic>() &&
         op->getNumOperands() == 2;
}

/// Unary ops (same shape in and out, no axis attributes).
struct SinkThroughUnary : RewritePattern {
  SinkThroughUnary(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutFreeUnary(op))
      return failure();
    auto t = sinkable(op->getOperand(0));
    if (!t || isHoisted(t))
      return rewriter.notifyMatchFailure(op, "operand is not a transpose");
    Operation *clone = rewriter.clone(*op);
    auto inType = cast<RankedTensorType>(t.getInput().getType());
    auto outElem = getElementTypeOrSelf(op->getResult(0).getType());
    rewriter.modifyOpInPlace(clone, [&] {
      clone->setOperand(0, t.getInput());
      clone->getResult(0).setType(
          RankedTensorType::get(inType.getShape(), outElem));
    });
    rewriter.replaceOp(op, transpose(rewriter, op->getLoc(),
                                     clone->getResult(0), t.getPerm()));
    return success();
  }
};

/// Brings `v` (broadcastable to a rank-r result) to rank r and applies the
/// inverse of `perm`, so that op(T(x), v) == T(op(x, T^-1(v))).
Value untranspose(PatternRewriter &rewriter, Location loc, Value v,
                  ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = perm.size();
  if (type.getRank() < rank) {
    SmallVector<int64_t> shape(rank - type.getRank(), 1);
    llvm::append_range(shape, type.getShape());
    v = ReshapeOp::create(rewriter, loc,
                          RankedTensorType::get(shape, type.getElementType()),
                          v);
  }
  return transpose(rewriter, loc, v, inversePerm(perm));
}

/// The value u with `v` == transpose(u, perm) when `v` is a reshape that
/// moves only unit dimensions, as `perm` would (canonicalization turns
/// such a transpose into a reshape: a squeeze-and-excitation gate
/// [1, 1, 1, C] -> [1, C, 1, 1]); null otherwise.
Value reshapeAsTranspose(Value v, ArrayRef<int64_t> perm) {
  auto r = v.getDefiningOp<ReshapeOp>();
  if (!r)
    return {};
  auto in = cast<RankedTensorType>(r.getInput().getType());
  auto out = cast<RankedTensorType>(v.getType());
  int64_t rank = perm.size();
  if (in.getRank() != rank || out.getRank() != rank)
    return {};
  int64_t last = -1;
  for (int64_t i = 0; i < rank; ++i) {
    if (out.getDimSize(i) != in.getDimSize(perm[i]))
      return {};
    // The non-unit dimensions keep their order: same data layout.
    if (in.getDimSize(perm[i]) == 1)
      continue;
    if (perm[i] < last)
      return {};
    last = perm[i];
  }
  return r.getInput();
}

struct SinkThroughBinary : RewritePattern {
  SinkThroughBinary(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isLayoutFreeBinary(op))
      return failure();
    auto lt = sinkable(op->getOperand(0));
    auto rt = sinkable(op->getOperand(1));
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    TransposeOp t = lt ? lt : rt;
    if (!t || (int64_t)t.getPerm().size() != resultType.getRank())
      return rewriter.notifyMatchFailure(op, "no full-rank transposed operand");
    // Sink only when the other operand absorbs the transpose: the same
    // permutation, or a constant (transposed at compile time). Anything
    // else would just move a transpose to the other branch.
    if (lt && rt && lt.getPerm() != rt.getPerm())
      return rewriter.notifyMatchFailure(op, "different permutations");
    ArrayRef<int64_t> perm = t.getPerm();
    // The other operand: transposed the same way, a reshape that is such a
    // transpose, or a constant.
    Value other = lt && rt ? Value() : op->getOperand(lt ? 1 : 0);
    Value otherInput = other ? reshapeAsTranspose(other, perm) : Value();
    if (other && !otherInput && !isFoldedConstant(other))
      return rewriter.notifyMatchFailure(op, "other operand is not constant");
    if (other && !otherInput && isHoisted(t))
      return rewriter.notifyMatchFailure(op, "transpose hoisted to an input");
    Location loc = op->getLoc();
    auto operand = [&](TransposeOp ot, Value v) -> Value {
      if (ot)
        return ot.getInput();
      if (otherInput)
        return otherInput;
      return untranspose(rewriter, loc, v, perm);
    };
    Value l = operand(lt, op->getOperand(0));
    Value r = operand(rt, op->getOperand(1));
    Operation *clone = rewriter.clone(*op);
    rewriter.modifyOpInPlace(clone, [&] {
      clone->setOperand(0, l);
      clone->setOperand(1, r);
      clone->getResult(0).setType(permutedType(resultType, inversePerm(perm)));
    });
    rewriter.replaceOp(op, transpose(rewriter, loc, clone->getResult(0), perm));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Hoisting: transpose(f(input)) -> f'(transpose(input))
//===----------------------------------------------------------------------===//

/// A chain of single-use layout-free ops from a function input (or from a
/// transpose, with which the hoisted one folds) to a transpose: unary ops,
/// and binary ops whose other operand is a constant. In-graph preprocessing
/// such as (x - mean) / std then runs in the layout of the convolution it
/// feeds, its per-channel constants along the last axis, where integer code
/// folds them into per-channel multipliers. The whole chain moves in one
/// rewrite; the transpose left on the input is not sunk again (sinkable).
struct HoistToInput : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp t,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> perm = t.getPerm();
    SmallVector<Operation *> chain; // from t upward
    Value v = t.getInput();
    while (Operation *def = v.getDefiningOp()) {
      if (isa<TransposeOp>(def) || !def->hasOneUse())
        break;
      auto type = cast<RankedTensorType>(def->getResult(0).getType());
      Value next;
      if (isLayoutFreeUnary(def)) {
        next = def->getOperand(0);
      } else if (isLayoutFreeBinary(def)) {
        for (unsigned i = 0; i < 2; ++i)
          if (isFoldedConstant(def->getOperand(1 - i)) &&
              cast<RankedTensorType>(def->getOperand(i).getType()).getShape() ==
                  type.getShape())
            next = def->getOperand(i);
      }
      if (!next)
        break;
      chain.push_back(def);
      v = next;
    }
    if (chain.empty() ||
        !(isa<BlockArgument>(v) || v.getDefiningOp<TransposeOp>()) ||
        cast<RankedTensorType>(v.getType()).getRank() != (int64_t)perm.size())
      return rewriter.notifyMatchFailure(
          t, "not a chain of layout-free ops from an input");
    // The hoisted transpose composed with one it meets (sinking must not
    // see them apart): result dim k is input dim p1[perm[k]].
    Value cur;
    if (auto t1 = v.getDefiningOp<TransposeOp>()) {
      SmallVector<int64_t> composed;
      for (int64_t p : perm)
        composed.push_back(t1.getPerm()[p]);
      cur = llvm::equal(composed, llvm::seq<int64_t>(0, composed.size()))
                ? t1.getInput()
                : transpose(rewriter, t.getLoc(), t1.getInput(), composed);
    } else {
      cur = transpose(rewriter, t.getLoc(), v, perm);
    }
    for (Operation *op : llvm::reverse(chain)) {
      Operation *clone = rewriter.clone(*op);
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      rewriter.modifyOpInPlace(clone, [&] {
        for (OpOperand &operand : clone->getOpOperands())
          operand.set(operand.get() == v
                          ? cur
                          : untranspose(rewriter, op->getLoc(), operand.get(),
                                        inversePerm(perm)));
        clone->getResult(0).setType(permutedType(type, perm));
      });
      v = op->getResult(0);
      cur = clone->getResult(0);
    }
    rewriter.replaceOp(t, cur);
    return success();
  }
};

/// Reductions with keepdims keep the rank: reduce the permuted axes.
template <typename OpTy>
struct SinkThroughReduce : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto t = sinkable(op.getInput());
    if (!t || !op.getKeepdims())
      return rewriter.notifyMatchFailure(op, "not a keepdims reduce of a "
                                             "transpose");
    ArrayRef<int64_t> perm = t.getPerm();
    SmallVector<int64_t> axes;
    for (int64_t a : op.getAxes())
      axes.push_back(perm[a]);
    llvm::sort(axes);
    auto type = cast<RankedTensorType>(op.getType());
    auto r = OpTy::create(rewriter, op.getLoc(),
                          permutedType(type, inversePerm(perm)), t.getInput(),
                          rewriter.getDenseI64ArrayAttr(axes),
                          rewriter.getBoolAttr(true), op.getRequantAttr());
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), r, perm));
    return success();
  }
};

template <typename OpTy>
struct SinkThroughSoftmax : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto t = sinkable(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "operand is not a transpose");
    ArrayRef<int64_t> perm = t.getPerm();
    auto r = OpTy::create(rewriter, op.getLoc(), t.getInput().getType(),
                          t.getInput(),
                          rewriter.getI64IntegerAttr(perm[op.getAxis()]));
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), r, perm));
    return success();
  }
};

struct SinkThroughConcat : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> inputs;
    ArrayRef<int64_t> perm;
    for (Value v : op.getInputs()) {
      auto t = sinkable(v);
      if (!t || (!perm.empty() && t.getPerm() != perm))
        return rewriter.notifyMatchFailure(op, "inputs are not transposes "
                                               "with one permutation");
      perm = t.getPerm();
      inputs.push_back(t.getInput());
    }
    auto type = cast<RankedTensorType>(op.getType());
    auto c = ConcatOp::create(rewriter, op.getLoc(),
                              permutedType(type, inversePerm(perm)), inputs,
                              rewriter.getI64IntegerAttr(perm[op.getAxis()]));
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), c, perm));
    return success();
  }
};

struct SinkThroughPad : OpRewritePattern<PadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(PadOp op,
                                PatternRewriter &rewriter) const override {
    auto t = sinkable(op.getInput());
    if (!t)
      return rewriter.notifyMatchFailure(op, "operand is not a transpose");
    ArrayRef<int64_t> perm = t.getPerm();
    int64_t rank = perm.size();
    SmallVector<int64_t> pads(2 * rank);
    for (int64_t k = 0; k < rank; ++k) {
      pads[perm[k]] = op.getPads()[k];
      pads[perm[k] + rank] = op.getPads()[k + rank];
    }
    auto type = cast<RankedTensorType>(op.getType());
    auto p = PadOp::create(rewriter, op.getLoc(),
                           permutedType(type, inversePerm(perm)), t.getInput(),
                           rewriter.getDenseI64ArrayAttr(pads),
                           op.getModeAttr(), op.getValueAttr());
    rewriter.replaceOp(op, transpose(rewriter, op.getLoc(), p, perm));
    return success();
  }
};

struct ConvertLayoutPass
    : public qc::impl::ConvertLayoutBase<ConvertLayoutPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ConvToNHWC, PoolToNHWC<MaxPool2DOp>, PoolToNHWC<AvgPool2DOp>>(
        ctx);
    populateTransposeSinkingPatterns(patterns);
    GreedyRewriteConfig config;
    config.setMaxIterations(20).setMaxNumRewrites(200000);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config))) {
      getOperation()->emitError("quantc-convert-layout did not converge");
      signalPassFailure();
    }
  }
};

} // namespace

void qc::populateTransposeSinkingPatterns(RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns
      .add<SinkThroughUnary, SinkThroughBinary, HoistToInput, SinkThroughConcat,
           SinkThroughPad, SinkThroughReduce<ReduceSumOp>,
           SinkThroughReduce<ReduceMeanOp>, SinkThroughReduce<ReduceMaxOp>,
           SinkThroughReduce<ReduceMinOp>, SinkThroughReduce<ReduceProdOp>,
           SinkThroughSoftmax<SoftmaxOp>, SinkThroughSoftmax<LogSoftmaxOp>>(
          ctx);
  TransposeOp::getCanonicalizationPatterns(patterns, ctx);
  ReshapeOp::getCanonicalizationPatterns(patterns, ctx);
}
