//===- NamedOps.cpp - Contractions, pooling and reductions to linalg ------===//
//
// Part of the quantc project.
//
// qc.conv2d and qc.matmul (with their float or integer epilogues),
// batch_norm, lrn, softmax, pooling and reductions: linalg.generics with
// reduction iterators, on tensor.pad-ded inputs where windows need it.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "mlir/IR/TypeUtilities.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::qc_to_linalg;

namespace {

/// The linalg.generic accumulating x * w into `init` over `iters`, reading
/// x, w and the result through `maps` (integers are extended to the
/// accumulator; `xUnsigned` for u8 activation codes).
Value macGeneric(OpBuilder &b, Location loc, Value x, Value w, Value init,
                 ArrayRef<AffineMap> maps, ArrayRef<IteratorType> iters,
                 bool xUnsigned) {
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x, w}, ValueRange{init},
      maps, iters, [&](OpBuilder &nb, Location l, ValueRange args) {
        linalg::YieldOp::create(
            nb, l, macScalar(nb, l, args[0], args[1], args[2], xUnsigned));
      });
  return generic.getResult(0);
}

/// Grouped convolution as one linalg.generic over
/// (n, g, og, oh, ow, cg, kh, kw) on the padded input, then the epilogue.
FailureOr<Value> lowerConv2D(Conv2DOp op, Conv2DOp::Adaptor adaptor,
                             RankedTensorType outType, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto inType = signlessTensor(op.getInput().getType());
  auto wType = signlessTensor(op.getFilter().getType());
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
    outMap =
        AffineMap::get(8, 0, {dim(0), dim(1), dim(2), dim(3), dim(4)}, ctx);
  } else {
    inMap = AffineMap::get(8, 0, {dim(0), ih, iw, dim(1), dim(5)}, ctx);
    wMap = AffineMap::get(8, 0, {dim(1), dim(2), dim(6), dim(7), dim(5)}, ctx);
    outMap =
        AffineMap::get(8, 0, {dim(0), dim(3), dim(4), dim(1), dim(2)}, ctx);
  }
  SmallVector<IteratorType> iters(5, IteratorType::parallel);
  iters.append(3, IteratorType::reduction);
  Value conv = macGeneric(rewriter, loc, in5v, w5v, init, {inMap, wMap, outMap},
                          iters, xUnsigned);
  SmallVector<ReassociationIndices> outReassoc =
      nchw ? SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}}
           : SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}};
  Value acc = tensor::CollapseShapeOp::create(rewriter, loc, accOutType, conv,
                                              outReassoc);
  if (rq) {
    return requantEpilogue(
        rewriter, loc, acc, adaptor.getBias(), adaptor.getResidual(),
        op.getResidual() && isUnsignedInt(op.getResidual().getType()), rq, d.c,
        outType);
  }
  return applyEpilogue(rewriter, loc, op, acc, adaptor.getBias(),
                       adaptor.getResidual(), d.c);
}

/// numpy matmul as a generic over (batch..., m, n, k).
FailureOr<Value> lowerMatMul(MatMulOp op, MatMulOp::Adaptor adaptor,
                             RankedTensorType outType, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
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
    lhs = reshapeTensor(
        rewriter, loc, lhs,
        RankedTensorType::get({1, lt.getDimSize(0)}, lt.getElementType()));
  if (rhsVec)
    rhs = reshapeTensor(
        rewriter, loc, rhs,
        RankedTensorType::get({rt.getDimSize(0), 1}, rt.getElementType()));
  lt = cast<RankedTensorType>(lhs.getType());
  rt = cast<RankedTensorType>(rhs.getType());
  SmallVector<int64_t> batch =
      *broadcastShapes(lt.getShape().drop_back(2), rt.getShape().drop_back(2));
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
  Value mm = macGeneric(rewriter, loc, lhs, rhs, init, {lMap, rMap, oMap},
                        iters, xUnsigned);
  Value acc = reshapeTensor(rewriter, loc, mm,
                            RankedTensorType::get(outType.getShape(), accType));
  // A matrix-vector product has one output channel: its [1] bias
  // broadcasts (the epilogues map one-element biases to index 0).
  int64_t channel = rhsVec ? 0 : outType.getRank() - 1;
  Value bias = adaptor.getBias();
  if (rq) {
    return requantEpilogue(rewriter, loc, acc, bias, adaptor.getResidual(),
                           op.getResidual() &&
                               isUnsignedInt(op.getResidual().getType()),
                           rq, channel, outType);
  }
  return applyEpilogue(rewriter, loc, op, acc, bias, adaptor.getResidual(),
                       channel);
}

FailureOr<Value> lowerBatchNorm(BatchNormOp op, BatchNormOp::Adaptor adaptor,
                                RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
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
  return generic.getResult(0);
}

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
FailureOr<Value> lowerPool(OpTy op, typename OpTy::Adaptor adaptor,
                           RankedTensorType outType, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto inType = signlessTensor(op.getInput().getType());
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
    padValue =
        isFloat ? -std::numeric_limits<double>::infinity()
        : isUnsigned
            ? 0.0
            : (double)APInt::getSignedMinValue(elem.getIntOrFloatBitWidth())
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
          r = createScalarOp<MaxOp>(b, l, a[0], a[2], isUnsigned);
        else if (isFloat)
          r = createScalarOp<AddOp>(b, l, a[0], a[2]);
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
                   // The f32 divisors, widened for f64 pools.
                   Value inv = a[1];
                   if (inv.getType() != a[0].getType())
                     inv = arith::ExtFOp::create(b, l, a[0].getType(), inv);
                   Value r = arith::MulFOp::create(b, l, a[0], inv);
                   linalg::YieldOp::create(b, l, r);
                 })
                 .getResult(0);
  }
  return result;
}

enum class ReduceKind { Sum, Mean, Max, Min, Prod };

/// One step of a `kind` reduction: the element `x` combined with `acc`.
Value reduceStep(OpBuilder &b, Location l, ReduceKind kind, Value x, Value acc,
                 bool isUnsigned) {
  if (kind == ReduceKind::Prod)
    return createScalarOp<MulOp>(b, l, x, acc, isUnsigned);
  if (kind == ReduceKind::Max)
    return createScalarOp<MaxOp>(b, l, x, acc, isUnsigned);
  if (kind == ReduceKind::Min)
    return createScalarOp<MinOp>(b, l, x, acc, isUnsigned);
  return createScalarOp<AddOp>(b, l, x, acc, isUnsigned); // Sum, Mean
}

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
        linalg::YieldOp::create(
            nb, l, reduceStep(nb, l, kind, a[0], a[1], isUnsigned));
      });
  Value result = generic.getResult(0);
  if (kind == ReduceKind::Mean) {
    int64_t count = 1;
    for (int64_t a : axes)
      count *= inType.getDimSize(a);
    double inv = count ? 1.0 / count : 0.0;
    result = elementwise(
        b, loc, outType, {result},
        [&](OpBuilder &nb, Location l, ValueRange a) -> Value {
          if (!f) // integer mean: truncating division
            return arith::DivSIOp::create(
                nb, l, a[0],
                scalar(nb, l, elem, (double)std::max<int64_t>(count, 1)));
          return arith::MulFOp::create(nb, l, a[0], scalar(nb, l, elem, inv));
        });
  }
  return result;
}

template <typename OpTy, ReduceKind kind>
FailureOr<Value> lowerReduce(OpTy op, typename OpTy::Adaptor adaptor,
                             RankedTensorType type, Rewriter &rewriter) {
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
    return reshapeTensor(rewriter, loc, y, type);
  }
  Value r =
      reduce(rewriter, loc, adaptor.getInput(), op.getAxes(), kind, isUnsigned);
  return reshapeTensor(rewriter, loc, r, type);
}

/// softmax(x) = exp(x - max) / sum(exp(x - max)); log_softmax(x) =
/// x - max - log(sum(exp(x - max))).
template <typename OpTy, bool isLog>
FailureOr<Value> lowerSoftmax(OpTy op, typename OpTy::Adaptor adaptor,
                              RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  int64_t axis = op.getAxis();
  Value x = adaptor.getInput();
  Value mx = reduce(rewriter, loc, x, {axis}, ReduceKind::Max);
  SmallVector<int64_t> keep(type.getShape());
  keep[axis] = 1;
  auto keepType = RankedTensorType::get(keep, type.getElementType());
  mx = reshapeTensor(rewriter, loc, mx, keepType);
  Value shifted = elementwise(rewriter, loc, type, {x, mx},
                              [](OpBuilder &b, Location l, ValueRange a) {
                                return arith::SubFOp::create(b, l, a[0], a[1]);
                              });
  Value e = elementwise(rewriter, loc, type, {shifted},
                        [](OpBuilder &b, Location l, ValueRange a) {
                          return math::ExpOp::create(b, l, a[0]);
                        });
  Value sum = reshapeTensor(rewriter, loc,
                            reduce(rewriter, loc, e, {axis}, ReduceKind::Sum),
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
  return result;
}

/// LRN: square, sum over a channel window of the zero-padded squares, then
/// x / (bias + alpha/size * sum)^beta.
FailureOr<Value> lowerLRN(LRNOp op, LRNOp::Adaptor adaptor,
                          RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
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
  Value padded =
      padConstant(rewriter, loc, sq, lo, hi, scalar(rewriter, loc, elem, 0));
  Value window =
      tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{size}, elem);
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
  return result;
}

} // namespace

void qc_to_linalg::populateNamedOpPatterns(RewritePatternSet &patterns,
                                           const TypeConverter &converter) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<QCLowering<lowerConv2D>, QCLowering<lowerMatMul>,
               QCLowering<lowerBatchNorm>, QCLowering<lowerLRN>,
               QCLowering<lowerPool<MaxPool2DOp, true>>,
               QCLowering<lowerPool<AvgPool2DOp, false>>,
               QCLowering<lowerReduce<ReduceSumOp, ReduceKind::Sum>>,
               QCLowering<lowerReduce<ReduceMeanOp, ReduceKind::Mean>>,
               QCLowering<lowerReduce<ReduceMaxOp, ReduceKind::Max>>,
               QCLowering<lowerReduce<ReduceMinOp, ReduceKind::Min>>,
               QCLowering<lowerReduce<ReduceProdOp, ReduceKind::Prod>>,
               QCLowering<lowerSoftmax<SoftmaxOp, false>>,
               QCLowering<lowerSoftmax<LogSoftmaxOp, true>>>(converter, ctx);
}
