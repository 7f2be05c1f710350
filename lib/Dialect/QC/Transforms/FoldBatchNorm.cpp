//===- FoldBatchNorm.cpp - BatchNorm into conv/matmul ---------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"

#include "mlir/Dialect/Utils/IndexingUtils.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::qc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

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

/// Folds y * s + t (per output channel) into the contraction `c` producing
/// y, used only by `root`, which it then replaces: W'[o] = W[o] * s[o] and
/// b' = b * s + t, computed in double and rounded once to f32. `c` is an
/// NCHW conv2d, or a matmul with constant [K, N] weights (channels are its
/// columns, the last dimension of y).
LogicalResult foldIntoContraction(PatternRewriter &rewriter, Operation *root,
                                  ContractionOpInterface c,
                                  const ScaleShift &st) {
  auto conv = dyn_cast<Conv2DOp>(c.getOperation());
  Value weights = c.getWeights();
  auto wType = cast<RankedTensorType>(weights.getType());
  int64_t axis = c.getWeightChannelDim();
  bool plain = (!conv || conv.getLayout() == Layout::NCHW) &&
               c.getWeightInputChannelDim() >= 0 && !c.getResidual() &&
               !c.hasActivation();
  if (!plain || !c->hasOneUse() ||
      !getElementTypeOrSelf(c->getResult(0).getType()).isF32())
    return rewriter.notifyMatchFailure(root,
                                       "input is not a plain contraction");
  ElementsAttr wAttr = getConstantTensor(weights);
  std::optional<std::vector<float>> w =
      wAttr ? getF32Values(wAttr) : std::nullopt;
  if (!w)
    return rewriter.notifyMatchFailure(root, "non-constant weights");
  Value oldBias = c.getBias();
  int64_t channels = c.getNumOutputChannels();
  std::vector<double> b(channels, 0.0);
  if (oldBias) {
    ElementsAttr bAttr = getConstantTensor(oldBias);
    auto bv = bAttr ? getValuesAsDouble(bAttr) : std::nullopt;
    if (!bv)
      return rewriter.notifyMatchFailure(root, "non-constant bias");
    b = *bv;
  }
  // Channel o of filters [O, ...] is contiguous; of matmul weights [K, N],
  // every N-th element.
  int64_t inner = computeStrides(wType.getShape())[axis];
  for (size_t i = 0; i < w->size(); ++i)
    (*w)[i] = (float)((double)(*w)[i] * st.s[(i / inner) % channels]);
  std::vector<float> bias(channels);
  for (int64_t o = 0; o < channels; ++o)
    bias[o] = (float)(b[o] * st.s[o] + st.t[o]);
  Location loc = c->getLoc();
  Value newWeights = ConstantOp::create(
      rewriter, loc,
      makeF32ElementsAttr(wType, *w,
                          conv ? "folded_filter" : "folded_weights"));
  Value newBias = ConstantOp::create(
      rewriter, loc,
      makeF32ElementsAttr(
          RankedTensorType::get({channels}, rewriter.getF32Type()), bias,
          "folded_bias"));
  rewriter.modifyOpInPlace(c, [&] {
    c.getWeightsMutable().assign(newWeights);
    if (oldBias)
      c.getBiasMutable().assign(newBias);
    else
      c.getBiasMutable().append(newBias);
  });
  rewriter.replaceOp(root, c->getResult(0));
  return success();
}

/// BatchNorm's channels (dimension 1) are a conv2d's (NCHW) output channels
/// or the columns of a 2-d matmul.
struct FoldIntoContraction : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto c = bn.getInput().getDefiningOp<ContractionOpInterface>();
    std::optional<ScaleShift> st = constantScaleShift(bn);
    if (!c || c.getResultChannelDim() != 1 || !st)
      return rewriter.notifyMatchFailure(bn, "not a contraction with "
                                             "channels along dimension 1 / "
                                             "parameters");
    return foldIntoContraction(rewriter, bn, c, *st);
  }
};

/// mul(y, K) (either order) of a conv or matmul result y and a constant K
/// that varies only along y's channels: a BatchNorm with t = 0. A model
/// quantized dynamically by ONNX Runtime rescales each ConvInteger /
/// MatMulInteger accumulator so.
struct FoldMulIntoContraction : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (auto [y, k] : bothOrders(mul)) {
      auto type = cast<RankedTensorType>(mul.getType());
      if (y.getType() != type || type.getRank() < 1)
        continue;
      auto c = y.getDefiningOp<ContractionOpInterface>();
      if (!c || c.getResultChannelDim() < 0)
        continue;
      std::optional<std::vector<double>> s =
          getPerChannelValues(k, type, c.getResultChannelDim());
      if (!s)
        continue;
      ScaleShift st{*s, std::vector<double>(s->size(), 0.0)};
      if (succeeded(foldIntoContraction(rewriter, mul, c, st)))
        return success();
    }
    return rewriter.notifyMatchFailure(
        mul, "not a contraction times a per-channel constant");
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
        rewriter.getI64IntegerAttr(c),
        LayoutAttr::get(bn.getContext(), Layout::NCHW), RequantAttr());
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
      s = ConstantOp::create(
          rewriter, loc, makeElementsAttrFromDoubles(bType, st->s, "bn_scale"));
      t = ConstantOp::create(
          rewriter, loc, makeElementsAttrFromDoubles(bType, st->t, "bn_shift"));
    } else {
      Value eps = ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(
              RankedTensorType::get({}, type.getElementType()),
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
    patterns.add<FoldIntoContraction, FoldMulIntoContraction,
                 QuantizedBatchNormAsConv>(&getContext(), /*benefit=*/2);
    patterns.add<DecomposeBatchNorm>(&getContext(), /*benefit=*/1);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
