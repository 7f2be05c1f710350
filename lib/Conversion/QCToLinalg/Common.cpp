//===- Common.cpp - Shared pieces of the qc-to-linalg lowering ------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/Utils/Requant.h"

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::qc_to_linalg;

Value qc_to_linalg::emptyTensor(OpBuilder &b, Location loc,
                                RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Type qc_to_linalg::signless(Type t) {
  if (auto i = dyn_cast<IntegerType>(t); i && !i.isSignless())
    return IntegerType::get(t.getContext(), i.getWidth());
  if (auto r = dyn_cast<RankedTensorType>(t))
    return RankedTensorType::get(r.getShape(), signless(r.getElementType()));
  return t;
}
RankedTensorType qc_to_linalg::signlessTensor(Type t) {
  return cast<RankedTensorType>(signless(t));
}
bool qc_to_linalg::isUnsignedInt(Type t) {
  return getElementTypeOrSelf(t).isUnsignedInteger();
}

static TypedAttr scalarAttr(OpBuilder &b, Type type, double v) {
  if (isa<FloatType>(type))
    return b.getFloatAttr(type, v);
  return b.getIntegerAttr(type, (int64_t)v);
}

Value qc_to_linalg::scalar(OpBuilder &b, Location loc, Type type, double v) {
  return arith::ConstantOp::create(b, loc, scalarAttr(b, type, v));
}

Value qc_to_linalg::filled(OpBuilder &b, Location loc, RankedTensorType type,
                           double v) {
  Value init = emptyTensor(b, loc, type);
  Value c = scalar(b, loc, type.getElementType(), v);
  return linalg::FillOp::create(b, loc, c, init).getResult(0);
}

AffineMap qc_to_linalg::broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
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

Value qc_to_linalg::elementwise(OpBuilder &b, Location loc,
                                RankedTensorType resultType, ValueRange inputs,
                                BodyFn body) {
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(b.getContext(),
                                cast<RankedTensorType>(in.getType()).getShape(),
                                resultType.getShape()));
  return parallelGeneric(b, loc, resultType, inputs, maps, body);
}

Value qc_to_linalg::parallelGeneric(OpBuilder &b, Location loc,
                                    RankedTensorType resultType,
                                    ValueRange inputs,
                                    ArrayRef<AffineMap> inputMaps,
                                    BodyFn body) {
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(
      AffineMap::getMultiDimIdentityMap(resultType.getRank(), b.getContext()));
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

Value qc_to_linalg::clampScalar(OpBuilder &b, Location loc, Value x,
                                std::optional<APFloat> lo,
                                std::optional<APFloat> hi, bool isUnsigned) {
  Type t = x.getType();
  if (lo)
    x = createScalarOp<MaxOp>(
        b, loc, x, scalar(b, loc, t, lo->convertToDouble()), isUnsigned);
  if (hi)
    x = createScalarOp<MinOp>(
        b, loc, x, scalar(b, loc, t, hi->convertToDouble()), isUnsigned);
  return x;
}

Value qc_to_linalg::leakyScalar(OpBuilder &b, Location loc, Value x,
                                double alpha) {
  Type t = x.getType();
  Value zero = scalar(b, loc, t, 0);
  Value scaled = arith::MulFOp::create(b, loc, x, scalar(b, loc, t, alpha));
  Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, zero);
  return arith::SelectOp::create(b, loc, pos, x, scaled);
}

Value qc_to_linalg::applyEpilogue(OpBuilder &b, Location loc,
                                  ContractionOpInterface op, Value acc,
                                  Value bias, Value residual,
                                  int64_t channelDim) {
  auto type = cast<RankedTensorType>(acc.getType());
  if (!bias && !residual && !op.hasActivation())
    return acc;
  MLIRContext *ctx = b.getContext();
  SmallVector<Value> inputs{acc};
  SmallVector<AffineMap> maps{
      AffineMap::getMultiDimIdentityMap(type.getRank(), ctx)};
  if (bias) {
    inputs.push_back(bias);
    bool single = cast<RankedTensorType>(bias.getType()).getNumElements() == 1;
    maps.push_back(AffineMap::get(type.getRank(), 0,
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
  auto value = [](FloatAttr a) -> std::optional<APFloat> {
    if (!a)
      return std::nullopt;
    return a.getValue();
  };
  std::optional<APFloat> lo = value(op.getClampMinAttr()),
                         hi = value(op.getClampMaxAttr()),
                         alpha = value(op.getLeakyAlphaAttr());
  bool hasBias = (bool)bias, hasResidual = (bool)residual;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, inputs, ValueRange{emptyTensor(b, loc, type)},
      maps, iters, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        Value x = args[0];
        unsigned i = 1;
        if (hasBias)
          x = createScalarOp<AddOp>(nb, nloc, x, args[i++]);
        if (hasResidual)
          x = createScalarOp<AddOp>(nb, nloc, x, args[i++]);
        if (alpha)
          x = leakyScalar(nb, nloc, x, alpha->convertToDouble());
        x = clampScalar(nb, nloc, x, lo, hi);
        linalg::YieldOp::create(nb, nloc, x);
      });
  return generic.getResult(0);
}

Value qc_to_linalg::extendInt(OpBuilder &b, Location loc, Value v, Type to,
                              bool isUnsigned) {
  if (v.getType() == to)
    return v;
  if (v.getType().getIntOrFloatBitWidth() > to.getIntOrFloatBitWidth())
    return arith::TruncIOp::create(b, loc, to, v);
  return isUnsigned ? (Value)arith::ExtUIOp::create(b, loc, to, v)
                    : (Value)arith::ExtSIOp::create(b, loc, to, v);
}

Value qc_to_linalg::macScalar(OpBuilder &b, Location loc, Value x, Value w,
                              Value acc, bool xUnsigned) {
  Type accType = acc.getType();
  if (!isa<FloatType>(accType)) {
    x = extendInt(b, loc, x, accType, xUnsigned);
    w = extendInt(b, loc, w, accType, false);
  }
  Value p = createScalarOp<MulOp>(b, loc, x, w);
  return createScalarOp<AddOp>(b, loc, acc, p);
}

Value qc_to_linalg::multiplierTensor(OpBuilder &b, Location loc,
                                     ArrayRef<int32_t> values,
                                     ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, b.getI32Type());
  std::vector<int64_t> v(values.begin(), values.end());
  return arith::ConstantOp::create(
      b, loc,
      cast<TypedAttr>(makeElementsAttrFromInts(type, v, "multipliers")));
}

Value qc_to_linalg::requantEpilogue(OpBuilder &b, Location loc, Value acc,
                                    Value bias, Value residual,
                                    bool residualUnsigned, RequantAttr rq,
                                    int64_t channelDim,
                                    RankedTensorType resultType,
                                    ArrayRef<int64_t> positionDims) {
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
    maps.push_back(
        cast<RankedTensorType>(bias.getType()).getNumElements() == 1
            ? AffineMap::get(rank, 0, {getAffineConstantExpr(0, ctx)}, ctx)
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
      inputs.push_back(multiplierTensor(
          b, loc, rq.getNegMultiplier().asArrayRef(), mulShape));
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
        Value y =
            buildRequant(nb, l, rq, x, mv, mnv, r, residualUnsigned, outElem);
        linalg::YieldOp::create(nb, l, y);
      });
  return generic.getResult(0);
}

Value qc_to_linalg::padConstant(OpBuilder &b, Location loc, Value v,
                                ArrayRef<int64_t> lo, ArrayRef<int64_t> hi,
                                Value padValue) {
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

/// Rank-0 tensors expand/collapse directly (all dims are 1).
Value qc_to_linalg::reshapeTensor(OpBuilder &b, Location loc, Value v,
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
