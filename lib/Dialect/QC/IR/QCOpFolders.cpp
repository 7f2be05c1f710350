//===- QCOpFolders.cpp - qc folders and canonicalization patterns ---------===//
//
// Part of the quantc project.
//
// The folders and canonicalization patterns of docs/dialect.md ("Folding
// and canonicalization"); test/Dialect/QC/canonicalize.mlir has a case for
// each, with `_negative` cases where they decline.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::qc;

//===----------------------------------------------------------------------===//
// NoneOp / ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult NoneOp::fold(FoldAdaptor) { return UnitAttr::get(getContext()); }

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

/// Folds a binary op over two small constants, computing in double (float
/// types) or int64 (integer types, wrapping like the runtime would not: the
/// importer only folds shape arithmetic this way).
template <typename FloatFn, typename IntFn>
static OpFoldResult foldBinary(Operation *op, Attribute lhsAttr,
                               Attribute rhsAttr, FloatFn floatFn,
                               IntFn intFn) {
  auto lhs = dyn_cast_or_null<ElementsAttr>(lhsAttr);
  auto rhs = dyn_cast_or_null<ElementsAttr>(rhsAttr);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (!lhs || !rhs || isQuantized(resultType) || !resultType.hasStaticShape() ||
      resultType.getNumElements() > (1 << 16))
    return {};
  // 64-bit unsigned values do not fit the int64 evaluation below.
  if (resultType.getElementType().isUnsignedInteger(64))
    return {};
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  ArrayRef<int64_t> shape = resultType.getShape();
  int64_t rank = shape.size();
  auto index = [&](ArrayRef<int64_t> opShape, int64_t linear) {
    // Maps a linear result index to a linear index of a broadcast operand.
    int64_t offset = 0, stride = 1, rem = linear;
    SmallVector<int64_t> coords(rank);
    for (int64_t i = rank - 1; i >= 0; --i) {
      coords[i] = rem % shape[i];
      rem /= shape[i];
    }
    int64_t opRank = opShape.size();
    for (int64_t i = opRank - 1; i >= 0; --i) {
      int64_t c = opShape[i] == 1 ? 0 : coords[i + rank - opRank];
      offset += c * stride;
      stride *= opShape[i];
    }
    return offset;
  };
  int64_t n = resultType.getNumElements();
  if (isa<FloatType>(resultType.getElementType())) {
    auto a = getValuesAsDouble(lhs), b = getValuesAsDouble(rhs);
    if (!a || !b)
      return {};
    std::vector<double> out(n);
    for (int64_t i = 0; i < n; ++i)
      out[i] = floatFn((*a)[index(lhsType.getShape(), i)],
                       (*b)[index(rhsType.getShape(), i)]);
    return makeElementsAttrFromDoubles(resultType, out, "folded");
  }
  if (isa<IntegerType>(resultType.getElementType())) {
    auto a = getValuesAsInt(lhs), b = getValuesAsInt(rhs);
    if (!a || !b)
      return {};
    std::vector<int64_t> out(n);
    for (int64_t i = 0; i < n; ++i) {
      std::optional<int64_t> v = intFn((*a)[index(lhsType.getShape(), i)],
                                       (*b)[index(rhsType.getShape(), i)]);
      if (!v)
        return {};
      out[i] = *v;
    }
    return makeElementsAttrFromInts(resultType, out, "folded");
  }
  return {};
}

using OptInt = std::optional<int64_t>;

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a + b; },
      [](int64_t a, int64_t b) -> OptInt { return a + b; });
}
OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a - b; },
      [](int64_t a, int64_t b) -> OptInt { return a - b; });
}
OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a * b; },
      [](int64_t a, int64_t b) -> OptInt { return a * b; });
}
OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a / b; },
      [](int64_t a, int64_t b) -> OptInt {
        if (b == 0)
          return std::nullopt;
        return a / b;
      });
}
/// As arith.maximumf (`isMax`) and arith.minimumf: NaN propagates, and
/// -0 < +0.
static double floatMinMax(double a, double b, bool isMax) {
  if (std::isnan(a) || std::isnan(b))
    return std::nan("");
  if (a == b)
    return std::signbit(a) == isMax ? b : a;
  return (a > b) == isMax ? a : b;
}
OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return floatMinMax(a, b, /*isMax=*/true); },
      [](int64_t a, int64_t b) -> OptInt { return std::max(a, b); });
}
OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return floatMinMax(a, b, /*isMax=*/false); },
      [](int64_t a, int64_t b) -> OptInt { return std::min(a, b); });
}
OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return std::pow(a, b); },
      [](int64_t a, int64_t b) -> OptInt {
        if (b < 0)
          return std::nullopt;
        // Square-and-multiply with overflow checks: no fold on overflow.
        int64_t r = 1, base = a;
        for (int64_t e = b; e > 0; e >>= 1) {
          if ((e & 1) && __builtin_mul_overflow(r, base, &r))
            return std::nullopt;
          if (e > 1 && __builtin_mul_overflow(base, base, &base))
            return (a == 0 || a == 1 || a == -1)
                       ? OptInt(a == -1 && (b & 1) ? -1 : (a == 0 ? 0 : 1))
                       : std::nullopt;
        }
        return r;
      });
}
OpFoldResult PReluOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double x, double s) { return x >= 0 ? x : s * x; },
      [](int64_t x, int64_t s) -> OptInt { return x >= 0 ? x : s * x; });
}

namespace {
/// clamp(clamp(x, a, b), c, d) -> clamp(x, max(a, c), min(b, d)).
struct MergeClamps : OpRewritePattern<ClampOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClampOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ClampOp>();
    if (!inner || isQuantized(op.getType()) || isQuantized(inner.getType()) ||
        isQuantized(inner.getInput().getType()))
      return rewriter.notifyMatchFailure(op, "operand is not a float clamp");
    auto pick = [](std::optional<APFloat> a, std::optional<APFloat> b,
                   bool takeMax) -> std::optional<float> {
      if (!a && !b)
        return std::nullopt;
      if (!a)
        return b->convertToFloat();
      if (!b)
        return a->convertToFloat();
      return takeMax ? std::max(a->convertToFloat(), b->convertToFloat())
                     : std::min(a->convertToFloat(), b->convertToFloat());
    };
    std::optional<float> lo = pick(inner.getMin(), op.getMin(), true);
    std::optional<float> hi = pick(inner.getMax(), op.getMax(), false);
    if (lo && hi && *lo > *hi)
      return rewriter.notifyMatchFailure(op, "clamp ranges are disjoint");
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(inner.getInput());
      if (lo)
        op.setMinAttr(rewriter.getF32FloatAttr(*lo));
      if (hi)
        op.setMaxAttr(rewriter.getF32FloatAttr(*hi));
    });
    return success();
  }
};
} // namespace

void ClampOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<MergeClamps>(context);
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!attr || !getType().hasStaticShape() ||
      getType().getNumElements() > (1 << 16))
    return {};
  Type to = getType().getElementType();
  Type from = getElementTypeOrSelf(attr.getType());
  if (!from.isIntOrFloat() || !to.isIntOrFloat() ||
      from.isUnsignedInteger(64) || to.isUnsignedInteger(64))
    return {};
  if (to.isInteger(1)) {
    // ONNX: any non-zero value is true.
    std::optional<std::vector<double>> values = getValuesAsDouble(attr);
    if (!values)
      return {};
    std::vector<int64_t> bits;
    for (double v : *values)
      bits.push_back(v != 0);
    return makeElementsAttrFromInts(getType(), bits, "folded");
  }
  if (isa<IntegerType>(from) && isa<IntegerType>(to)) {
    // Integer to integer: exact in int64 (wraps like a truncating cast).
    std::optional<std::vector<int64_t>> values = getValuesAsInt(attr);
    if (!values)
      return {};
    return makeElementsAttrFromInts(getType(), *values, "folded");
  }
  std::optional<std::vector<double>> values = getValuesAsDouble(attr);
  if (!values)
    return {};
  if (isa<IntegerType>(to))
    for (double &v : *values)
      v = std::trunc(v);
  return makeElementsAttrFromDoubles(getType(), *values, "folded");
}

OpFoldResult FakeQuantOp::fold(FoldAdaptor adaptor) {
  // A second rounding onto the same grid changes nothing.
  if (auto inner = getInput().getDefiningOp<FakeQuantOp>())
    if (inner.getScale() == getScale() &&
        inner.getZeroPointValue() == getZeroPointValue() &&
        inner.getStorage() == getStorage())
      return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  std::optional<std::vector<float>> values =
      attr ? getF32Values(attr) : std::nullopt;
  if (!values)
    return {};
  // The f32 arithmetic of the lowering (and of ONNX Runtime).
  float scale = (float)getScale().convertToDouble();
  float zp = (float)getZeroPointValue();
  float qmin = (float)getQMin(), qmax = (float)getQMax();
  for (float &v : *values) {
    float q = std::nearbyint(v / scale) + zp; // round half to even
    q = std::min(std::max(q, qmin), qmax);
    v = (q - zp) * scale;
  }
  return makeElementsAttrFromDoubles(
      getType(), std::vector<double>(values->begin(), values->end()), "folded");
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (!getType().hasStaticShape())
    return {};
  if (auto attr = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return attr.reshape(getType());
  if (auto attr =
          dyn_cast_or_null<DenseResourceElementsAttr>(adaptor.getInput()))
    return DenseResourceElementsAttr::get(getType(), attr.getRawHandle());
  return {};
}

namespace {
struct ComposeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "operand is not a reshape");
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(inner.getInput()); });
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<ComposeReshapes>(context);
}

/// Permutes raw row-major bytes of `shape` by `perm` (result dim k is input
/// dim perm[k]).
static std::vector<char> permuteBytes(ArrayRef<char> in,
                                      ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> perm, int64_t width) {
  int64_t rank = shape.size();
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  std::vector<char> out(n * width);
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * shape[i + 1];
  SmallVector<int64_t> outShape, strides;
  for (int64_t p : perm) {
    outShape.push_back(shape[p]);
    strides.push_back(inStrides[p]);
  }
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t o = 0; o < n; ++o) {
    int64_t off = 0;
    for (int64_t k = 0; k < rank; ++k)
      off += idx[k] * strides[k];
    std::memcpy(out.data() + o * width, in.data() + off * width, width);
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (++idx[k] < outShape[k])
        break;
      idx[k] = 0;
    }
  }
  return out;
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= p == (int64_t)i;
  if (identity)
    return getInput();
  // transpose(transpose(x, p), q) is transpose(x, [p[q[k]]]).
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPerm()[p]);
    getInputMutable().assign(inner.getInput());
    setPerm(composed);
    return getResult();
  }
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!attr || isQuantized(getType()))
    return {};
  auto inType = cast<RankedTensorType>(attr.getType());
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return {};
  int64_t width = getElementByteWidth(inType.getElementType());
  std::vector<char> out = permuteBytes(*bytes, inType.getShape(), perm, width);
  return makeElementsAttr(getType(), out, "transposed");
}

/// A transpose that only moves size-1 dimensions keeps the element order:
/// it is a reshape.
static LogicalResult transposeOfUnitDimsToReshape(TransposeOp op,
                                                  PatternRewriter &rewriter) {
  auto in = cast<RankedTensorType>(op.getInput().getType());
  if (isQuantized(in) || in.getElementType() != op.getType().getElementType())
    return rewriter.notifyMatchFailure(op, "quantized or retyping transpose");
  SmallVector<int64_t> nonUnit;
  for (int64_t p : op.getPerm())
    if (in.getDimSize(p) != 1)
      nonUnit.push_back(p);
  if (!llvm::is_sorted(nonUnit))
    return rewriter.notifyMatchFailure(op, "moves non-unit dimensions");
  rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
  return success();
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *) {
  results.add(transposeOfUnitDimsToReshape);
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  if (isQuantized(getType()) || !getType().hasStaticShape() ||
      getType().getNumElements() > (1 << 16))
    return {};
  SmallVector<std::vector<char>> parts;
  for (Attribute a : adaptor.getInputs()) {
    auto attr = dyn_cast_or_null<ElementsAttr>(a);
    if (!attr)
      return {};
    std::optional<std::vector<char>> bytes = getRawBytes(attr);
    if (!bytes)
      return {};
    parts.push_back(std::move(*bytes));
  }
  int64_t width = getElementByteWidth(getType().getElementType());
  ArrayRef<int64_t> shape = getType().getShape();
  int64_t outer = 1, inner = width;
  for (int64_t i = 0; i < (int64_t)getAxis(); ++i)
    outer *= shape[i];
  for (int64_t i = (int64_t)getAxis() + 1; i < (int64_t)shape.size(); ++i)
    inner *= shape[i];
  std::vector<char> out;
  out.reserve(getType().getNumElements() * width);
  for (int64_t o = 0; o < outer; ++o)
    for (auto [v, part] : llvm::zip(getInputs(), parts)) {
      int64_t chunk =
          cast<RankedTensorType>(v.getType()).getDimSize(getAxis()) * inner;
      out.insert(out.end(), part.begin() + o * chunk,
                 part.begin() + (o + 1) * chunk);
    }
  return makeElementsAttr(getType(), out, "concat");
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto in = cast<RankedTensorType>(getInput().getType());
  if (in == getType() &&
      llvm::all_of(getStarts(), [](int64_t s) { return s == 0; }) &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!attr || isQuantized(getType()) || !getType().hasStaticShape() ||
      getType().getNumElements() > (1 << 16))
    return {};
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return {};
  int64_t width = getElementByteWidth(in.getElementType());
  int64_t rank = in.getRank();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * in.getDimSize(i + 1);
  ArrayRef<int64_t> outShape = getType().getShape();
  int64_t n = getType().getNumElements();
  std::vector<char> out(n * width);
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t o = 0; o < n; ++o) {
    int64_t off = 0;
    for (int64_t k = 0; k < rank; ++k)
      off += (getStarts()[k] + getSteps()[k] * idx[k]) * inStrides[k];
    std::memcpy(out.data() + o * width, bytes->data() + off * width, width);
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (++idx[k] < outShape[k])
        break;
      idx[k] = 0;
    }
  }
  return makeElementsAttr(getType(), out, "slice");
}

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }) &&
      getInput().getType() == getType())
    return getInput();
  return {};
}
