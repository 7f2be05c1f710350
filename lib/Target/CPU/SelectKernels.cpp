//===- SelectKernels.cpp - qc ops to qck kernel ops -----------------------===//
//
// Part of the quantc project.
//
// Picks the CPU kernel for each contraction/pooling op that has one, packs
// its weights into the kernel's layout (constants at compile time, float
// weights known only at run time with qc ops) and materializes spatial
// padding. Ops without a kernel (other layouts, grouped convolutions,
// run-time integer weights, ...) are left for the reference lowering.
//
//===----------------------------------------------------------------------===//

#include "quantc/Target/CPU/Passes.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QCK/IR/QCKOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::qc {
#define GEN_PASS_DEF_SELECTCPUKERNELS
#include "quantc/Target/CPU/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

/// Output-channel block width for `channels` outputs: two vectors, or one
/// when the op has at most one vector of outputs.
int64_t blockWidth(int64_t channels, int64_t lanes) {
  return channels <= lanes ? lanes : 2 * lanes;
}

/// Packs `rows` x `inner` row-major values (one row per output channel)
/// into [ceil(rows / nr), inner, nr], zero-filling the missing rows.
std::vector<float> packBlocks(ArrayRef<float> values, int64_t rows,
                              int64_t inner, int64_t nr) {
  int64_t blocks = (rows + nr - 1) / nr;
  std::vector<float> out(blocks * inner * nr, 0.0f);
  for (int64_t o = 0; o < rows; ++o)
    for (int64_t i = 0; i < inner; ++i)
      out[((o / nr) * inner + i) * nr + o % nr] = values[o * inner + i];
  return out;
}

Value f32Constant(PatternRewriter &rewriter, Location loc,
                  ArrayRef<int64_t> shape, ArrayRef<float> values,
                  StringRef name) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return qc::ConstantOp::create(rewriter, loc,
                                makeF32ElementsAttr(type, values, name));
}

/// Bias padded to `size` (zeros), or null when there is no bias.
FailureOr<Value> paddedBias(PatternRewriter &rewriter, Location loc, Value bias,
                            int64_t size) {
  if (!bias)
    return Value();
  ElementsAttr attr = getConstantTensor(bias);
  std::optional<std::vector<float>> values =
      attr ? getF32Values(attr) : std::nullopt;
  if (!values)
    return failure();
  values->resize(size, 0.0f);
  return f32Constant(rewriter, loc, {size}, *values, "bias");
}

RankedTensorType f32Type(ArrayRef<int64_t> shape, MLIRContext *ctx) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

Value reshapeTo(PatternRewriter &rewriter, Location loc, Value v,
                ArrayRef<int64_t> shape) {
  return qc::ReshapeOp::create(rewriter, loc,
                               f32Type(shape, rewriter.getContext()), v);
}

/// Zero-pads dimension `dim` of `v` to `size`.
Value padDimTo(PatternRewriter &rewriter, Location loc, Value v, int64_t dim,
               int64_t size) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getDimSize(dim) == size)
    return v;
  SmallVector<int64_t> pads(2 * type.getRank(), 0), shape(type.getShape());
  pads[type.getRank() + dim] = size - type.getDimSize(dim);
  shape[dim] = size;
  return qc::PadOp::create(rewriter, loc, f32Type(shape, rewriter.getContext()),
                           v, pads, PadMode::Constant, APFloat(0.0f));
}

// Run-time weights (the arguments of a gradient function, a filter the
// gradient flips): the packing below, as qc ops the program runs per call.

/// `w` [rows, inner] as packBlocks' [ceil(rows / nr), inner, nr].
Value packBlocksAtRunTime(PatternRewriter &rewriter, Location loc, Value w,
                          int64_t rows, int64_t inner, int64_t nr) {
  int64_t blocks = (rows + nr - 1) / nr;
  Value v = padDimTo(rewriter, loc, w, 0, blocks * nr);
  v = reshapeTo(rewriter, loc, v, {blocks, nr, inner});
  return qc::TransposeOp::create(rewriter, loc, v, ArrayRef<int64_t>{0, 2, 1});
}

/// The bias padded to `size`: a constant folded at compile time, or zero
/// padding at run time.
Value paddedBiasAnyTime(PatternRewriter &rewriter, Location loc, Value bias,
                        int64_t size) {
  if (FailureOr<Value> c = paddedBias(rewriter, loc, bias, size); succeeded(c))
    return *c;
  return padDimTo(rewriter, loc, bias, 0, size);
}

/// The NHWC type of `input` padded spatially by `pads` ([top, left, bottom,
/// right]).
RankedTensorType spatiallyPadded(Value input, ArrayRef<int64_t> pads) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += pads[0] + pads[2];
  shape[2] += pads[1] + pads[3];
  return RankedTensorType::get(shape, type.getElementType());
}

bool hasNoPads(ArrayRef<int64_t> pads) {
  return llvm::all_of(pads, [](int64_t p) { return p == 0; });
}

Value padSpatial(PatternRewriter &rewriter, Location loc, Value input,
                 ArrayRef<int64_t> pads, float value) {
  if (hasNoPads(pads))
    return input;
  SmallVector<OpFoldResult> lo{rewriter.getIndexAttr(0),
                               rewriter.getIndexAttr(pads[0]),
                               rewriter.getIndexAttr(pads[1]),
                               rewriter.getIndexAttr(0)};
  SmallVector<OpFoldResult> hi{rewriter.getIndexAttr(0),
                               rewriter.getIndexAttr(pads[2]),
                               rewriter.getIndexAttr(pads[3]),
                               rewriter.getIndexAttr(0)};
  Value pad = arith::ConstantOp::create(rewriter, loc,
                                        rewriter.getF32FloatAttr(value));
  return tensor::PadOp::create(rewriter, loc, spatiallyPadded(input, pads),
                               input, lo, hi, pad);
}

Value emptyLike(PatternRewriter &rewriter, Location loc, Type type) {
  auto t = cast<RankedTensorType>(type);
  return tensor::EmptyOp::create(rewriter, loc, t.getShape(),
                                 t.getElementType());
}

Value collapseTo(PatternRewriter &rewriter, Location loc, Value v,
                 ArrayRef<int64_t> shape,
                 ArrayRef<ReassociationIndices> reassoc) {
  auto t = cast<RankedTensorType>(v.getType());
  return tensor::CollapseShapeOp::create(
      rewriter, loc, RankedTensorType::get(shape, t.getElementType()), v,
      reassoc);
}

bool isStaticF32(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  return r && r.hasStaticShape() && r.getElementType().isF32();
}

/// Copies the fused epilogue attributes of a qc contraction.
/// The shape of an NHWC qc.conv2d (filter OHWI), as kernel selection reads
/// it.
struct ConvGeometry {
  int64_t n, h, wd, c; ///< input [N, H, W, C]
  int64_t o, kh, kw;   ///< filter [O, KH, KW, C / groups]
  int64_t groups;
  ArrayRef<int64_t> pads, strides, dilations;

  explicit ConvGeometry(Conv2DOp op)
      : groups(op.getGroups()), pads(op.getPads()), strides(op.getStrides()),
        dilations(op.getDilations()) {
    ArrayRef<int64_t> in =
        cast<RankedTensorType>(op.getInput().getType()).getShape();
    ArrayRef<int64_t> w =
        cast<RankedTensorType>(op.getFilter().getType()).getShape();
    n = in[0], h = in[1], wd = in[2], c = in[3];
    o = w[0], kh = w[1], kw = w[2];
  }
  /// A 1x1 convolution of stride 1 without pads: a matmul over the pixels.
  bool isPointwise() const {
    return kh == 1 && kw == 1 &&
           llvm::all_of(strides, [](int64_t s) { return s == 1; }) &&
           hasNoPads(pads);
  }
  bool isDepthwise() const { return groups == c && o == c; }
  /// A depthwise filter OHWI [C][KH][KW][1] as the kernel's [KH][KW][C].
  template <typename T> std::vector<T> depthwiseFilter(ArrayRef<T> w) const {
    std::vector<T> dw(kh * kw * c);
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t i = 0; i < kh * kw; ++i)
        dw[i * c + ch] = w[ch * kh * kw + i];
    return dw;
  }
};

/// Matrix [K][N] as rows per output column, [N][K].
template <typename T>
std::vector<T> columnsAsRows(ArrayRef<T> values, int64_t k, int64_t n) {
  std::vector<T> t(n * k);
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j)
      t[j * k + i] = values[i * n + j];
  return t;
}

template <typename KernelOp, typename OpTy>
void copyEpilogue(KernelOp kernel, OpTy op) {
  if (auto a = op.getClampMinAttr())
    kernel.setClampMinAttr(a);
  if (auto a = op.getClampMaxAttr())
    kernel.setClampMaxAttr(a);
  if (auto a = op.getLeakyAlphaAttr())
    kernel.setLeakyAlphaAttr(a);
}

struct ConvToKernel : OpRewritePattern<Conv2DOp> {
  ConvToKernel(MLIRContext *ctx, int64_t lanes)
      : OpRewritePattern(ctx), lanes(lanes) {}

  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getLayout() != Layout::NHWC)
      return rewriter.notifyMatchFailure(op, "not NHWC");
    if (!isStaticF32(op.getInput().getType()) || !isStaticF32(op.getType()))
      return rewriter.notifyMatchFailure(op, "not a static f32 convolution");
    if (!isStaticF32(op.getFilter().getType()) ||
        (op.getBias() && !isStaticF32(op.getBias().getType())))
      return rewriter.notifyMatchFailure(op, "not a static f32 filter");
    ElementsAttr wAttr = getConstantTensor(op.getFilter());
    std::optional<std::vector<float>> w =
        wAttr ? getF32Values(wAttr) : std::nullopt;
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    ConvGeometry g(op);
    auto [n, h, wd, c, o, kh, kw, groups, pads, strides, dilations] = g;
    if (groups == 1) {
      int64_t nr = blockWidth(o, lanes);
      int64_t blocks = (o + nr - 1) / nr;
      Value bias = op.getBias() ? paddedBiasAnyTime(rewriter, loc, op.getBias(),
                                                    blocks * nr)
                                : Value();
      // filter OHWI [o][kh][kw][c] -> [OB][KH][KW][C][NR]
      auto packedFilter = [&](ArrayRef<int64_t> shape) -> Value {
        if (w)
          return f32Constant(rewriter, loc, shape,
                             packBlocks(*w, o, kh * kw * c, nr),
                             "packed_filter");
        Value rows = reshapeTo(rewriter, loc, op.getFilter(), {o, kh * kw * c});
        return reshapeTo(
            rewriter, loc,
            packBlocksAtRunTime(rewriter, loc, rows, o, kh * kw * c, nr),
            shape);
      };
      if (g.isPointwise()) {
        // A 1x1 convolution is a matmul over the flattened pixels.
        int64_t m = n * h * wd;
        Value lhs = collapseTo(rewriter, loc, op.getInput(), {m, c},
                               {{0, 1, 2}, {3}});
        Value rhs = packedFilter({blocks, c, nr});
        Value residual;
        if (op.getResidual())
          residual = collapseTo(rewriter, loc, op.getResidual(), {m, o},
                                {{0, 1, 2}, {3}});
        auto flatType = RankedTensorType::get({m, o}, rewriter.getF32Type());
        Value init = emptyLike(rewriter, loc, flatType);
        auto kernel = qck::MatMulOp::create(
            rewriter, loc, flatType, lhs, rhs, bias, residual, Value(),
            FloatAttr(), FloatAttr(), FloatAttr(), RequantAttr(), init);
        copyEpilogue(kernel, op);
        rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
            op, outType, kernel.getResult(),
            ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}});
        return success();
      }
      Value input = padSpatial(rewriter, loc, op.getInput(), pads, 0.0f);
      Value filter = packedFilter({blocks, kh, kw, c, nr});
      Value init = emptyLike(rewriter, loc, outType);
      auto kernel = qck::Conv2DOp::create(
          rewriter, loc, outType, input, filter, bias, op.getResidual(),
          Value(), FloatAttr(), FloatAttr(), FloatAttr(), RequantAttr(), init,
          rewriter.getDenseI64ArrayAttr(strides),
          rewriter.getDenseI64ArrayAttr(dilations), DenseI64ArrayAttr());
      copyEpilogue(kernel, op);
      rewriter.replaceOp(op, kernel.getResult());
      return success();
    }
    if (g.isDepthwise()) {
      Value bias = op.getBias()
                       ? paddedBiasAnyTime(rewriter, loc, op.getBias(), c)
                       : Value();
      Value input = padSpatial(rewriter, loc, op.getInput(), pads, 0.0f);
      Value filter;
      if (w) {
        filter = f32Constant(rewriter, loc, {kh, kw, c},
                             g.depthwiseFilter<float>(*w), "depthwise_filter");
      } else {
        // [C][KH][KW][1] -> [KH][KW][C]
        Value rows = reshapeTo(rewriter, loc, op.getFilter(), {c, kh * kw});
        rows = qc::TransposeOp::create(rewriter, loc, rows,
                                       ArrayRef<int64_t>{1, 0});
        filter = reshapeTo(rewriter, loc, rows, {kh, kw, c});
      }
      Value init = emptyLike(rewriter, loc, outType);
      auto kernel = qck::DepthwiseConv2DOp::create(
          rewriter, loc, outType, input, filter, bias, op.getResidual(),
          Value(), FloatAttr(), FloatAttr(), FloatAttr(), RequantAttr(), init,
          rewriter.getDenseI64ArrayAttr(strides),
          rewriter.getDenseI64ArrayAttr(dilations));
      copyEpilogue(kernel, op);
      rewriter.replaceOp(op, kernel.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "grouped convolution");
  }

  int64_t lanes;
};

struct MatMulToKernel : OpRewritePattern<qc::MatMulOp> {
  MatMulToKernel(MLIRContext *ctx, int64_t lanes)
      : OpRewritePattern(ctx), lanes(lanes) {}

  LogicalResult matchAndRewrite(qc::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    auto lhsType = dyn_cast<RankedTensorType>(op.getLhs().getType());
    auto rhsType = dyn_cast<RankedTensorType>(op.getRhs().getType());
    if (!isStaticF32(op.getLhs().getType()) || !isStaticF32(op.getType()) ||
        !rhsType || rhsType.getRank() != 2 || lhsType.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "not [..., M, K] x [K, N] f32");
    if (!isStaticF32(rhsType) ||
        (op.getBias() && !isStaticF32(op.getBias().getType())))
      return rewriter.notifyMatchFailure(op, "not a static f32 rhs");
    ElementsAttr bAttr = getConstantTensor(op.getRhs());
    std::optional<std::vector<float>> bv =
        bAttr ? getF32Values(bAttr) : std::nullopt;
    Location loc = op.getLoc();
    int64_t k = rhsType.getDimSize(0), n = rhsType.getDimSize(1);
    int64_t m = lhsType.getNumElements() / k;
    int64_t nr = blockWidth(n, lanes);
    int64_t blocks = (n + nr - 1) / nr;
    Value bias = op.getBias() ? paddedBiasAnyTime(rewriter, loc, op.getBias(),
                                                  blocks * nr)
                              : Value();
    auto flatten = [&](Value v, int64_t cols) {
      auto type = cast<RankedTensorType>(v.getType());
      if (type.getRank() == 2)
        return v;
      ReassociationIndices lead;
      for (int64_t i = 0; i + 1 < type.getRank(); ++i)
        lead.push_back(i);
      return collapseTo(rewriter, loc, v, {m, cols},
                        {lead, {type.getRank() - 1}});
    };
    Value lhs = flatten(op.getLhs(), k);
    Value residual = op.getResidual() ? flatten(op.getResidual(), n) : Value();
    // [K][N] -> rows per output column [N][K] -> [NB][K][NR]
    Value rhs;
    if (bv) {
      rhs = f32Constant(rewriter, loc, {blocks, k, nr},
                        packBlocks(columnsAsRows<float>(*bv, k, n), n, k, nr),
                        "packed_rhs");
    } else {
      // At run time: [K][NB * NR] -> [K][NB][NR] -> [NB][K][NR].
      Value v = padDimTo(rewriter, loc, op.getRhs(), 1, blocks * nr);
      v = reshapeTo(rewriter, loc, v, {k, blocks, nr});
      rhs =
          qc::TransposeOp::create(rewriter, loc, v, ArrayRef<int64_t>{1, 0, 2});
    }
    auto flatType = RankedTensorType::get({m, n}, rewriter.getF32Type());
    Value init = emptyLike(rewriter, loc, flatType);
    auto kernel = qck::MatMulOp::create(
        rewriter, loc, flatType, lhs, rhs, bias, residual, Value(), FloatAttr(),
        FloatAttr(), FloatAttr(), RequantAttr(), init);
    copyEpilogue(kernel, op);
    Value result = kernel.getResult();
    auto outType = cast<RankedTensorType>(op.getType());
    if (outType.getRank() != 2) {
      ReassociationIndices lead;
      for (int64_t i = 0; i + 1 < outType.getRank(); ++i)
        lead.push_back(i);
      result = tensor::ExpandShapeOp::create(
          rewriter, loc, outType, result,
          ArrayRef<ReassociationIndices>{lead, {outType.getRank() - 1}});
    }
    rewriter.replaceOp(op, result);
    return success();
  }

  int64_t lanes;
};

/// Reciprocal window sizes of an average pool; `uniform` when all windows
/// average k[0] * k[1] elements.
std::vector<float> avgDivisors(int64_t h, int64_t w, int64_t oh, int64_t ow,
                               ArrayRef<int64_t> k, ArrayRef<int64_t> s,
                               ArrayRef<int64_t> pads, bool countPad,
                               bool &uniform) {
  std::vector<int64_t> counts =
      poolWindowCounts(h, w, oh, ow, k, s, pads, countPad);
  std::vector<float> out(counts.size());
  uniform = true;
  for (size_t i = 0; i < counts.size(); ++i) {
    out[i] = counts[i] > 0 ? 1.0f / (float)counts[i] : 0.0f;
    uniform &= counts[i] == k[0] * k[1];
  }
  return out;
}

/// A pool's pads ([top, left, bottom, right]) grown so that every window
/// of the h x w -> oh x ow output fits: ceil_mode windows may reach past the
/// explicit bottom/right pads.
SmallVector<int64_t> ceilModePads(ArrayRef<int64_t> pads, ArrayRef<int64_t> k,
                                  ArrayRef<int64_t> s, ArrayRef<int64_t> dil,
                                  int64_t h, int64_t w, int64_t oh,
                                  int64_t ow) {
  SmallVector<int64_t> all(pads);
  all[2] = std::max<int64_t>(
      pads[2], (oh - 1) * s[0] + dil[0] * (k[0] - 1) + 1 - h - pads[0]);
  all[3] = std::max<int64_t>(
      pads[3], (ow - 1) * s[1] + dil[1] * (k[1] - 1) + 1 - w - pads[1]);
  return all;
}

/// A pool's dilations (only max pooling has them).
template <typename OpTy> SmallVector<int64_t> poolDilations(OpTy op) {
  if constexpr (std::is_same_v<OpTy, MaxPool2DOp>)
    if (op.getDilations())
      return llvm::to_vector(*op.getDilations());
  return {1, 1};
}

/// The window of an NHWC pool, with the pads that make its output size
/// without ceil mode (`allPads`).
struct PoolGeometry {
  ArrayRef<int64_t> k, s, pads;
  SmallVector<int64_t> dil;
  int64_t h, w, oh, ow;
  SmallVector<int64_t> allPads;

  template <typename OpTy>
  explicit PoolGeometry(OpTy op)
      : k(op.getKernel()), s(op.getStrides()), pads(op.getPads()),
        dil(poolDilations(op)) {
    ArrayRef<int64_t> in =
        cast<RankedTensorType>(op.getInput().getType()).getShape();
    ArrayRef<int64_t> out = cast<RankedTensorType>(op.getType()).getShape();
    h = in[1], w = in[2], oh = out[1], ow = out[2];
    allPads = ceilModePads(pads, k, s, dil, h, w, oh, ow);
  }
};

template <typename OpTy>
struct PoolToKernel : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpTy, MaxPool2DOp>;
    if (op.getLayout() != Layout::NHWC || !isStaticF32(op.getType()) ||
        !isStaticF32(op.getInput().getType()))
      return rewriter.notifyMatchFailure(op, "not a static f32 NHWC pool");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    PoolGeometry g(op);
    auto [k, s, pads, dil, h, w, oh, ow, allPads] = g;
    float padValue = isMax ? -std::numeric_limits<float>::infinity() : 0.0f;
    Value input = padSpatial(rewriter, loc, op.getInput(), allPads, padValue);
    Value divisors;
    if constexpr (!isMax) {
      bool uniform;
      std::vector<float> d = avgDivisors(h, w, oh, ow, k, s, pads,
                                         op.getCountIncludePad(), uniform);
      if (!uniform)
        divisors = f32Constant(rewriter, loc, {oh, ow}, d, "pool_divisors");
    }
    Value init = emptyLike(rewriter, loc, outType);
    auto kernel = qck::Pool2DOp::create(
        rewriter, loc, outType,
        qck::PoolKindAttr::get(rewriter.getContext(),
                               isMax ? qck::PoolKind::Max : qck::PoolKind::Avg),
        input, divisors, init, rewriter.getDenseI64ArrayAttr(k),
        rewriter.getDenseI64ArrayAttr(s), rewriter.getDenseI64ArrayAttr(dil),
        RequantAttr());
    rewriter.replaceOp(op, kernel.getResult());
    return success();
  }
};

/// Global average/max pooling of an NHWC tensor (a reduction over the
/// spatial axes 1 and 2) is a pool with a full-size window.
template <typename OpTy, qck::PoolKind kind>
struct GlobalPoolToKernel : OpRewritePattern<OpTy> {
  GlobalPoolToKernel(MLIRContext *ctx, int64_t lanes)
      : OpRewritePattern<OpTy>(ctx), lanes(lanes) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!inType || !isStaticF32(inType) || inType.getRank() != 4 ||
        op.getAxes() != ArrayRef<int64_t>{1, 2} ||
        inType.getDimSize(3) < lanes)
      return rewriter.notifyMatchFailure(op, "not a global pool over NHWC");
    Location loc = op.getLoc();
    int64_t n = inType.getDimSize(0), h = inType.getDimSize(1),
            w = inType.getDimSize(2), c = inType.getDimSize(3);
    auto poolType = RankedTensorType::get({n, 1, 1, c}, rewriter.getF32Type());
    Value init = emptyLike(rewriter, loc, poolType);
    auto kernel = qck::Pool2DOp::create(
        rewriter, loc, poolType, qck::PoolKindAttr::get(op.getContext(), kind),
        op.getInput(), Value(), init, rewriter.getDenseI64ArrayAttr({h, w}),
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({1, 1}), RequantAttr());
    Value result = kernel.getResult();
    auto outType = cast<RankedTensorType>(op.getType());
    if (outType != poolType)
      result = tensor::CollapseShapeOp::create(
          rewriter, loc, outType, result,
          ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}});
    rewriter.replaceOp(op, result);
    return success();
  }

  int64_t lanes;
};

//===----------------------------------------------------------------------===//
// Integer kernels (u8 activation codes, s8 weights, i32 accumulation)
//===----------------------------------------------------------------------===//

bool isU8(Type t) {
  auto i = dyn_cast<IntegerType>(getElementTypeOrSelf(t));
  return i && i.getWidth() == 8 && i.isUnsigned();
}

bool isStaticU8(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  return r && r.hasStaticShape() && isU8(r);
}

/// 8-bit codes out, or 32-bit ones (outputs of the model).
bool isIntResult(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  if (!r || !r.hasStaticShape())
    return false;
  auto i = dyn_cast<IntegerType>(r.getElementType());
  return i && ((i.getWidth() == 8 && i.isUnsigned()) ||
               (i.getWidth() == 32 && i.isSignless()));
}

Value intConstant(PatternRewriter &rewriter, Location loc,
                  ArrayRef<int64_t> shape, Type elem,
                  ArrayRef<int64_t> values, StringRef name) {
  auto type = RankedTensorType::get(shape, elem);
  return qc::ConstantOp::create(rewriter, loc,
                                makeElementsAttrFromInts(type, values, name));
}

std::optional<std::vector<int64_t>> constantInts(Value v) {
  ElementsAttr attr = getConstantTensor(v);
  return attr ? getValuesAsInt(attr) : std::nullopt;
}

/// Packs `rows` filter rows (output channels) of `outer` x `inner` values
/// into [ceil(rows / nr), outer, ceil(inner / p), nr, p]: the reduction
/// index i of a row goes to run i / p, position i % p; missing values
/// (channels past `rows`, positions past `inner`) are 0.
std::vector<int64_t> packRuns(ArrayRef<int64_t> values, int64_t rows,
                              int64_t outer, int64_t inner, int64_t nr,
                              int64_t p) {
  int64_t blocks = (rows + nr - 1) / nr, runs = (inner + p - 1) / p;
  std::vector<int64_t> out(blocks * outer * runs * nr * p, 0);
  for (int64_t o = 0; o < rows; ++o)
    for (int64_t u = 0; u < outer; ++u)
      for (int64_t i = 0; i < inner; ++i)
        out[((((o / nr) * outer + u) * runs + i / p) * nr + o % nr) * p +
            i % p] = values[(o * outer + u) * inner + i];
  return out;
}

/// The dot product layout: runs of 4 i8 (vpdpbusd) or 2 i16 (pmaddwd).
struct IntLayout {
  int64_t p;
  Type elem;
};

IntLayout intLayout(MLIRContext *ctx, Int8Dot int8Dot) {
  if (int8Dot == Int8Dot::PMADDWD)
    return {2, IntegerType::get(ctx, 16)};
  return {4, IntegerType::get(ctx, 8)};
}

/// The bias padded to `size` (zeros), or null without a bias.
FailureOr<Value> paddedIntBias(PatternRewriter &rewriter, Location loc,
                               Value bias, int64_t size) {
  if (!bias)
    return Value();
  std::optional<std::vector<int64_t>> values = constantInts(bias);
  if (!values)
    return failure();
  values->resize(size, 0);
  return intConstant(rewriter, loc, {size}, rewriter.getI32Type(), *values,
                     "ibias");
}

/// The `multipliers` operand for a requantization over `size` (padded)
/// channels: null when it is uniform.
Value multiplierOperand(PatternRewriter &rewriter, Location loc, RequantAttr rq,
                        int64_t size) {
  ArrayRef<int32_t> m = rq.getMultiplier().asArrayRef();
  ArrayRef<int32_t> mneg = rq.getNegMultiplier()
                               ? rq.getNegMultiplier().asArrayRef()
                               : ArrayRef<int32_t>();
  if (m.size() == 1 && mneg.size() <= 1)
    return Value();
  auto row = [&](ArrayRef<int32_t> v) {
    std::vector<int64_t> out(size, 0);
    for (int64_t i = 0; i < size; ++i)
      if (i < (int64_t)v.size() || v.size() == 1)
        out[i] = v[v.size() == 1 ? 0 : i];
    return out;
  };
  std::vector<int64_t> values = row(m);
  SmallVector<int64_t> shape{size};
  if (!mneg.empty()) {
    std::vector<int64_t> neg = row(mneg);
    values.insert(values.end(), neg.begin(), neg.end());
    shape = {2, size};
  }
  return intConstant(rewriter, loc, shape, rewriter.getI32Type(), values,
                     "multipliers");
}

Value qcReshape(PatternRewriter &rewriter, Location loc, Value v,
                ArrayRef<int64_t> shape) {
  auto t = cast<RankedTensorType>(v.getType());
  if (t.getShape() == shape)
    return v;
  return qc::ReshapeOp::create(
      rewriter, loc, RankedTensorType::get(shape, t.getElementType()), v);
}

/// NHWC spatial padding with a code, as a qc.pad (ui8 stays ui8 until the
/// qc-to-linalg type conversion).
Value qcPadSpatial(PatternRewriter &rewriter, Location loc, Value input,
                   ArrayRef<int64_t> pads, int64_t code) {
  if (hasNoPads(pads))
    return input;
  SmallVector<int64_t> all{0, pads[0], pads[1], 0, 0, pads[2], pads[3], 0};
  return qc::PadOp::create(
      rewriter, loc, spatiallyPadded(input, pads), input,
      rewriter.getDenseI64ArrayAttr(all),
      PadModeAttr::get(rewriter.getContext(), PadMode::Constant),
      rewriter.getF32FloatAttr((float)code));
}

Value emptyOf(PatternRewriter &rewriter, Location loc, ArrayRef<int64_t> shape,
              Type elem) {
  return tensor::EmptyOp::create(rewriter, loc, shape, elem);
}

struct IntConvToKernel : OpRewritePattern<Conv2DOp> {
  IntConvToKernel(MLIRContext *ctx, int64_t lanes, IntLayout layout)
      : OpRewritePattern(ctx), lanes(lanes), layout(layout) {}

  LogicalResult matchAndRewrite(Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    RequantAttr rq = op.getRequantAttr();
    if (op.getLayout() != Layout::NHWC || !rq ||
        !isStaticU8(op.getInput().getType()) || !isIntResult(op.getType()))
      return rewriter.notifyMatchFailure(op, "not an NHWC integer convolution");
    std::optional<std::vector<int64_t>> w = constantInts(op.getFilter());
    if (!w)
      return rewriter.notifyMatchFailure(op, "filter is not a constant");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    Type outElem = outType.getElementType();
    ConvGeometry g(op);
    auto [n, h, wd, c, o, kh, kw, groups, pads, strides, dilations] = g;

    if (groups == 1) {
      if (dilations[1] != 1 && c % layout.p != 0)
        return rewriter.notifyMatchFailure(op, "dilated, C % P != 0");
      int64_t nr = blockWidth(o, lanes);
      int64_t blocks = (o + nr - 1) / nr, padded = blocks * nr;
      FailureOr<Value> bias = paddedIntBias(rewriter, loc, op.getBias(), padded);
      if (failed(bias))
        return rewriter.notifyMatchFailure(op, "bias is not a constant");
      Value mult = multiplierOperand(rewriter, loc, rq, padded);
      if (g.isPointwise()) {
        int64_t m = n * h * wd;
        std::vector<int64_t> packed = packRuns(*w, o, 1, c, nr, layout.p);
        int64_t runs = (c + layout.p - 1) / layout.p;
        Value rhs = intConstant(rewriter, loc, {blocks, runs, nr, layout.p},
                                layout.elem, packed, "packed_filter");
        Value lhs = qcReshape(rewriter, loc, op.getInput(), {m, c});
        Value residual = op.getResidual()
                             ? qcReshape(rewriter, loc, op.getResidual(), {m, o})
                             : Value();
        auto flatType = RankedTensorType::get({m, o}, outElem);
        auto kernel = qck::MatMulOp::create(
            rewriter, loc, flatType, lhs, rhs, *bias, residual, mult,
            FloatAttr(), FloatAttr(), FloatAttr(), rq,
            emptyOf(rewriter, loc, {m, o}, outElem));
        rewriter.replaceOp(op, qcReshape(rewriter, loc, kernel.getResult(),
                                         outType.getShape()));
        return success();
      }
      // Filter rows (o, kh) hold KW * C contiguous values (OHWI).
      std::vector<int64_t> packed = packRuns(*w, o, kh, kw * c, nr, layout.p);
      int64_t runs = (kw * c + layout.p - 1) / layout.p;
      Value filter = intConstant(rewriter, loc, {blocks, kh, runs, nr, layout.p},
                                 layout.elem, packed, "packed_filter");
      // Integer convolutions pad with code 0: Integerize keeps the pads on
      // the op only when the input zero point is 0.
      Value input = qcPadSpatial(rewriter, loc, op.getInput(), pads, 0);
      auto kernel = qck::Conv2DOp::create(
          rewriter, loc, outType, input, filter, *bias, op.getResidual(), mult,
          FloatAttr(), FloatAttr(), FloatAttr(), rq,
          emptyOf(rewriter, loc, outType.getShape(), outElem),
          rewriter.getDenseI64ArrayAttr(strides),
          rewriter.getDenseI64ArrayAttr(dilations),
          rewriter.getDenseI64ArrayAttr({kh, kw}));
      rewriter.replaceOp(op, kernel.getResult());
      return success();
    }
    if (g.isDepthwise()) {
      FailureOr<Value> bias = paddedIntBias(rewriter, loc, op.getBias(), c);
      if (failed(bias))
        return rewriter.notifyMatchFailure(op, "bias is not a constant");
      std::vector<int64_t> dw = g.depthwiseFilter<int64_t>(*w);
      Value filter = intConstant(rewriter, loc, {kh, kw, c},
                                 rewriter.getIntegerType(8), dw,
                                 "depthwise_filter");
      Value input = qcPadSpatial(rewriter, loc, op.getInput(), pads, 0);
      auto kernel = qck::DepthwiseConv2DOp::create(
          rewriter, loc, outType, input, filter, *bias, op.getResidual(),
          multiplierOperand(rewriter, loc, rq, c), FloatAttr(), FloatAttr(),
          FloatAttr(), rq, emptyOf(rewriter, loc, outType.getShape(), outElem),
          rewriter.getDenseI64ArrayAttr(strides),
          rewriter.getDenseI64ArrayAttr(dilations));
      rewriter.replaceOp(op, kernel.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "grouped convolution");
  }

  int64_t lanes;
  IntLayout layout;
};

struct IntMatMulToKernel : OpRewritePattern<qc::MatMulOp> {
  IntMatMulToKernel(MLIRContext *ctx, int64_t lanes, IntLayout layout)
      : OpRewritePattern(ctx), lanes(lanes), layout(layout) {}

  LogicalResult matchAndRewrite(qc::MatMulOp op,
                                PatternRewriter &rewriter) const override {
    RequantAttr rq = op.getRequantAttr();
    auto lhsType = dyn_cast<RankedTensorType>(op.getLhs().getType());
    auto rhsType = dyn_cast<RankedTensorType>(op.getRhs().getType());
    if (!rq || !isStaticU8(op.getLhs().getType()) ||
        !isIntResult(op.getType()) || !rhsType || rhsType.getRank() != 2 ||
        lhsType.getRank() < 2)
      return rewriter.notifyMatchFailure(op, "not [..., M, K] x [K, N] codes");
    std::optional<std::vector<int64_t>> bv = constantInts(op.getRhs());
    if (!bv)
      return rewriter.notifyMatchFailure(op, "rhs is not a constant");
    Location loc = op.getLoc();
    int64_t k = rhsType.getDimSize(0), n = rhsType.getDimSize(1);
    int64_t m = lhsType.getNumElements() / k;
    int64_t nr = blockWidth(n, lanes);
    int64_t blocks = (n + nr - 1) / nr, padded = blocks * nr;
    FailureOr<Value> bias = paddedIntBias(rewriter, loc, op.getBias(), padded);
    if (failed(bias))
      return rewriter.notifyMatchFailure(op, "bias is not a constant");
    // [K][N] -> rows per output column [N][K] -> [NB][G][NR][P]
    std::vector<int64_t> packed =
        packRuns(columnsAsRows<int64_t>(*bv, k, n), n, 1, k, nr, layout.p);
    int64_t runs = (k + layout.p - 1) / layout.p;
    Value rhs = intConstant(rewriter, loc, {blocks, runs, nr, layout.p},
                            layout.elem, packed, "packed_rhs");
    auto outType = cast<RankedTensorType>(op.getType());
    Type outElem = outType.getElementType();
    Value lhs = qcReshape(rewriter, loc, op.getLhs(), {m, k});
    Value residual = op.getResidual()
                         ? qcReshape(rewriter, loc, op.getResidual(), {m, n})
                         : Value();
    auto kernel = qck::MatMulOp::create(
        rewriter, loc, RankedTensorType::get({m, n}, outElem), lhs, rhs, *bias,
        residual, multiplierOperand(rewriter, loc, rq, padded), FloatAttr(),
        FloatAttr(), FloatAttr(), rq, emptyOf(rewriter, loc, {m, n}, outElem));
    rewriter.replaceOp(op, qcReshape(rewriter, loc, kernel.getResult(),
                                     outType.getShape()));
    return success();
  }

  int64_t lanes;
  IntLayout layout;
};

template <typename OpTy>
struct IntPoolToKernel : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    constexpr bool isMax = std::is_same_v<OpTy, MaxPool2DOp>;
    RequantAttr rq;
    if constexpr (!isMax)
      rq = op.getRequantAttr();
    if (op.getLayout() != Layout::NHWC || !isStaticU8(op.getType()) ||
        !isStaticU8(op.getInput().getType()) || (!isMax && !rq))
      return rewriter.notifyMatchFailure(op, "not an NHWC pool of codes");
    Location loc = op.getLoc();
    auto outType = cast<RankedTensorType>(op.getType());
    PoolGeometry g(op);
    auto [k, s, pads, dil, h, w, oh, ow, allPads] = g;
    // Code 0 never wins a max; an average pads with real 0 (the zero point).
    Value input = qcPadSpatial(rewriter, loc, op.getInput(), allPads,
                               isMax ? 0 : rq.getInputZp());
    Value divisors;
    if (rq && rq.getMultiplier().size() > 1) {
      ArrayRef<int32_t> m = rq.getMultiplier().asArrayRef();
      divisors = intConstant(rewriter, loc, {oh, ow}, rewriter.getI32Type(),
                             std::vector<int64_t>(m.begin(), m.end()),
                             "pool_multipliers");
    }
    auto kernel = qck::Pool2DOp::create(
        rewriter, loc, outType,
        qck::PoolKindAttr::get(rewriter.getContext(),
                               isMax ? qck::PoolKind::Max : qck::PoolKind::Avg),
        input, divisors,
        emptyOf(rewriter, loc, outType.getShape(), outType.getElementType()),
        rewriter.getDenseI64ArrayAttr(k), rewriter.getDenseI64ArrayAttr(s),
        rewriter.getDenseI64ArrayAttr(dil), rq);
    rewriter.replaceOp(op, kernel.getResult());
    return success();
  }
};

/// Global average (with a requantization) or max pooling of NHWC codes.
template <typename OpTy, qck::PoolKind kind>
struct IntGlobalPoolToKernel : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
    RequantAttr rq;
    if constexpr (kind == qck::PoolKind::Avg)
      rq = op.getRequantAttr();
    if (!inType || !isStaticU8(inType) || !isStaticU8(op.getType()) ||
        inType.getRank() != 4 || op.getAxes() != ArrayRef<int64_t>{1, 2} ||
        (kind == qck::PoolKind::Avg && (!rq || rq.getMultiplier().size() != 1)))
      return rewriter.notifyMatchFailure(op, "not a global pool of NHWC codes");
    Location loc = op.getLoc();
    int64_t n = inType.getDimSize(0), h = inType.getDimSize(1),
            w = inType.getDimSize(2), c = inType.getDimSize(3);
    auto poolType = RankedTensorType::get({n, 1, 1, c}, inType.getElementType());
    auto kernel = qck::Pool2DOp::create(
        rewriter, loc, poolType, qck::PoolKindAttr::get(op.getContext(), kind),
        op.getInput(), Value(),
        emptyOf(rewriter, loc, poolType.getShape(), inType.getElementType()),
        rewriter.getDenseI64ArrayAttr({h, w}),
        rewriter.getDenseI64ArrayAttr({1, 1}),
        rewriter.getDenseI64ArrayAttr({1, 1}), rq);
    auto outType = cast<RankedTensorType>(op.getType());
    rewriter.replaceOp(op, qcReshape(rewriter, loc, kernel.getResult(),
                                     outType.getShape()));
    return success();
  }
};

struct SelectCPUKernelsPass
    : public qc::impl::SelectCPUKernelsBase<SelectCPUKernelsPass> {
  using SelectCPUKernelsBase::SelectCPUKernelsBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    int64_t lanes = vectorBits / 32;
    RewritePatternSet patterns(ctx);
    patterns.add<ConvToKernel, MatMulToKernel>(ctx, lanes);
    patterns.add<PoolToKernel<MaxPool2DOp>, PoolToKernel<AvgPool2DOp>>(ctx);
    patterns.add<GlobalPoolToKernel<ReduceMeanOp, qck::PoolKind::Avg>,
                 GlobalPoolToKernel<ReduceMaxOp, qck::PoolKind::Max>>(ctx,
                                                                      lanes);
    IntLayout layout = intLayout(ctx, int8Dot);
    patterns.add<IntConvToKernel, IntMatMulToKernel>(ctx, lanes, layout);
    patterns.add<IntPoolToKernel<MaxPool2DOp>, IntPoolToKernel<AvgPool2DOp>,
                 IntGlobalPoolToKernel<ReduceMeanOp, qck::PoolKind::Avg>,
                 IntGlobalPoolToKernel<ReduceMaxOp, qck::PoolKind::Max>>(ctx);
    GreedyRewriteConfig config;
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      signalPassFailure();
  }
};

} // namespace
