//===- FoldBatchNorm.cpp - BatchNorm into conv/matmul ---------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir {
namespace qc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace qc
} // namespace mlir

using namespace mlir;
using namespace mlir::qc;

namespace {

/// Per-channel s = scale / sqrt(var + eps) and t = bias - mean * s, when
/// every BN parameter is a constant.
struct ScaleShift {
  std::vector<double> s, t;
};

std::optional<ScaleShift> constantScaleShift(BatchNormOp bn) {
  auto get = [](Value v) -> std::optional<std::vector<double>> {
    ElementsAttr a = getConstantTensor(v);
    return a ? getValuesAsDouble(a) : std::nullopt;
  };
  auto scale = get(bn.getScale()), bias = get(bn.getBias()),
       mean = get(bn.getMean()), var = get(bn.getVariance());
  if (!scale || !bias || !mean || !var)
    return std::nullopt;
  double eps = bn.getEpsilon().convertToDouble();
  ScaleShift r;
  for (size_t c = 0; c < scale->size(); ++c) {
    double s = (*scale)[c] / std::sqrt((*var)[c] + eps);
    r.s.push_back(s);
    r.t.push_back((*bias)[c] - (*mean)[c] * s);
  }
  return r;
}

/// Scales the weights of output channel c by s[c] and returns the new
/// bias b * s + t. `channelStride`/`channelCount` describe where output
/// channels sit in the row-major weights: element i belongs to channel
/// (i / inner) % channels ... computed by `channelOf`.
template <typename ChannelOf>
void scaleWeights(std::vector<float> &w, const ScaleShift &st,
                  ChannelOf channelOf) {
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = (float)((double)w[i] * st.s[channelOf(i)]);
}

struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2DOp>();
    if (!conv || !isa<FloatType>(getElementTypeOrSelf(bn.getType())) || !conv->hasOneUse() || conv.getLayout() != Layout::NCHW ||
        conv.getResidual() || conv.hasActivation())
      return rewriter.notifyMatchFailure(bn, "input is not a plain NCHW conv");
    std::optional<ScaleShift> st = constantScaleShift(bn);
    ElementsAttr wAttr = getConstantTensor(conv.getFilter());
    std::optional<std::vector<float>> w =
        wAttr ? getF32Values(wAttr) : std::nullopt;
    if (!st || !w)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    std::vector<double> b(st->s.size(), 0.0);
    if (conv.getBias()) {
      ElementsAttr bAttr = getConstantTensor(conv.getBias());
      auto bv = bAttr ? getValuesAsDouble(bAttr) : std::nullopt;
      if (!bv)
        return rewriter.notifyMatchFailure(bn, "non-constant conv bias");
      b = *bv;
    }
    auto wType = cast<RankedTensorType>(conv.getFilter().getType());
    int64_t perChannel = wType.getNumElements() / wType.getDimSize(0);
    scaleWeights(*w, *st, [&](size_t i) { return i / perChannel; });
    std::vector<float> bias(b.size());
    for (size_t c = 0; c < b.size(); ++c)
      bias[c] = (float)(b[c] * st->s[c] + st->t[c]);
    Location loc = conv.getLoc();
    Value filter = ConstantOp::create(
        rewriter, loc, makeF32ElementsAttr(wType, *w, "bn_folded_filter"));
    auto bType = RankedTensorType::get({(int64_t)bias.size()},
                                       rewriter.getF32Type());
    Value biasV = ConstantOp::create(
        rewriter, loc, makeF32ElementsAttr(bType, bias, "bn_folded_bias"));
    rewriter.modifyOpInPlace(conv, [&] {
      conv.getFilterMutable().assign(filter);
      if (conv.getBias())
        conv.getBiasMutable().assign(biasV);
      else
        conv.getBiasMutable().append(biasV);
    });
    rewriter.replaceOp(bn, conv.getResult());
    return success();
  }
};

struct FoldIntoMatMul : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto mm = bn.getInput().getDefiningOp<MatMulOp>();
    auto type = cast<RankedTensorType>(bn.getType());
    auto rhsType = mm ? dyn_cast<RankedTensorType>(mm.getRhs().getType())
                      : RankedTensorType();
    if (!mm || !isa<FloatType>(type.getElementType()) || !mm->hasOneUse() ||
        type.getRank() != 2 || !rhsType ||
        rhsType.getRank() != 2 || mm.getResidual() || mm.hasActivation())
      return rewriter.notifyMatchFailure(bn, "input is not a 2-d matmul");
    std::optional<ScaleShift> st = constantScaleShift(bn);
    ElementsAttr wAttr = getConstantTensor(mm.getRhs());
    std::optional<std::vector<float>> w =
        wAttr ? getF32Values(wAttr) : std::nullopt;
    if (!st || !w)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    std::vector<double> b(st->s.size(), 0.0);
    if (mm.getBias()) {
      ElementsAttr bAttr = getConstantTensor(mm.getBias());
      auto bv = bAttr ? getValuesAsDouble(bAttr) : std::nullopt;
      if (!bv)
        return rewriter.notifyMatchFailure(bn, "non-constant matmul bias");
      b = *bv;
    }
    int64_t n = rhsType.getDimSize(1);
    scaleWeights(*w, *st, [&](size_t i) { return i % n; });
    std::vector<float> bias(n);
    for (int64_t c = 0; c < n; ++c)
      bias[c] = (float)(b[c] * st->s[c] + st->t[c]);
    Location loc = mm.getLoc();
    Value rhs = ConstantOp::create(
        rewriter, loc, makeF32ElementsAttr(rhsType, *w, "bn_folded_weights"));
    Value biasV = ConstantOp::create(
        rewriter, loc,
        makeF32ElementsAttr(RankedTensorType::get({n}, rewriter.getF32Type()),
                            bias, "bn_folded_bias"));
    rewriter.modifyOpInPlace(mm, [&] {
      mm.getRhsMutable().assign(rhs);
      if (mm.getBias())
        mm.getBiasMutable().assign(biasV);
      else
        mm.getBiasMutable().append(biasV);
    });
    rewriter.replaceOp(bn, mm.getResult());
    return success();
  }
};

/// A BN of a quantized activation (an imported model quantizes its input
/// on its own: a qc.fake_quant defines it, so nothing folds it into the
/// producer) with constant parameters and a 4-d input: the depthwise 1x1
/// convolution with filter s and bias t, which has an integer form (x * s
/// + t per channel has not).
struct QuantizedBatchNormAsConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(bn.getType());
    if (!bn.getInput().getDefiningOp<FakeQuantOp>() || type.getRank() != 4 ||
        !type.getElementType().isF32())
      return rewriter.notifyMatchFailure(bn, "not a 4-d quantized input");
    std::optional<ScaleShift> st = constantScaleShift(bn);
    if (!st)
      return rewriter.notifyMatchFailure(bn, "non-constant parameters");
    int64_t c = type.getDimSize(1);
    Location loc = bn.getLoc();
    auto f32 = rewriter.getF32Type();
    Value filter = ConstantOp::create(
        rewriter, loc,
        makeElementsAttrFromDoubles(RankedTensorType::get({c, 1, 1, 1}, f32),
                                    st->s, "bn_filter"));
    Value bias = ConstantOp::create(
        rewriter, loc,
        makeElementsAttrFromDoubles(RankedTensorType::get({c}, f32), st->t,
                                    "bn_bias"));
    rewriter.replaceOpWithNewOp<Conv2DOp>(
        bn, type, bn.getInput(), filter, bias, /*residual=*/Value(),
        FloatAttr(), FloatAttr(), FloatAttr(),
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
        rewriter.getI64IntegerAttr(c), LayoutAttr::get(bn.getContext(), Layout::NCHW),
        RequantAttr());
    return success();
  }
};

/// Any other BN: x * s + t along dimension 1.
struct DecomposeBatchNorm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    Location loc = bn.getLoc();
    auto type = cast<RankedTensorType>(bn.getType());
    // Only float BatchNorm is decomposed; a quantized one (the verifier
    // allows it) is left for the quantization passes to reject or handle.
    if (!isa<FloatType>(type.getElementType()))
      return rewriter.notifyMatchFailure(bn, "not a float BatchNorm");
    int64_t c = type.getDimSize(1);
    // [C] broadcast along dimension 1 of a rank-r tensor: [C, 1, ..., 1].
    SmallVector<int64_t> bshape{c};
    bshape.append(type.getRank() - 2, 1);
    auto bType = RankedTensorType::get(bshape, type.getElementType());
    auto cType = RankedTensorType::get({c}, type.getElementType());
    Value s, t;
    if (std::optional<ScaleShift> st = constantScaleShift(bn)) {
      s = ConstantOp::create(rewriter, loc,
                             makeElementsAttrFromDoubles(bType, st->s, "bn_scale"));
      t = ConstantOp::create(rewriter, loc,
                             makeElementsAttrFromDoubles(bType, st->t, "bn_shift"));
    } else {
      Value eps = ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(RankedTensorType::get({}, type.getElementType()),
                                 bn.getEpsilonAttr()));
      Value v = AddOp::create(rewriter, loc, cType, bn.getVariance(), eps);
      Value sd = SqrtOp::create(rewriter, loc, cType, v);
      Value sc = DivOp::create(rewriter, loc, cType, bn.getScale(), sd);
      Value ms = MulOp::create(rewriter, loc, cType, bn.getMean(), sc);
      Value sh = SubOp::create(rewriter, loc, cType, bn.getBias(), ms);
      s = ReshapeOp::create(rewriter, loc, bType, sc);
      t = ReshapeOp::create(rewriter, loc, bType, sh);
    }
    Value y = MulOp::create(rewriter, loc, type, bn.getInput(), s);
    rewriter.replaceOpWithNewOp<AddOp>(bn, type, y, t);
    return success();
  }
};

struct FoldBatchNormPass
    : public qc::impl::FoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConv, FoldIntoMatMul, QuantizedBatchNormAsConv>(
        &getContext(), /*benefit=*/2);
    patterns.add<DecomposeBatchNorm>(&getContext(), /*benefit=*/1);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
