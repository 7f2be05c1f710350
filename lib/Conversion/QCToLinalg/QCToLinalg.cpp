//===- QCToLinalg.cpp - qc ops to linalg/tensor ---------------------------===//
//
// Part of the quantc project.
//
// The reference lowering: every qc op, any static shape, to linalg on
// tensors (named ops, linalg.generic) and tensor ops. Performance-critical
// forms are taken earlier by the CPU kernel generator; what reaches this
// pass is made fast by elementwise fusion and generic tiling/vectorization.
//
//===----------------------------------------------------------------------===//

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Utils/Requant.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>
#include <limits>

namespace mlir {
namespace qc {
#define GEN_PASS_DEF_CONVERTQCTOLINALG
#include "quantc/Conversion/Passes.h.inc"
} // namespace qc
} // namespace mlir

using namespace mlir;
using namespace mlir::qc;

namespace {

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;
using utils::IteratorType;

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

/// quantc's integer IR uses ui8 for activation codes; linalg and arith work
/// on signless integers, so types are converted (ui8 -> i8) and each
/// lowering picks zero- or sign-extension from the original qc types.
Type signless(Type t) {
  if (auto i = dyn_cast<IntegerType>(t); i && !i.isSignless())
    return IntegerType::get(t.getContext(), i.getWidth());
  if (auto r = dyn_cast<RankedTensorType>(t))
    return RankedTensorType::get(r.getShape(), signless(r.getElementType()));
  return t;
}
RankedTensorType signlessTensor(Type t) {
  return cast<RankedTensorType>(signless(t));
}
bool isUnsignedInt(Type t) {
  return getElementTypeOrSelf(t).isUnsignedInteger();
}

TypedAttr scalarAttr(OpBuilder &b, Type type, double v) {
  if (isa<FloatType>(type))
    return b.getFloatAttr(type, v);
  return b.getIntegerAttr(type, (int64_t)v);
}

Value scalar(OpBuilder &b, Location loc, Type type, double v) {
  return arith::ConstantOp::create(b, loc, scalarAttr(b, type, v));
}

Value filled(OpBuilder &b, Location loc, RankedTensorType type, double v) {
  Value init = emptyTensor(b, loc, type);
  Value c = scalar(b, loc, type.getElementType(), v);
  return linalg::FillOp::create(b, loc, c, init).getResult(0);
}

/// Indexing map reading an operand of `shape` broadcast (numpy, aligned
/// right) to a result of rank `rank`.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> resultShape) {
  int64_t rank = resultShape.size(), opRank = shape.size();
  SmallVector<AffineExpr> exprs;
  for (int64_t i = 0; i < opRank; ++i) {
    int64_t d = i + rank - opRank;
    if (shape[i] == 1 && resultShape[d] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(d, ctx));
  }
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// A parallel linalg.generic over `resultType` reading broadcast `inputs`.
Value elementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange inputs, BodyFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(
        ctx, cast<RankedTensorType>(in.getType()).getShape(),
        resultType.getShape()));
  maps.push_back(AffineMap::getMultiDimIdentityMap(resultType.getRank(), ctx));
  SmallVector<IteratorType> iters(resultType.getRank(), IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{emptyTensor(b, loc, resultType)}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value v = body(nb, nloc, args.drop_back());
        linalg::YieldOp::create(nb, nloc, v);
      });
  return generic.getResult(0);
}


//===----------------------------------------------------------------------===//
// Scalar math shared by elementwise ops and epilogues.
//===----------------------------------------------------------------------===//

Value clampScalar(OpBuilder &b, Location loc, Value x,
                  std::optional<APFloat> lo, std::optional<APFloat> hi,
                  bool isUnsigned = false) {
  Type t = x.getType();
  if (isa<FloatType>(t)) {
    if (lo)
      x = arith::MaximumFOp::create(b, loc, x,
                                    scalar(b, loc, t, lo->convertToDouble()));
    if (hi)
      x = arith::MinimumFOp::create(b, loc, x,
                                    scalar(b, loc, t, hi->convertToDouble()));
    return x;
  }
  if (isUnsigned) {
    if (lo)
      x = arith::MaxUIOp::create(b, loc, x,
                                 scalar(b, loc, t, lo->convertToDouble()));
    if (hi)
      x = arith::MinUIOp::create(b, loc, x,
                                 scalar(b, loc, t, hi->convertToDouble()));
    return x;
  }
  if (lo)
    x = arith::MaxSIOp::create(b, loc, x,
                               scalar(b, loc, t, lo->convertToDouble()));
  if (hi)
    x = arith::MinSIOp::create(b, loc, x,
                               scalar(b, loc, t, hi->convertToDouble()));
  return x;
}

Value leakyScalar(OpBuilder &b, Location loc, Value x, double alpha) {
  Type t = x.getType();
  Value zero = scalar(b, loc, t, 0);
  Value scaled = arith::MulFOp::create(b, loc, x, scalar(b, loc, t, alpha));
  Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero);
  return arith::SelectOp::create(b, loc, pos, x, scaled);
}

/// acc (+ bias[c]) (+ residual) -> leaky -> clamp, one elementwise generic.
template <typename OpTy>
Value applyEpilogue(OpBuilder &b, Location loc, OpTy op, Value acc,
                    Value bias, Value residual, int64_t channelDim) {
  auto type = cast<RankedTensorType>(acc.getType());
  if (!bias && !residual && !op.hasActivation())
    return acc;
  MLIRContext *ctx = b.getContext();
  SmallVector<Value> inputs{acc};
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(type.getRank(), ctx)};
  if (bias) {
    inputs.push_back(bias);
    bool single = cast<RankedTensorType>(bias.getType()).getNumElements() == 1;
    maps.push_back(AffineMap::get(
        type.getRank(), 0,
        {single ? getAffineConstantExpr(0, ctx)
                : getAffineDimExpr(channelDim, ctx)},
        ctx));
  }
  if (residual) {
    inputs.push_back(residual);
    maps.push_back(AffineMap::getMultiDimIdentityMap(type.getRank(), ctx));
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(type.getRank(), ctx));
  SmallVector<IteratorType> iters(type.getRank(), IteratorType::parallel);
  std::optional<APFloat> lo = op.getClampMin(), hi = op.getClampMax();
  std::optional<APFloat> alpha = op.getLeakyAlpha();
  bool hasBias = (bool)bias, hasResidual = (bool)residual;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, inputs, ValueRange{emptyTensor(b, loc, type)},
      maps, iters, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value x = args[0];
        unsigned i = 1;
        bool f = isa<FloatType>(x.getType());
        if (hasBias) {
          Value v = args[i++];
          x = f ? (Value)arith::AddFOp::create(nb, nloc, x, v)
                : (Value)arith::AddIOp::create(nb, nloc, x, v);
        }
        if (hasResidual) {
          Value v = args[i++];
          x = f ? (Value)arith::AddFOp::create(nb, nloc, x, v)
                : (Value)arith::AddIOp::create(nb, nloc, x, v);
        }
        if (alpha)
          x = leakyScalar(nb, nloc, x, alpha->convertToDouble());
        x = clampScalar(nb, nloc, x, lo, hi);
        linalg::YieldOp::create(nb, nloc, x);
      });
  return generic.getResult(0);
}

/// Extends an integer to `to` (zero-extension for unsigned codes).
Value extendInt(OpBuilder &b, Location loc, Value v, Type to, bool isUnsigned) {
  if (v.getType() == to)
    return v;
  if (v.getType().getIntOrFloatBitWidth() > to.getIntOrFloatBitWidth())
    return arith::TruncIOp::create(b, loc, to, v);
  return isUnsigned ? (Value)arith::ExtUIOp::create(b, loc, to, v)
                    : (Value)arith::ExtSIOp::create(b, loc, to, v);
}

/// Multiply-accumulate for float and integer contractions (integers are
/// extended to the accumulator; `xUnsigned` for u8 activation codes).
Value macScalar(OpBuilder &b, Location loc, Value x, Value w, Value acc,
                bool xUnsigned = false) {
  Type accType = acc.getType();
  if (isa<FloatType>(accType)) {
    Value p = arith::MulFOp::create(b, loc, x, w);
    return arith::AddFOp::create(b, loc, acc, p);
  }
  x = extendInt(b, loc, x, accType, xUnsigned);
  w = extendInt(b, loc, w, accType, false);
  Value p = arith::MulIOp::create(b, loc, x, w);
  return arith::AddIOp::create(b, loc, acc, p);
}

/// A constant i32 tensor of multipliers.
Value multiplierTensor(OpBuilder &b, Location loc, ArrayRef<int32_t> values,
                       ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getI32Type());
  std::vector<int64_t> v(values.begin(), values.end());
  return arith::ConstantOp::create(
      b, loc, cast<TypedAttr>(makeElementsAttrFromInts(type, v, "multipliers")));
}

/// Requantizes the i32 tensor `acc` (+ bias along `channelDim`, + residual)
/// into `resultType` (signless). Multipliers are per `channelDim` when
/// there are several, or per position with `positionDims` (average pools:
/// the [H, W] dims of a per-position table).
Value requantEpilogue(OpBuilder &b, Location loc, Value acc, Value bias,
                      Value residual, bool residualUnsigned, RequantAttr rq,
                      int64_t channelDim, RankedTensorType resultType,
                      ArrayRef<int64_t> positionDims = {}) {
  MLIRContext *ctx = b.getContext();
  auto accType = cast<RankedTensorType>(acc.getType());
  int64_t rank = accType.getRank();
  AffineMap id = AffineMap::getMultiDimIdentityMap(rank, ctx);
  SmallVector<Value> inputs{acc};
  SmallVector<AffineMap> maps{id};
  auto channelMap =
      AffineMap::get(rank, 0, {getAffineDimExpr(channelDim, ctx)}, ctx);
  int idxBias = -1, idxRes = -1, idxM = -1, idxMneg = -1;
  if (bias) {
    idxBias = inputs.size();
    inputs.push_back(bias);
    maps.push_back(cast<RankedTensorType>(bias.getType()).getNumElements() == 1
                       ? AffineMap::get(rank, 0, {getAffineConstantExpr(0, ctx)},
                                        ctx)
                       : channelMap);
  }
  if (residual) {
    idxRes = inputs.size();
    inputs.push_back(residual);
    maps.push_back(id);
  }
  ArrayRef<int32_t> m = rq.getMultiplier().asArrayRef();
  bool perElement = m.size() > 1;
  if (perElement) {
    AffineMap mulMap = channelMap;
    SmallVector<int64_t> mulShape{(int64_t)m.size()};
    if (!positionDims.empty()) {
      mulShape = {accType.getDimSize(positionDims[0]),
                  accType.getDimSize(positionDims[1])};
      mulMap = AffineMap::get(rank, 0,
                              {getAffineDimExpr(positionDims[0], ctx),
                               getAffineDimExpr(positionDims[1], ctx)},
                              ctx);
    }
    idxM = inputs.size();
    inputs.push_back(multiplierTensor(b, loc, m, mulShape));
    maps.push_back(mulMap);
    if (rq.getNegMultiplier()) {
      idxMneg = inputs.size();
      inputs.push_back(
          multiplierTensor(b, loc, rq.getNegMultiplier().asArrayRef(),
                           mulShape));
      maps.push_back(mulMap);
    }
  }
  maps.push_back(id);
  Type outElem = resultType.getElementType();
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{emptyTensor(b, loc, resultType)}, maps,
      SmallVector<IteratorType>(rank, IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange a) {
        Value x = a[0];
        if (idxBias >= 0)
          x = arith::AddIOp::create(nb, l, x, a[idxBias]);
        Value mv, mnv;
        if (perElement) {
          mv = a[idxM];
          mnv = idxMneg >= 0 ? a[idxMneg] : Value();
        } else {
          mv = scalar(nb, l, nb.getI32Type(), m[0]);
          if (rq.getNegMultiplier())
            mnv = scalar(nb, l, nb.getI32Type(),
                         rq.getNegMultiplier().asArrayRef()[0]);
        }
        Value r = idxRes >= 0 ? a[idxRes] : Value();
        Value y = buildRequant(nb, l, rq, x, mv, mnv, r, residualUnsigned,
                               outElem);
        linalg::YieldOp::create(nb, l, y);
      });
  return generic.getResult(0);
}

/// tensor.pad with a constant.
Value padConstant(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> lo,
                  ArrayRef<int64_t> hi, Value padValue) {
  if (llvm::all_of(lo, [](int64_t x) { return x == 0; }) &&
      llvm::all_of(hi, [](int64_t x) { return x == 0; }))
    return v;
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i)
    shape.push_back(type.getDimSize(i) + lo[i] + hi[i]);
  auto padType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> low, high;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    low.push_back(b.getIndexAttr(lo[i]));
    high.push_back(b.getIndexAttr(hi[i]));
  }
  return tensor::PadOp::create(b, loc, padType, v, low, high, padValue);
}

/// Reshape through collapse-to-1-d and expand (metadata only once
/// bufferized). Rank-0 tensors expand/collapse directly (all dims are 1).
Value reshapeTensor(OpBuilder &b, Location loc, Value v,
                    RankedTensorType target) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type == target)
    return v;
  auto all = [](int64_t rank) {
    SmallVector<ReassociationIndices> reassoc;
    if (rank > 0) {
      ReassociationIndices r;
      for (int64_t i = 0; i < rank; ++i)
        r.push_back(i);
      reassoc.push_back(r);
    }
    return reassoc;
  };
  if (type.getRank() == 0)
    return tensor::ExpandShapeOp::create(b, loc, target, v, all(0));
  if (target.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, target, v, all(0));
  Value flat = v;
  if (type.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(
        b, loc,
        RankedTensorType::get({type.getNumElements()}, type.getElementType()),
        v, all(type.getRank()));
  if (target.getRank() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(b, loc, target, flat,
                                       all(target.getRank()));
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

struct ConstantLowering : OpConversionPattern<qc::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(qc::ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "constant is not typed");
    // arith is signless: unsigned codes (a qc.table's entries, a quantized
    // constant operand of a rescale) keep their bits.
    Type converted = getTypeConverter()->convertType(op.getType());
    if (converted && converted != value.getType()) {
      auto shaped = cast<ShapedType>(converted);
      if (auto dense = dyn_cast<DenseIntElementsAttr>(value))
        value = dense.bitcast(shaped.getElementType());
      else if (auto res = dyn_cast<DenseResourceElementsAttr>(value))
        value = DenseResourceElementsAttr::get(shaped, res.getRawHandle());
      else
        return rewriter.notifyMatchFailure(op, "constant of an unconvertible "
                                               "type");
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

template <typename OpTy>
struct BinaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  static Value compute(OpBuilder &b, Location loc, Value x, Value y) {
    bool f = isa<FloatType>(x.getType());
    if constexpr (std::is_same_v<OpTy, AddOp>)
      return f ? (Value)arith::AddFOp::create(b, loc, x, y)
               : (Value)arith::AddIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, SubOp>)
      return f ? (Value)arith::SubFOp::create(b, loc, x, y)
               : (Value)arith::SubIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, MulOp>)
      return f ? (Value)arith::MulFOp::create(b, loc, x, y)
               : (Value)arith::MulIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, DivOp>)
      return f ? (Value)arith::DivFOp::create(b, loc, x, y)
               : (Value)arith::DivSIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, MaxOp>)
      return f ? (Value)arith::MaximumFOp::create(b, loc, x, y)
               : (Value)arith::MaxSIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, MinOp>)
      return f ? (Value)arith::MinimumFOp::create(b, loc, x, y)
               : (Value)arith::MinSIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, PowOp>)
      return f ? (Value)math::PowFOp::create(b, loc, x, y)
               : (Value)math::IPowIOp::create(b, loc, x, y);
    if constexpr (std::is_same_v<OpTy, PReluOp>) {
      Value zero = scalar(b, loc, x.getType(), 0);
      Value pos = f ? (Value)arith::CmpFOp::create(
                          b, loc, arith::CmpFPredicate::OGE, x, zero)
                    : (Value)arith::CmpIOp::create(
                          b, loc, arith::CmpIPredicate::sge, x, zero);
      Value neg = f ? (Value)arith::MulFOp::create(b, loc, x, y)
                    : (Value)arith::MulIOp::create(b, loc, x, y);
      return arith::SelectOp::create(b, loc, pos, x, neg);
    }
    llvm_unreachable("unhandled binary op");
  }

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type.getElementType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "quantized types reach here only "
                                             "after integerization");
    Value result = elementwise(
        rewriter, op.getLoc(), type, {adaptor.getLhs(), adaptor.getRhs()},
        [](OpBuilder &b, Location loc, ValueRange args) {
          return compute(b, loc, args[0], args[1]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

template <typename OpTy>
struct UnaryLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;

  static Value compute(OpBuilder &b, Location loc, OpTy op, Value x) {
    Type t = x.getType();
    auto c = [&](double v) { return scalar(b, loc, t, v); };
    if constexpr (std::is_same_v<OpTy, ClampOp>)
      return clampScalar(b, loc, x, op.getMin(), op.getMax(),
                         isUnsignedInt(op.getType()));
    if constexpr (std::is_same_v<OpTy, LeakyReluOp>)
      return leakyScalar(b, loc, x, op.getAlpha().convertToDouble());
    if constexpr (std::is_same_v<OpTy, EluOp>) {
      Value e = math::ExpM1Op::create(b, loc, x);
      Value neg = arith::MulFOp::create(
          b, loc, e, c(op.getAlpha().convertToDouble()));
      Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x,
                                        c(0));
      return arith::SelectOp::create(b, loc, pos, x, neg);
    }
    if constexpr (std::is_same_v<OpTy, HardSigmoidOp>) {
      Value y = arith::MulFOp::create(b, loc, x,
                                      c(op.getAlpha().convertToDouble()));
      y = arith::AddFOp::create(b, loc, y, c(op.getBeta().convertToDouble()));
      y = arith::MaximumFOp::create(b, loc, y, c(0));
      return arith::MinimumFOp::create(b, loc, y, c(1));
    }
    if constexpr (std::is_same_v<OpTy, SigmoidOp>) {
      Value n = arith::NegFOp::create(b, loc, x);
      Value e = math::ExpOp::create(b, loc, n);
      Value d = arith::AddFOp::create(b, loc, e, c(1));
      return arith::DivFOp::create(b, loc, c(1), d);
    }
    if constexpr (std::is_same_v<OpTy, TanhOp>)
      return math::TanhOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, ExpOp>)
      return math::ExpOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, LogOp>)
      return math::LogOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, SqrtOp>)
      return math::SqrtOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, AbsOp>)
      return isa<FloatType>(t) ? (Value)math::AbsFOp::create(b, loc, x)
                               : (Value)math::AbsIOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, NegOp>)
      return isa<FloatType>(t)
                 ? (Value)arith::NegFOp::create(b, loc, x)
                 : (Value)arith::SubIOp::create(b, loc, c(0), x);
    if constexpr (std::is_same_v<OpTy, ReciprocalOp>)
      return arith::DivFOp::create(b, loc, c(1), x);
    if constexpr (std::is_same_v<OpTy, FloorOp>)
      return math::FloorOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, CeilOp>)
      return math::CeilOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, ErfOp>)
      return math::ErfOp::create(b, loc, x);
    if constexpr (std::is_same_v<OpTy, SoftplusOp>) {
      // log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)) so it
      // neither overflows nor loses the small-x digits.
      Value a = math::AbsFOp::create(b, loc, x);
      Value na = arith::NegFOp::create(b, loc, a);
      Value e = math::ExpOp::create(b, loc, na);
      Value l = math::Log1pOp::create(b, loc, e);
      Value m = arith::MaximumFOp::create(b, loc, x, c(0));
      return arith::AddFOp::create(b, loc, m, l);
    }
    llvm_unreachable("unhandled unary op");
  }

  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type.getElementType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "not an int or float tensor");
    Value result = elementwise(
        rewriter, op.getLoc(), type, {adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return compute(b, loc, op, args[0]);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct CastLowering : OpConversionPattern<CastOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    Type to = type.getElementType();
    Value result = elementwise(
        rewriter, op.getLoc(), type, {adaptor.getInput()},
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value x = args[0];
          Type from = x.getType();
          if (from == to)
            return x;
          bool ff = isa<FloatType>(from), tf = isa<FloatType>(to);
          if (ff && tf)
            return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
                       ? (Value)arith::ExtFOp::create(b, loc, to, x)
                       : (Value)arith::TruncFOp::create(b, loc, to, x);
          if (ff)
            return arith::FPToSIOp::create(b, loc, to, x);
          if (tf)
            return from.isInteger(1)
                       ? (Value)arith::UIToFPOp::create(b, loc, to, x)
                       : (Value)arith::SIToFPOp::create(b, loc, to, x);
          unsigned fw = from.getIntOrFloatBitWidth(),
                   tw = to.getIntOrFloatBitWidth();
          if (tw == 1) {
            Value zero = scalar(b, loc, from, 0);
            return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, x,
                                         zero);
          }
          if (fw < tw)
            return fw == 1 ? (Value)arith::ExtUIOp::create(b, loc, to, x)
                           : (Value)arith::ExtSIOp::create(b, loc, to, x);
          return arith::TruncIOp::create(b, loc, to, x);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Grouped convolution as one linalg.generic over
/// (n, g, og, oh, ow, cg, kh, kw) on the padded input, then the epilogue.
struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto inType = signlessTensor(op.getInput().getType());
    auto wType = signlessTensor(op.getFilter().getType());
    auto outType = signlessTensor(op.getType());
    if (!inType.getElementType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "quantized operands");
    bool xUnsigned = isUnsignedInt(op.getInput().getType());
    RequantAttr rq = op.getRequantAttr();
    bool nchw = op.getLayout() == Layout::NCHW;
    LayoutDims d = getLayoutDims(op.getLayout());
    int64_t g = op.getGroups();
    int64_t n = inType.getDimSize(d.n), c = inType.getDimSize(d.c);
    int64_t o = wType.getDimSize(0), cg = c / g, og = o / g;
    int64_t kh = nchw ? wType.getDimSize(2) : wType.getDimSize(1);
    int64_t kw = nchw ? wType.getDimSize(3) : wType.getDimSize(2);
    int64_t oh = outType.getDimSize(d.h), ow = outType.getDimSize(d.w);
    ArrayRef<int64_t> pads = op.getPads(), s = op.getStrides(),
                      dil = op.getDilations();

    Type accType = rq ? rewriter.getI32Type() : outType.getElementType();
    Type inElem = inType.getElementType();
    // Pad the input spatially with zero (integer convolutions are padded
    // explicitly by quantc-integerize when their zero point is not 0).
    SmallVector<int64_t> lo(4, 0), hi(4, 0);
    lo[d.h] = pads[0];
    lo[d.w] = pads[1];
    hi[d.h] = pads[2];
    hi[d.w] = pads[3];
    Value zero = scalar(rewriter, loc, inElem, 0);
    Value input = padConstant(rewriter, loc, adaptor.getInput(), lo, hi, zero);
    auto padType = cast<RankedTensorType>(input.getType());
    int64_t hp = padType.getDimSize(d.h), wp = padType.getDimSize(d.w);

    // Split channels into (group, channel-in-group).
    SmallVector<int64_t> in5 = nchw ? SmallVector<int64_t>{n, g, cg, hp, wp}
                                    : SmallVector<int64_t>{n, hp, wp, g, cg};
    SmallVector<ReassociationIndices> inReassoc =
        nchw ? SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}}
             : SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}};
    Value in5v = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(in5, inElem), input, inReassoc);
    SmallVector<int64_t> w5 = nchw ? SmallVector<int64_t>{g, og, cg, kh, kw}
                                   : SmallVector<int64_t>{g, og, kh, kw, cg};
    Value w5v = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(w5, wType.getElementType()),
        adaptor.getFilter(),
        SmallVector<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    SmallVector<int64_t> out5 = nchw ? SmallVector<int64_t>{n, g, og, oh, ow}
                                     : SmallVector<int64_t>{n, oh, ow, g, og};
    auto out5Type = RankedTensorType::get(out5, accType);
    auto accOutType = RankedTensorType::get(outType.getShape(), accType);
    Value init = filled(rewriter, loc, out5Type, 0);

    // Loop dims: 0 n, 1 g, 2 og, 3 oh, 4 ow, 5 cg, 6 kh, 7 kw.
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    AffineExpr ih = dim(3) * s[0] + dim(6) * dil[0];
    AffineExpr iw = dim(4) * s[1] + dim(7) * dil[1];
    AffineMap inMap, wMap, outMap;
    if (nchw) {
      inMap = AffineMap::get(8, 0, {dim(0), dim(1), dim(5), ih, iw}, ctx);
      wMap = AffineMap::get(8, 0, {dim(1), dim(2), dim(5), dim(6), dim(7)}, ctx);
      outMap = AffineMap::get(8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4)}, ctx);
    } else {
      inMap = AffineMap::get(8, 0, {dim(0), ih, iw, dim(1), dim(5)}, ctx);
      wMap = AffineMap::get(8, 0, {dim(1), dim(2), dim(6), dim(7), dim(5)}, ctx);
      outMap = AffineMap::get(8, 0, {dim(0), dim(3), dim(4), dim(1), dim(2)}, ctx);
    }
    SmallVector<IteratorType> iters(5, IteratorType::parallel);
    iters.append(3, IteratorType::reduction);
    auto conv = linalg::GenericOp::create(
        rewriter, loc, TypeRange{out5Type}, ValueRange{in5v, w5v},
        ValueRange{init}, ArrayRef<AffineMap>{inMap, wMap, outMap}, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(
              b, l, macScalar(b, l, args[0], args[1], args[2], xUnsigned));
        });
    SmallVector<ReassociationIndices> outReassoc =
        nchw ? SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}}
             : SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}};
    Value acc = tensor::CollapseShapeOp::create(rewriter, loc, accOutType,
                                                conv.getResult(0), outReassoc);
    if (rq) {
      rewriter.replaceOp(
          op, requantEpilogue(rewriter, loc, acc, adaptor.getBias(),
                              adaptor.getResidual(),
                              op.getResidual() &&
                                  isUnsignedInt(op.getResidual().getType()),
                              rq, d.c, outType));
      return success();
    }
    rewriter.replaceOp(op, applyEpilogue(rewriter, loc, op, acc,
                                         adaptor.getBias(),
                                         adaptor.getResidual(), d.c));
    return success();
  }
};

/// numpy matmul as a generic over (batch..., m, n, k).
struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto outType = signlessTensor(op.getType());
    if (!outType.getElementType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "quantized operands");
    bool xUnsigned = isUnsignedInt(op.getLhs().getType());
    RequantAttr rq = op.getRequantAttr();
    Type accType = rq ? rewriter.getI32Type() : outType.getElementType();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lt = cast<RankedTensorType>(lhs.getType());
    auto rt = cast<RankedTensorType>(rhs.getType());
    // Promote vectors to matrices.
    bool lhsVec = lt.getRank() == 1, rhsVec = rt.getRank() == 1;
    if (lhsVec)
      lhs = reshapeTensor(rewriter, loc, lhs,
                          RankedTensorType::get({1, lt.getDimSize(0)},
                                                lt.getElementType()));
    if (rhsVec)
      rhs = reshapeTensor(rewriter, loc, rhs,
                          RankedTensorType::get({rt.getDimSize(0), 1},
                                                rt.getElementType()));
    lt = cast<RankedTensorType>(lhs.getType());
    rt = cast<RankedTensorType>(rhs.getType());
    SmallVector<int64_t> batch = *broadcastShapes(
        lt.getShape().drop_back(2), rt.getShape().drop_back(2));
    int64_t nb = batch.size();
    int64_t m = lt.getDimSize(lt.getRank() - 2);
    int64_t n = rt.getShape().back();
    SmallVector<int64_t> full(batch);
    full.append({m, n});
    auto fullType = RankedTensorType::get(full, accType);
    Value init = filled(rewriter, loc, fullType, 0);
    unsigned numDims = nb + 3;
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    auto operandMap = [&](RankedTensorType t, AffineExpr row, AffineExpr col) {
      SmallVector<AffineExpr> exprs;
      int64_t ob = t.getRank() - 2;
      for (int64_t i = 0; i < ob; ++i) {
        int64_t bd = i + nb - ob;
        exprs.push_back(t.getDimSize(i) == 1 && batch[bd] != 1
                            ? getAffineConstantExpr(0, ctx)
                            : dim(bd));
      }
      exprs.push_back(row);
      exprs.push_back(col);
      return AffineMap::get(numDims, 0, exprs, ctx);
    };
    AffineMap lMap = operandMap(lt, dim(nb), dim(nb + 2));
    AffineMap rMap = operandMap(rt, dim(nb + 2), dim(nb + 1));
    SmallVector<AffineExpr> outExprs;
    for (unsigned i = 0; i < nb + 2; ++i)
      outExprs.push_back(dim(i));
    AffineMap oMap = AffineMap::get(numDims, 0, outExprs, ctx);
    SmallVector<IteratorType> iters(nb + 2, IteratorType::parallel);
    iters.push_back(IteratorType::reduction);
    auto mm = linalg::GenericOp::create(
        rewriter, loc, TypeRange{fullType}, ValueRange{lhs, rhs},
        ValueRange{init}, ArrayRef<AffineMap>{lMap, rMap, oMap}, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(
              b, l, macScalar(b, l, args[0], args[1], args[2], xUnsigned));
        });
    Value acc = reshapeTensor(
        rewriter, loc, mm.getResult(0),
        RankedTensorType::get(outType.getShape(), accType));
    // A matrix-vector product has one output channel: its [1] bias
    // broadcasts (the epilogues map one-element biases to index 0).
    int64_t channel = rhsVec ? 0 : outType.getRank() - 1;
    Value bias = adaptor.getBias();
    if (rq) {
      rewriter.replaceOp(
          op, requantEpilogue(rewriter, loc, acc, bias, adaptor.getResidual(),
                              op.getResidual() &&
                                  isUnsignedInt(op.getResidual().getType()),
                              rq, channel, outType));
      return success();
    }
    rewriter.replaceOp(op, applyEpilogue(rewriter, loc, op, acc, bias,
                                         adaptor.getResidual(), channel));
    return success();
  }
};

struct BatchNormLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = signlessTensor(op.getType());
    int64_t rank = type.getRank();
    SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(rank, ctx)};
    for (int i = 0; i < 4; ++i)
      maps.push_back(AffineMap::get(rank, 0, {getAffineDimExpr(1, ctx)}, ctx));
    maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
    SmallVector<IteratorType> iters(rank, IteratorType::parallel);
    double eps = op.getEpsilon().convertToDouble();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type},
        ValueRange{adaptor.getInput(), adaptor.getScale(), adaptor.getBias(),
                   adaptor.getMean(), adaptor.getVariance()},
        ValueRange{emptyTensor(rewriter, loc, type)}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Type t = a[0].getType();
          Value v = arith::AddFOp::create(b, l, a[4], scalar(b, l, t, eps));
          Value inv = math::RsqrtOp::create(b, l, v);
          Value x = arith::SubFOp::create(b, l, a[0], a[3]);
          x = arith::MulFOp::create(b, l, x, inv);
          x = arith::MulFOp::create(b, l, x, a[1]);
          x = arith::AddFOp::create(b, l, x, a[2]);
          linalg::YieldOp::create(b, l, x);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// The reciprocal divisor of every average-pool window (static shapes: a
/// compile-time constant).
std::vector<float> poolDivisors(int64_t h, int64_t w, int64_t oh, int64_t ow,
                                ArrayRef<int64_t> k, ArrayRef<int64_t> s,
                                ArrayRef<int64_t> pads, bool countPad) {
  std::vector<int64_t> counts =
      poolWindowCounts(h, w, oh, ow, k, s, pads, countPad);
  std::vector<float> out(counts.size());
  for (size_t i = 0; i < counts.size(); ++i)
    out[i] = counts[i] > 0 ? 1.0f / (float)counts[i] : 0.0f;
  return out;
}

template <typename OpTy, bool isMax>
struct PoolLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto inType = signlessTensor(op.getInput().getType());
    auto outType = signlessTensor(op.getType());
    Type elem = outType.getElementType();
    if (!elem.isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "quantized operands");
    bool isFloat = isa<FloatType>(elem);
    bool isUnsigned = isUnsignedInt(op.getInput().getType());
    RequantAttr rq;
    if constexpr (!isMax)
      rq = op.getRequantAttr();
    if (!isMax && !isFloat && !rq)
      return rewriter.notifyMatchFailure(op, "integer average pooling needs "
                                             "a requantization");
    LayoutDims d = getLayoutDims(op.getLayout());
    ArrayRef<int64_t> k = op.getKernel(), s = op.getStrides(),
                      pads = op.getPads();
    SmallVector<int64_t> dil{1, 1};
    if constexpr (isMax)
      if (op.getDilations())
        dil = llvm::to_vector(*op.getDilations());
    int64_t h = inType.getDimSize(d.h), w = inType.getDimSize(d.w);
    int64_t oh = outType.getDimSize(d.h), ow = outType.getDimSize(d.w);
    // Pad far enough for every window (ceil_mode may reach past pads).
    int64_t needH = (oh - 1) * s[0] + dil[0] * (k[0] - 1) + 1;
    int64_t needW = (ow - 1) * s[1] + dil[1] * (k[1] - 1) + 1;
    SmallVector<int64_t> lo(4, 0), hi(4, 0);
    lo[d.h] = pads[0];
    lo[d.w] = pads[1];
    hi[d.h] = std::max<int64_t>(0, needH - h - pads[0]);
    hi[d.w] = std::max<int64_t>(0, needW - w - pads[1]);
    // Padding never wins a max (the smallest value or code); for an
    // integer average it is the input zero point (real 0).
    double padValue = 0;
    if (isMax)
      padValue = isFloat ? -std::numeric_limits<double>::infinity()
                 : isUnsigned ? 0.0
                              : (double)APInt::getSignedMinValue(
                                    elem.getIntOrFloatBitWidth())
                                    .getSExtValue();
    else if (rq)
      padValue = rq.getInputZp();
    Type inElem = inType.getElementType();
    Value input = padConstant(rewriter, loc, adaptor.getInput(), lo, hi,
                              scalar(rewriter, loc, inElem, padValue));
    // Integer averages accumulate (x - input_zp) in 32 bits.
    Type accElem = (!isMax && !isFloat) ? rewriter.getI32Type() : elem;
    auto accType = RankedTensorType::get(outType.getShape(), accElem);
    Value window = tensor::EmptyOp::create(rewriter, loc, k, inElem);
    // Loop dims: 0 n, 1 c, 2 oh, 3 ow, 4 kh, 5 kw (mapped to the layout).
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineExpr> inExprs(4), outExprs(4);
    inExprs[d.n] = dim(0);
    inExprs[d.c] = dim(1);
    inExprs[d.h] = dim(2) * s[0] + dim(4) * dil[0];
    inExprs[d.w] = dim(3) * s[1] + dim(5) * dil[1];
    outExprs[d.n] = dim(0);
    outExprs[d.c] = dim(1);
    outExprs[d.h] = dim(2);
    outExprs[d.w] = dim(3);
    SmallVector<AffineMap> maps{AffineMap::get(6, 0, inExprs, ctx),
                                AffineMap::get(6, 0, {dim(4), dim(5)}, ctx),
                                AffineMap::get(6, 0, outExprs, ctx)};
    SmallVector<IteratorType> iters(4, IteratorType::parallel);
    iters.append(2, IteratorType::reduction);
    Value init = filled(rewriter, loc, accType, isMax ? padValue : 0.0);
    int64_t izp = rq ? rq.getInputZp() : 0;
    auto pool = linalg::GenericOp::create(
        rewriter, loc, TypeRange{accType}, ValueRange{input, window},
        ValueRange{init}, maps, iters,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value r;
          if (isMax)
            r = isFloat      ? (Value)arith::MaximumFOp::create(b, l, a[0], a[2])
                : isUnsigned ? (Value)arith::MaxUIOp::create(b, l, a[0], a[2])
                             : (Value)arith::MaxSIOp::create(b, l, a[0], a[2]);
          else if (isFloat)
            r = arith::AddFOp::create(b, l, a[0], a[2]);
          else {
            Value x = extendInt(b, l, a[0], accElem, isUnsigned);
            if (izp)
              x = arith::SubIOp::create(b, l, x, scalar(b, l, accElem, izp));
            r = arith::AddIOp::create(b, l, a[2], x);
          }
          linalg::YieldOp::create(b, l, r);
        });
    Value result = pool.getResult(0);
    if (!isMax && !isFloat) {
      // Sum of (x - zp) -> per-position (or uniform) requantization.
      RequantAttr sumRq = RequantAttr::get(
          ctx, rq.getMultiplier(), rq.getNegMultiplier(), rq.getShift(), 0,
          rq.getOutputZp(), rq.getMin(), rq.getMax(), 0, 0);
      result = requantEpilogue(rewriter, loc, result, Value(), Value(), false,
                               sumRq, d.c, outType, {d.h, d.w});
    } else if (!isMax) {
      std::vector<float> divisors;
      if constexpr (!isMax)
        divisors =
            poolDivisors(h, w, oh, ow, k, s, pads, op.getCountIncludePad());
      auto divType = RankedTensorType::get({oh, ow}, rewriter.getF32Type());
      Value div = arith::ConstantOp::create(
          rewriter, loc,
          cast<TypedAttr>(makeF32ElementsAttr(divType, divisors, "pool_div")));
      SmallVector<AffineMap> dmaps{
          AffineMap::getMultiDimIdentityMap(4, ctx),
          AffineMap::get(4, 0, {dim(d.h), dim(d.w)}, ctx),
          AffineMap::getMultiDimIdentityMap(4, ctx)};
      result = linalg::GenericOp::create(
                   rewriter, loc, TypeRange{outType}, ValueRange{result, div},
                   ValueRange{emptyTensor(rewriter, loc, outType)}, dmaps,
                   SmallVector<IteratorType>(4, IteratorType::parallel),
                   [&](OpBuilder &b, Location l, ValueRange a) {
                     Value r = arith::MulFOp::create(b, l, a[0], a[1]);
                     linalg::YieldOp::create(b, l, r);
                   })
                   .getResult(0);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

/// Reduction over `axes` into a tensor without the reduced dims.
Value reduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
             ReduceKind kind, bool isUnsigned = false) {
  MLIRContext *ctx = b.getContext();
  auto inType = cast<RankedTensorType>(input.getType());
  Type elem = inType.getElementType();
  bool f = isa<FloatType>(elem);
  SmallVector<int64_t> outShape = inferReduceShape(inType.getShape(), axes,
                                                   /*keepdims=*/false);
  auto outType = RankedTensorType::get(outShape, elem);
  double init = 0;
  switch (kind) {
  case ReduceKind::Sum:
  case ReduceKind::Mean:
    init = 0;
    break;
  case ReduceKind::Prod:
    init = 1;
    break;
  case ReduceKind::Max:
    init = f ? -std::numeric_limits<double>::infinity()
           : isUnsigned
               ? 0.0
               : (double)APInt::getSignedMinValue(elem.getIntOrFloatBitWidth())
                     .getSExtValue();
    break;
  case ReduceKind::Min:
    init = f ? std::numeric_limits<double>::infinity()
           : isUnsigned
               ? -1.0 // all ones
               : (double)APInt::getSignedMaxValue(elem.getIntOrFloatBitWidth())
                     .getSExtValue();
    break;
  }
  // Loop dims: the kept dims first (in order), then the reduced ones.
  int64_t rank = inType.getRank();
  SmallVector<AffineExpr> inExprs(rank), outExprs;
  unsigned next = 0;
  for (int64_t i = 0; i < rank; ++i)
    if (!llvm::is_contained(axes, i)) {
      inExprs[i] = getAffineDimExpr(next, ctx);
      outExprs.push_back(getAffineDimExpr(next++, ctx));
    }
  for (int64_t i = 0; i < rank; ++i)
    if (llvm::is_contained(axes, i))
      inExprs[i] = getAffineDimExpr(next++, ctx);
  SmallVector<IteratorType> iters(outShape.size(), IteratorType::parallel);
  iters.append(axes.size(), IteratorType::reduction);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{outType}, ValueRange{input},
      ValueRange{filled(b, loc, outType, init)},
      ArrayRef<AffineMap>{AffineMap::get(rank, 0, inExprs, ctx),
                          AffineMap::get(rank, 0, outExprs, ctx)},
      iters, [&](OpBuilder &nb, Location l, ValueRange a) {
        Value r;
        switch (kind) {
        case ReduceKind::Sum:
        case ReduceKind::Mean:
          r = f ? (Value)arith::AddFOp::create(nb, l, a[0], a[1])
                : (Value)arith::AddIOp::create(nb, l, a[0], a[1]);
          break;
        case ReduceKind::Prod:
          r = f ? (Value)arith::MulFOp::create(nb, l, a[0], a[1])
                : (Value)arith::MulIOp::create(nb, l, a[0], a[1]);
          break;
        case ReduceKind::Max:
          r = f            ? (Value)arith::MaximumFOp::create(nb, l, a[0], a[1])
              : isUnsigned ? (Value)arith::MaxUIOp::create(nb, l, a[0], a[1])
                           : (Value)arith::MaxSIOp::create(nb, l, a[0], a[1]);
          break;
        case ReduceKind::Min:
          r = f            ? (Value)arith::MinimumFOp::create(nb, l, a[0], a[1])
              : isUnsigned ? (Value)arith::MinUIOp::create(nb, l, a[0], a[1])
                           : (Value)arith::MinSIOp::create(nb, l, a[0], a[1]);
          break;
        }
        linalg::YieldOp::create(nb, l, r);
      });
  Value result = generic.getResult(0);
  if (kind == ReduceKind::Mean) {
    int64_t count = 1;
    for (int64_t a : axes)
      count *= inType.getDimSize(a);
    double inv = count ? 1.0 / count : 0.0;
    result = elementwise(b, loc, outType, {result},
                         [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
                           if (!f) // integer mean: truncating division
                             return arith::DivSIOp::create(
                                 nb, l, a[0],
                                 scalar(nb, l, elem, (double)std::max<int64_t>(count, 1)));
                           return arith::MulFOp::create(
                               nb, l, a[0], scalar(nb, l, elem, inv));
                         });
  }
  return result;
}

template <typename OpTy, ReduceKind kind>
struct ReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    if (!type.getElementType().isIntOrFloat())
      return rewriter.notifyMatchFailure(op, "quantized operands");
    Location loc = op.getLoc();
    bool isUnsigned = isUnsignedInt(op.getInput().getType());
    if (RequantAttr rq = op.getRequantAttr()) {
      // Integer mean: sum (x - zp) in 32 bits, then requantize.
      auto inType = signlessTensor(op.getInput().getType());
      int64_t izp = rq.getInputZp();
      Value wide = elementwise(
          rewriter, loc,
          RankedTensorType::get(inType.getShape(), rewriter.getI32Type()),
          {adaptor.getInput()}, [&](OpBuilder &b, Location l, ValueRange a) {
            Value x = extendInt(b, l, a[0], b.getI32Type(), isUnsigned);
            return izp ? (Value)arith::SubIOp::create(
                             b, l, x, scalar(b, l, b.getI32Type(), izp))
                       : x;
          });
      Value sum = reduce(rewriter, loc, wide, op.getAxes(), ReduceKind::Sum);
      auto sumType = cast<RankedTensorType>(sum.getType());
      RequantAttr sumRq = RequantAttr::get(
          op.getContext(), rq.getMultiplier(), rq.getNegMultiplier(),
          rq.getShift(), 0, rq.getOutputZp(), rq.getMin(), rq.getMax(), 0, 0);
      Value y = requantEpilogue(
          rewriter, loc, sum, Value(), Value(), false, sumRq, 0,
          RankedTensorType::get(sumType.getShape(), type.getElementType()));
      rewriter.replaceOp(op, reshapeTensor(rewriter, loc, y, type));
      return success();
    }
    Value r = reduce(rewriter, loc, adaptor.getInput(), op.getAxes(), kind,
                     isUnsigned);
    rewriter.replaceOp(op, reshapeTensor(rewriter, loc, r, type));
    return success();
  }
};

/// softmax(x) = exp(x - max) / sum(exp(x - max)); log_softmax(x) =
/// x - max - log(sum(exp(x - max))).
template <typename OpTy, bool isLog>
struct SoftmaxLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OpAdaptor = typename OpTy::Adaptor;
  LogicalResult
  matchAndRewrite(OpTy op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = signlessTensor(op.getType());
    int64_t axis = op.getAxis();
    Value x = adaptor.getInput();
    Value mx = reduce(rewriter, loc, x, {axis}, ReduceKind::Max);
    SmallVector<int64_t> keep(type.getShape());
    keep[axis] = 1;
    auto keepType = RankedTensorType::get(keep, type.getElementType());
    mx = reshapeTensor(rewriter, loc, mx, keepType);
    Value shifted =
        elementwise(rewriter, loc, type, {x, mx},
                    [](OpBuilder &b, Location l, ValueRange a) {
                      return arith::SubFOp::create(b, l, a[0], a[1]);
                    });
    Value e = elementwise(rewriter, loc, type, {shifted},
                          [](OpBuilder &b, Location l, ValueRange a) {
                            return math::ExpOp::create(b, l, a[0]);
                          });
    Value sum = reshapeTensor(
        rewriter, loc, reduce(rewriter, loc, e, {axis}, ReduceKind::Sum),
        keepType);
    Value result;
    if (isLog)
      result = elementwise(rewriter, loc, type, {shifted, sum},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             Value lg = math::LogOp::create(b, l, a[1]);
                             return arith::SubFOp::create(b, l, a[0], lg);
                           });
    else
      result = elementwise(rewriter, loc, type, {e, sum},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             return arith::DivFOp::create(b, l, a[0], a[1]);
                           });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// LRN: square, sum over a channel window of the zero-padded squares, then
/// x / (bias + alpha/size * sum)^beta.
struct LRNLowering : OpConversionPattern<LRNOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LRNOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = signlessTensor(op.getType());
    int64_t rank = type.getRank(), size = op.getSize();
    Type elem = type.getElementType();
    Value x = adaptor.getInput();
    Value sq = elementwise(rewriter, loc, type, {x},
                           [](OpBuilder &b, Location l, ValueRange a) {
                             return arith::MulFOp::create(b, l, a[0], a[0]);
                           });
    SmallVector<int64_t> lo(rank, 0), hi(rank, 0);
    lo[1] = (size - 1) / 2;
    hi[1] = size - 1 - lo[1];
    Value padded = padConstant(rewriter, loc, sq, lo, hi,
                               scalar(rewriter, loc, elem, 0));
    Value window = tensor::EmptyOp::create(rewriter, loc,
                                           ArrayRef<int64_t>{size}, elem);
    SmallVector<AffineExpr> inExprs;
    for (int64_t i = 0; i < rank; ++i)
      inExprs.push_back(i == 1 ? getAffineDimExpr(1, ctx) +
                                     getAffineDimExpr(rank, ctx)
                               : getAffineDimExpr(i, ctx));
    SmallVector<IteratorType> iters(rank, IteratorType::parallel);
    iters.push_back(IteratorType::reduction);
    SmallVector<AffineExpr> outExprs;
    for (int64_t i = 0; i < rank; ++i)
      outExprs.push_back(getAffineDimExpr(i, ctx));
    auto sum = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{padded, window},
        ValueRange{filled(rewriter, loc, type, 0)},
        ArrayRef<AffineMap>{
            AffineMap::get(rank + 1, 0, inExprs, ctx),
            AffineMap::get(rank + 1, 0, {getAffineDimExpr(rank, ctx)}, ctx),
            AffineMap::get(rank + 1, 0, outExprs, ctx)},
        iters, [&](OpBuilder &b, Location l, ValueRange a) {
          Value r = arith::AddFOp::create(b, l, a[0], a[2]);
          linalg::YieldOp::create(b, l, r);
        });
    double alpha = op.getAlpha().convertToDouble() / size;
    double beta = op.getBeta().convertToDouble();
    double bias = op.getBias().convertToDouble();
    Value result = elementwise(
        rewriter, loc, type, {x, sum.getResult(0)},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value t = arith::MulFOp::create(b, l, a[1], scalar(b, l, elem, alpha));
          t = arith::AddFOp::create(b, l, t, scalar(b, l, elem, bias));
          t = math::PowFOp::create(b, l, t, scalar(b, l, elem, beta));
          return arith::DivFOp::create(b, l, a[0], t);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getInput(),
                                         signlessTensor(op.getType())));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<TransposeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    Value init = emptyTensor(rewriter, op.getLoc(), type);
    auto t = linalg::TransposeOp::create(rewriter, op.getLoc(),
                                         adaptor.getInput(), init,
                                         op.getPerm());
    rewriter.replaceOp(op, t.getResult());
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<ConcatOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = signlessTensor(op.getType());
    Value result = emptyTensor(rewriter, loc, type);
    int64_t offset = 0, axis = op.getAxis();
    for (Value in : adaptor.getInputs()) {
      auto t = cast<RankedTensorType>(in.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes, strides(type.getRank(),
                                               rewriter.getIndexAttr(1));
      for (int64_t d : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(offset);
      offset += t.getDimSize(axis);
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result,
                                             offsets, sizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SliceLowering : OpConversionPattern<SliceOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = signlessTensor(op.getType());
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    if (llvm::all_of(steps, [](int64_t s) { return s > 0; })) {
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (int64_t i = 0; i < type.getRank(); ++i) {
        offsets.push_back(rewriter.getIndexAttr(starts[i]));
        sizes.push_back(rewriter.getIndexAttr(type.getDimSize(i)));
        strides.push_back(rewriter.getIndexAttr(steps[i]));
      }
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, type, adaptor.getInput(), offsets, sizes, strides);
      return success();
    }
    // Negative steps: a generic reading input[start + step * i].
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < type.getRank(); ++i)
      exprs.push_back(getAffineConstantExpr(starts[i], ctx) +
                      getAffineDimExpr(i, ctx) * steps[i]);
    int64_t rank = type.getRank();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getInput()},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, exprs, ctx),
                            AffineMap::getMultiDimIdentityMap(rank, ctx)},
        SmallVector<IteratorType>(rank, IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(b, l, a[0]);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct PadLowering : OpConversionPattern<PadOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = signlessTensor(op.getType());
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    Type elem = type.getElementType();
    if (op.getMode() == PadMode::Constant) {
      Value v = scalar(rewriter, loc, elem, op.getValue().convertToDouble());
      rewriter.replaceOp(op, padConstant(rewriter, loc, adaptor.getInput(),
                                         pads.take_front(rank),
                                         pads.drop_front(rank), v));
      return success();
    }
    // Reflect / edge: each output index maps to a source index.
    bool reflect = op.getMode() == PadMode::Reflect;
    Value input = adaptor.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, getContext())},
        SmallVector<IteratorType>(rank, IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> idx;
          for (int64_t i = 0; i < rank; ++i) {
            int64_t dim = inType.getDimSize(i);
            Value o = linalg::IndexOp::create(b, l, i);
            Value p = arith::ConstantIndexOp::create(b, l, pads[i]);
            Value src = arith::SubIOp::create(b, l, o, p); // may be < 0
            Value zero = arith::ConstantIndexOp::create(b, l, 0);
            Value last = arith::ConstantIndexOp::create(b, l, dim - 1);
            if (reflect) {
              // |src| then mirror at the end: last - |last - |src||.
              Value neg = arith::SubIOp::create(b, l, zero, src);
              Value a = arith::MaxSIOp::create(b, l, src, neg);
              Value t = arith::SubIOp::create(b, l, last, a);
              Value tn = arith::SubIOp::create(b, l, zero, t);
              Value ta = arith::MaxSIOp::create(b, l, t, tn);
              src = arith::SubIOp::create(b, l, last, ta);
            } else {
              src = arith::MaxSIOp::create(b, l, src, zero);
              src = arith::MinSIOp::create(b, l, src, last);
            }
            idx.push_back(src);
          }
          Value v = tensor::ExtractOp::create(b, l, input, idx);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct GatherLowering : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = signlessTensor(op.getType());
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto idxType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t rank = type.getRank(), axis = op.getAxis();
    int64_t ir = idxType.getRank(), dim = dataType.getDimSize(axis);
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < ir; ++i)
      idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
    Value data = adaptor.getData();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, idxExprs, ctx),
                            AffineMap::getMultiDimIdentityMap(rank, ctx)},
        SmallVector<IteratorType>(rank, IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), a[0]);
          // Negative indices count from the end.
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value neg = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i,
                                            zero);
          Value wrapped = arith::AddIOp::create(
              b, l, i, arith::ConstantIndexOp::create(b, l, dim));
          i = arith::SelectOp::create(b, l, neg, wrapped, i);
          SmallVector<Value> idx;
          for (int64_t d = 0; d < axis; ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d));
          idx.push_back(i);
          for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d - 1 + ir));
          Value v = tensor::ExtractOp::create(b, l, data, idx);
          linalg::YieldOp::create(b, l, v);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Elementwise requantization of one input (+ a broadcast addend).
/// Per-channel multipliers are read along the last dimension (a [C]
/// operand broadcast to the result).
struct RescaleLowering : OpConversionPattern<RescaleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RescaleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RequantAttr rq = op.getRequant();
    auto outType = signlessTensor(op.getType());
    bool xUnsigned = isUnsignedInt(op.getInput().getType());
    bool aUnsigned = op.getAddend() && isUnsignedInt(op.getAddend().getType());
    SmallVector<Value> inputs{adaptor.getInput()};
    if (adaptor.getAddend())
      inputs.push_back(adaptor.getAddend());
    ArrayRef<int32_t> m = rq.getMultiplier().asArrayRef();
    if (m.size() > 1)
      inputs.push_back(multiplierTensor(rewriter, loc, m, {(int64_t)m.size()}));
    // A leaky requantization (a standalone leaky ReLU): one multiplier for
    // negative inputs.
    ArrayRef<int32_t> mneg;
    if (rq.getNegMultiplier())
      mneg = rq.getNegMultiplier().asArrayRef();
    if (mneg.size() > 1)
      inputs.push_back(
          multiplierTensor(rewriter, loc, mneg, {(int64_t)mneg.size()}));
    bool hasAddend = (bool)adaptor.getAddend();
    Value result = elementwise(
        rewriter, loc, outType, inputs,
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value x = extendInt(b, l, a[0], b.getI64Type(), xUnsigned);
          Value r = hasAddend ? a[1] : Value();
          unsigned next = hasAddend ? 2 : 1;
          Value mv = m.size() > 1 ? a[next++]
                                  : scalar(b, l, b.getI32Type(), m[0]);
          Value mn;
          if (mneg.size() > 1)
            mn = a[next];
          else if (mneg.size() == 1)
            mn = scalar(b, l, b.getI32Type(), mneg[0]);
          return buildRequant(b, l, rq, x, mv, mn, r, aUnsigned,
                              outType.getElementType());
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Elementwise requantized product of two inputs (the second broadcast).
struct RescaleMulLowering : OpConversionPattern<RescaleMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RescaleMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RequantAttr rq = op.getRequant();
    auto outType = signlessTensor(op.getType());
    bool lUnsigned = isUnsignedInt(op.getLhs().getType());
    bool rUnsigned = isUnsignedInt(op.getRhs().getType());
    int64_t lhsZp = op.getLhsZp(), rhsZp = op.getRhsZp();
    Value result = elementwise(
        rewriter, op.getLoc(), outType, {adaptor.getLhs(), adaptor.getRhs()},
        [&](OpBuilder &b, Location l, ValueRange a) {
          Type i64 = b.getI64Type();
          Value x = extendInt(b, l, a[0], i64, lUnsigned);
          Value y = extendInt(b, l, a[1], i64, rUnsigned);
          if (lhsZp)
            x = arith::SubIOp::create(b, l, x, scalar(b, l, i64, lhsZp));
          if (rhsZp)
            y = arith::SubIOp::create(b, l, y, scalar(b, l, i64, rhsZp));
          Value p = arith::MulIOp::create(b, l, x, y);
          Value m = scalar(b, l, b.getI32Type(), rq.getMultiplier()[0]);
          return buildRequant(b, l, rq, p, m, Value(), Value(), false,
                              outType.getElementType());
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The float code of x: clamp(roundeven(x / scale) + zp, qmin, qmax), the
/// arithmetic of QuantizeLinear shared by qc.quantize and qc.fake_quant.
Value quantizeToCode(OpBuilder &b, Location l, Value x, double scale,
                     double zp, double qmin, double qmax) {
  Type f = x.getType();
  Value v = arith::DivFOp::create(b, l, x, scalar(b, l, f, scale));
  v = math::RoundEvenOp::create(b, l, v);
  v = arith::AddFOp::create(b, l, v, scalar(b, l, f, zp));
  v = arith::MaximumFOp::create(b, l, v, scalar(b, l, f, qmin));
  return arith::MinimumFOp::create(b, l, v, scalar(b, l, f, qmax));
}

/// q = clamp(roundeven(x / scale) + zero_point, qmin, qmax).
struct QuantizeLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = signlessTensor(op.getType());
    auto it = cast<IntegerType>(op.getType().getElementType());
    double qmin = it.isUnsigned() ? 0 : -std::ldexp(1.0, it.getWidth() - 1);
    double qmax = it.isUnsigned() ? std::ldexp(1.0, it.getWidth()) - 1
                                  : std::ldexp(1.0, it.getWidth() - 1) - 1;
    double scale = op.getScale().convertToDouble();
    double zp = (double)op.getZeroPoint();
    Value r = elementwise(
        rewriter, op.getLoc(), outType, {adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value v = quantizeToCode(b, l, a[0], scale, zp, qmin, qmax);
          // In range now: convert through i32 and truncate to the code.
          Value i = arith::FPToSIOp::create(b, l, b.getI32Type(), v);
          return extendInt(b, l, i, outType.getElementType(), false);
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// result = (clamp(roundeven(x / scale) + zero_point, qmin, qmax) -
/// zero_point) * scale, in f32 as ONNX Runtime's QuantizeLinear and
/// DequantizeLinear compute it.
struct FakeQuantLowering : OpConversionPattern<FakeQuantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(FakeQuantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    double scale = op.getScale().convertToDouble();
    double zp = (double)op.getZeroPointValue();
    double qmin = (double)op.getQMin(), qmax = (double)op.getQMax();
    Value r = elementwise(
        rewriter, op.getLoc(), type, {adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Type f = a[0].getType();
          Value v = quantizeToCode(b, l, a[0], scale, zp, qmin, qmax);
          v = arith::SubFOp::create(b, l, v, scalar(b, l, f, zp));
          return arith::MulFOp::create(b, l, v, scalar(b, l, f, scale));
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// x = scale * (q - zero_point).
struct DequantizeLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto outType = signlessTensor(op.getType());
    bool isUnsigned = isUnsignedInt(op.getInput().getType());
    double scale = op.getScale().convertToDouble();
    int64_t zp = op.getZeroPoint();
    Value r = elementwise(
        rewriter, op.getLoc(), outType, {adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
          Value q = extendInt(b, l, a[0], b.getI64Type(), isUnsigned);
          if (zp)
            q = arith::SubIOp::create(b, l, q, scalar(b, l, b.getI64Type(), zp));
          Type f = outType.getElementType();
          Value v = arith::SIToFPOp::create(b, l, f, q);
          return arith::MulFOp::create(b, l, v, scalar(b, l, f, scale));
        });
    rewriter.replaceOp(op, r);
    return success();
  }
};

/// Kernel ops (qck) chosen before this pass carry ui8 codes on tensors;
/// they are rebuilt unchanged on the signless types.
struct KernelOpTypeConversion : ConversionPattern {
  KernelOpTypeConversion(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isKernelOp(op))
      return failure();
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, types,
                         op->getAttrs());
    Operation *converted = rewriter.create(state);
    rewriter.replaceOp(op, converted->getResults());
    return success();
  }

  static bool isKernelOp(Operation *op) {
    return op->getDialect() && op->getDialect()->getNamespace() == "qck";
  }
};

struct ConvertQCToLinalgPass
    : public qc::impl::ConvertQCToLinalgBase<ConvertQCToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // ui8 activation codes become signless i8.
    TypeConverter converter;
    converter.addConversion([](Type t) { return signless(t); });
    auto cast = [](OpBuilder &b, Type to, ValueRange in, Location loc) -> Value {
      return UnrealizedConversionCastOp::create(b, loc, to, in).getResult(0);
    };
    converter.addSourceMaterialization(cast);
    converter.addTargetMaterialization(cast);

    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      return !KernelOpTypeConversion::isKernelOp(op) || converter.isLegal(op);
    });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return converter.isSignatureLegal(f.getFunctionType()) &&
             converter.isLegal(&f.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addIllegalDialect<QCDialect>();
    RewritePatternSet patterns(ctx);
    populateQCToLinalgConversionPatterns(patterns, converter);
    patterns.add<KernelOpTypeConversion>(converter, ctx);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

/// qc.table: a gather from the 256-entry table, indexed by the unsigned
/// input code.
struct TableLowering : OpConversionPattern<TableOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TableOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value table = adaptor.getTable();
    rewriter.replaceOp(
        op, elementwise(rewriter, op.getLoc(), signlessTensor(op.getType()),
                        ValueRange{adaptor.getInput()},
                        [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                          Value code = arith::ExtUIOp::create(
                              b, l, b.getI32Type(), a[0]);
                          Value index = arith::IndexCastUIOp::create(
                              b, l, b.getIndexType(), code);
                          return tensor::ExtractOp::create(b, l, table,
                                                           ValueRange{index});
                        }));
    return success();
  }
};

} // namespace

void qc::populateQCToLinalgConversionPatterns(RewritePatternSet &patterns,
                                              const TypeConverter &converter) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<RescaleLowering, RescaleMulLowering, QuantizeLowering,
               DequantizeLowering, TableLowering, FakeQuantLowering>(converter,
                                                                     ctx);
  patterns.add<ConstantLowering, CastLowering, Conv2DLowering, MatMulLowering,
               BatchNormLowering, LRNLowering, ReshapeLowering,
               TransposeLowering, ConcatLowering, SliceLowering, PadLowering,
               GatherLowering>(converter, ctx);
  patterns.add<BinaryLowering<AddOp>, BinaryLowering<SubOp>,
               BinaryLowering<MulOp>, BinaryLowering<DivOp>,
               BinaryLowering<MaxOp>, BinaryLowering<MinOp>,
               BinaryLowering<PowOp>, BinaryLowering<PReluOp>>(converter, ctx);
  patterns.add<UnaryLowering<ClampOp>, UnaryLowering<LeakyReluOp>,
               UnaryLowering<EluOp>, UnaryLowering<HardSigmoidOp>,
               UnaryLowering<SigmoidOp>, UnaryLowering<TanhOp>,
               UnaryLowering<ExpOp>, UnaryLowering<LogOp>,
               UnaryLowering<SqrtOp>, UnaryLowering<AbsOp>,
               UnaryLowering<NegOp>, UnaryLowering<ReciprocalOp>,
               UnaryLowering<FloorOp>, UnaryLowering<CeilOp>,
               UnaryLowering<ErfOp>, UnaryLowering<SoftplusOp>>(converter, ctx);
  patterns.add<PoolLowering<MaxPool2DOp, true>,
               PoolLowering<AvgPool2DOp, false>>(converter, ctx);
  patterns.add<ReduceLowering<ReduceSumOp, ReduceKind::Sum>,
               ReduceLowering<ReduceMeanOp, ReduceKind::Mean>,
               ReduceLowering<ReduceMaxOp, ReduceKind::Max>,
               ReduceLowering<ReduceMinOp, ReduceKind::Min>,
               ReduceLowering<ReduceProdOp, ReduceKind::Prod>>(converter, ctx);
  patterns.add<SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>>(converter, ctx);
}
