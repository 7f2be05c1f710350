//===- DecomposeConvTranspose.cpp - conv_transpose2d as conv2d ------------===//
//
// Part of the quantc project.
//
// As upstream TOSA's TosaDecomposeTransposeConv: a transposed convolution is
// a stride-1 convolution of the input with zeros inserted between its
// elements (the stride), padded by d*(k-1) - pad on each side (+
// output_padding at the end), with the filter flipped in space and its
// in/out channels swapped per group. Everything is qc ops, so the result
// takes the conv2d kernels, quantization and layout conversion; a constant
// filter folds.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qc {
#define GEN_PASS_DEF_DECOMPOSECONVTRANSPOSE
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

RankedTensorType withShape(Value v, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(
      shape, cast<RankedTensorType>(v.getType()).getElementType());
}
ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

/// `x` [N, C, H, W] with s-1 zeros between neighbours along H and W:
/// [N, C, (H-1)*s_h + 1, (W-1)*s_w + 1], by reshape-pad-reshape-slice.
Value upsample(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> s) {
  if (s[0] == 1 && s[1] == 1)
    return x;
  ArrayRef<int64_t> shape = shapeOf(x);
  int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];
  Value v = ReshapeOp::create(b, loc, withShape(x, {n, c, h, 1, w, 1}), x);
  SmallVector<int64_t> pads(12, 0);
  pads[6 + 3] = s[0] - 1;
  pads[6 + 5] = s[1] - 1;
  v = PadOp::create(b, loc, withShape(x, {n, c, h, s[0], w, s[1]}), v, pads,
                    PadMode::Constant, APFloat(0.0f));
  v = ReshapeOp::create(b, loc, withShape(x, {n, c, h * s[0], w * s[1]}), v);
  return SliceOp::create(
      b, loc, withShape(x, {n, c, (h - 1) * s[0] + 1, (w - 1) * s[1] + 1}), v,
      ArrayRef<int64_t>{0, 0, 0, 0}, ArrayRef<int64_t>{1, 1, 1, 1});
}

/// Pads (positive) or crops (negative) H and W of `x` by lo/hi = [h, w].
Value padOrCrop(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> lo,
                ArrayRef<int64_t> hi) {
  SmallVector<int64_t> shape(shapeOf(x));
  SmallVector<int64_t> pads(8, 0);
  bool pad = false, crop = false;
  for (int k = 0; k < 2; ++k) {
    pads[2 + k] = std::max<int64_t>(lo[k], 0);
    pads[6 + k] = std::max<int64_t>(hi[k], 0);
    pad |= lo[k] > 0 || hi[k] > 0;
    crop |= lo[k] < 0 || hi[k] < 0;
  }
  if (pad) {
    SmallVector<int64_t> padded(shape);
    for (int k = 0; k < 2; ++k)
      padded[2 + k] += pads[2 + k] + pads[6 + k];
    x = PadOp::create(b, loc, withShape(x, padded), x, pads, PadMode::Constant,
                      APFloat(0.0f));
    shape = padded;
  }
  if (crop) {
    SmallVector<int64_t> starts(4, 0), cropped(shape);
    for (int k = 0; k < 2; ++k) {
      starts[2 + k] = std::max<int64_t>(-lo[k], 0);
      cropped[2 + k] -= starts[2 + k] + std::max<int64_t>(-hi[k], 0);
    }
    x = SliceOp::create(b, loc, withShape(x, cropped), x, starts,
                        ArrayRef<int64_t>{1, 1, 1, 1});
  }
  return x;
}

struct DecomposeConvTranspose2D : OpRewritePattern<ConvTranspose2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvTranspose2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), w = op.getFilter();
    ArrayRef<int64_t> fShape = shapeOf(w);
    int64_t g = op.getGroups(), cin = fShape[0], og = fShape[1];
    int64_t kh = fShape[2], kw = fShape[3], cg = cin / g;
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations(),
                      p = op.getPads(), outPad = op.getOutputPadding();

    Value v = upsample(rewriter, loc, x, s);
    int64_t eh = d[0] * (kh - 1), ew = d[1] * (kw - 1);
    v = padOrCrop(rewriter, loc, v, {eh - p[0], ew - p[1]},
                  {eh - p[2] + outPad[0], ew - p[3] + outPad[1]});

    // [C, O/g, KH, KW] flipped -> [g, C/g, O/g, KH, KW] -> [g, O/g, C/g, ..]
    // -> [O, C/g, KH, KW].
    Value f = SliceOp::create(rewriter, loc, w.getType(), w,
                              ArrayRef<int64_t>{0, 0, kh - 1, kw - 1},
                              ArrayRef<int64_t>{1, 1, -1, -1});
    if (og > 1 || cg > 1) {
      f = ReshapeOp::create(rewriter, loc, withShape(w, {g, cg, og, kh, kw}),
                            f);
      f = TransposeOp::create(rewriter, loc, f,
                              ArrayRef<int64_t>{0, 2, 1, 3, 4});
    }
    f = ReshapeOp::create(rewriter, loc, withShape(w, {g * og, cg, kh, kw}), f);

    auto none = [] { return FloatAttr(); };
    rewriter.replaceOpWithNewOp<Conv2DOp>(
        op, op.getType(), v, f, op.getBias(), Value(), none(), none(), none(),
        rewriter.getDenseI64ArrayAttr({1, 1}), op.getDilationsAttr(),
        rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}),
        rewriter.getI64IntegerAttr(g),
        LayoutAttr::get(rewriter.getContext(), Layout::NCHW), RequantAttr());
    return success();
  }
};

struct DecomposeConvTransposePass
    : qc::impl::DecomposeConvTransposeBase<DecomposeConvTransposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<DecomposeConvTranspose2D>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
