//===- Elementwise.cpp - Elementwise qc ops to linalg ---------------------===//
//
// Part of the quantc project.
//
// Float elementwise ops (binary with numpy broadcasting, unary, cast) and
// the integer ones of the quantized graph (rescale, rescale_mul, table) and
// its boundary (quantize, dequantize, fake_quant): each one parallel
// linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "quantc/Dialect/QC/Utils/Requant.h"

#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::qc_to_linalg;

namespace {

/// Binary `OpTy` on the scalars `x` and `y`.
template <typename OpTy>
Value binaryScalar(OpBuilder &b, Location loc, Value x, Value y) {
  if constexpr (std::is_same_v<OpTy, PReluOp>) {
    // x >= 0 ? x : y * x
    Value zero = scalar(b, loc, x.getType(), 0);
    Value pos = isa<FloatType>(x.getType())
                    ? (Value)arith::CmpFOp::create(
                          b, loc, arith::CmpFPredicate::OGE, x, zero)
                    : (Value)arith::CmpIOp::create(
                          b, loc, arith::CmpIPredicate::sge, x, zero);
    Value neg = createScalarOp<MulOp>(b, loc, x, y);
    return arith::SelectOp::create(b, loc, pos, x, neg);
  } else {
    return createScalarOp<OpTy>(b, loc, x, y);
  }
}

template <typename OpTy>
FailureOr<Value> lowerBinary(OpTy op, typename OpTy::Adaptor adaptor,
                             RankedTensorType type, Rewriter &rewriter) {
  if (!type.getElementType().isIntOrFloat())
    return rewriter.notifyMatchFailure(op, "quantized types reach here only "
                                           "after integerization");
  Value result = elementwise(
      rewriter, op.getLoc(), type, {adaptor.getLhs(), adaptor.getRhs()},
      [](OpBuilder &b, Location loc, ValueRange args) {
        return binaryScalar<OpTy>(b, loc, args[0], args[1]);
      });
  return result;
}

/// Unary `op` on the scalar `x`.
template <typename OpTy>
Value unaryScalar(OpBuilder &b, Location loc, OpTy op, Value x) {
  Type t = x.getType();
  auto c = [&](double v) { return scalar(b, loc, t, v); };
  if constexpr (hasScalarOp<OpTy>)
    return createScalarOp<OpTy>(b, loc, x);
  if constexpr (std::is_same_v<OpTy, ClampOp>)
    return clampScalar(b, loc, x, op.getMin(), op.getMax(),
                       isUnsignedInt(op.getType()));
  if constexpr (std::is_same_v<OpTy, LeakyReluOp>)
    return leakyScalar(b, loc, x, op.getAlpha().convertToDouble());
  if constexpr (std::is_same_v<OpTy, EluOp>) {
    Value e = math::ExpM1Op::create(b, loc, x);
    Value neg =
        arith::MulFOp::create(b, loc, e, c(op.getAlpha().convertToDouble()));
    Value pos =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, x, c(0));
    return arith::SelectOp::create(b, loc, pos, x, neg);
  }
  if constexpr (std::is_same_v<OpTy, HardSigmoidOp>) {
    Value y =
        arith::MulFOp::create(b, loc, x, c(op.getAlpha().convertToDouble()));
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
  if constexpr (std::is_same_v<OpTy, NegOp>)
    return isa<FloatType>(t) ? (Value)arith::NegFOp::create(b, loc, x)
                             : (Value)arith::SubIOp::create(b, loc, c(0), x);
  if constexpr (std::is_same_v<OpTy, ReciprocalOp>)
    return arith::DivFOp::create(b, loc, c(1), x);
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

template <typename OpTy>
FailureOr<Value> lowerUnary(OpTy op, typename OpTy::Adaptor adaptor,
                            RankedTensorType type, Rewriter &rewriter) {
  if (!type.getElementType().isIntOrFloat())
    return rewriter.notifyMatchFailure(op, "not an int or float tensor");
  Value result = elementwise(rewriter, op.getLoc(), type, {adaptor.getInput()},
                             [&](OpBuilder &b, Location loc, ValueRange args) {
                               return unaryScalar(b, loc, op, args[0]);
                             });
  return result;
}

FailureOr<Value> lowerCast(CastOp op, CastOp::Adaptor adaptor,
                           RankedTensorType type, Rewriter &rewriter) {
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
  return result;
}

/// Elementwise requantization of one input (+ a broadcast addend).
/// Per-channel multipliers are read along the last dimension (a [C]
/// operand broadcast to the result).
FailureOr<Value> lowerRescale(RescaleOp op, RescaleOp::Adaptor adaptor,
                              RankedTensorType outType, Rewriter &rewriter) {
  Location loc = op.getLoc();
  RequantAttr rq = op.getRequant();
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
  Value result =
      elementwise(rewriter, loc, outType, inputs,
                  [&](OpBuilder &b, Location l, ValueRange a) {
                    Value x = extendInt(b, l, a[0], b.getI64Type(), xUnsigned);
                    Value r = hasAddend ? a[1] : Value();
                    unsigned next = hasAddend ? 2 : 1;
                    Value mv = m.size() > 1
                                   ? a[next++]
                                   : scalar(b, l, b.getI32Type(), m[0]);
                    Value mn;
                    if (mneg.size() > 1)
                      mn = a[next];
                    else if (mneg.size() == 1)
                      mn = scalar(b, l, b.getI32Type(), mneg[0]);
                    return buildRequant(b, l, rq, x, mv, mn, r, aUnsigned,
                                        outType.getElementType());
                  });
  return result;
}

/// Elementwise requantized product of two inputs (the second broadcast).
FailureOr<Value> lowerRescaleMul(RescaleMulOp op, RescaleMulOp::Adaptor adaptor,
                                 RankedTensorType outType, Rewriter &rewriter) {
  RequantAttr rq = op.getRequant();
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
  return result;
}

/// The float code of x: clamp(roundeven(x / scale) + zp, qmin, qmax), the
/// arithmetic of QuantizeLinear shared by qc.quantize and qc.fake_quant.
Value quantizeToCode(OpBuilder &b, Location l, Value x, double scale, double zp,
                     double qmin, double qmax) {
  Type f = x.getType();
  Value v = arith::DivFOp::create(b, l, x, scalar(b, l, f, scale));
  v = math::RoundEvenOp::create(b, l, v);
  v = arith::AddFOp::create(b, l, v, scalar(b, l, f, zp));
  v = arith::MaximumFOp::create(b, l, v, scalar(b, l, f, qmin));
  return arith::MinimumFOp::create(b, l, v, scalar(b, l, f, qmax));
}

/// q = clamp(roundeven(x / scale) + zero_point, qmin, qmax).
FailureOr<Value> lowerQuantize(QuantizeOp op, QuantizeOp::Adaptor adaptor,
                               RankedTensorType outType, Rewriter &rewriter) {
  auto it = cast<IntegerType>(op.getType().getElementType());
  double qmin = it.isUnsigned() ? 0 : -std::ldexp(1.0, it.getWidth() - 1);
  double qmax = it.isUnsigned() ? std::ldexp(1.0, it.getWidth()) - 1
                                : std::ldexp(1.0, it.getWidth() - 1) - 1;
  double scale = op.getScale().convertToDouble();
  double zp = (double)op.getZeroPoint();
  Value r =
      elementwise(rewriter, op.getLoc(), outType, {adaptor.getInput()},
                  [&](OpBuilder &b, Location l, ValueRange a) -> Value {
                    Value v = quantizeToCode(b, l, a[0], scale, zp, qmin, qmax);
                    // In range now: convert through i32 and truncate to the
                    // code.
                    Value i = arith::FPToSIOp::create(b, l, b.getI32Type(), v);
                    return extendInt(b, l, i, outType.getElementType(), false);
                  });
  return r;
}

/// result = (clamp(roundeven(x / scale) + zero_point, qmin, qmax) -
/// zero_point) * scale, in f32 as ONNX Runtime's QuantizeLinear and
/// DequantizeLinear compute it.
FailureOr<Value> lowerFakeQuant(FakeQuantOp op, FakeQuantOp::Adaptor adaptor,
                                RankedTensorType type, Rewriter &rewriter) {
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
  return r;
}

/// x = scale * (q - zero_point).
FailureOr<Value> lowerDequantize(DequantizeOp op, DequantizeOp::Adaptor adaptor,
                                 RankedTensorType outType, Rewriter &rewriter) {
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
  return r;
}

/// qc.table: a gather from the 256-entry table, indexed by the unsigned
/// input code.
FailureOr<Value> lowerTable(TableOp op, TableOp::Adaptor adaptor,
                            RankedTensorType type, Rewriter &rewriter) {
  Value table = adaptor.getTable();
  return elementwise(
      rewriter, op.getLoc(), type, ValueRange{adaptor.getInput()},
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
        Value code = arith::ExtUIOp::create(b, l, b.getI32Type(), a[0]);
        Value index =
            arith::IndexCastUIOp::create(b, l, b.getIndexType(), code);
        return tensor::ExtractOp::create(b, l, table, ValueRange{index});
      });
}

/// qc.compare: arith.cmpf (ordered, `ne` unordered) or arith.cmpi (unsigned
/// predicates on unsigned codes).
FailureOr<Value> lowerCompare(CompareOp op, CompareOp::Adaptor adaptor,
                              RankedTensorType type, Rewriter &rewriter) {
  Type element = getElementTypeOrSelf(op.getLhs().getType());
  if (!element.isIntOrFloat())
    return rewriter.notifyMatchFailure(op, "quantized operands");
  bool isFloat = isa<FloatType>(element);
  bool isUnsigned = isUnsignedInt(op.getLhs().getType());
  ComparePredicate p = op.getPredicate();
  auto fp = [&] {
    switch (p) {
    case ComparePredicate::EQ:
      return arith::CmpFPredicate::OEQ;
    case ComparePredicate::NE:
      return arith::CmpFPredicate::UNE;
    case ComparePredicate::LT:
      return arith::CmpFPredicate::OLT;
    case ComparePredicate::LE:
      return arith::CmpFPredicate::OLE;
    case ComparePredicate::GT:
      return arith::CmpFPredicate::OGT;
    case ComparePredicate::GE:
      return arith::CmpFPredicate::OGE;
    }
    llvm_unreachable("predicate");
  };
  auto ip = [&] {
    switch (p) {
    case ComparePredicate::EQ:
      return arith::CmpIPredicate::eq;
    case ComparePredicate::NE:
      return arith::CmpIPredicate::ne;
    case ComparePredicate::LT:
      return isUnsigned ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
    case ComparePredicate::LE:
      return isUnsigned ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
    case ComparePredicate::GT:
      return isUnsigned ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
    case ComparePredicate::GE:
      return isUnsigned ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
    }
    llvm_unreachable("predicate");
  };
  return elementwise(
      rewriter, op.getLoc(), type, {adaptor.getLhs(), adaptor.getRhs()},
      [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
        if (isFloat)
          return arith::CmpFOp::create(b, loc, fp(), args[0], args[1]);
        return arith::CmpIOp::create(b, loc, ip(), args[0], args[1]);
      });
}

FailureOr<Value> lowerSelect(SelectOp op, SelectOp::Adaptor adaptor,
                             RankedTensorType type, Rewriter &rewriter) {
  if (!type.getElementType().isIntOrFloat())
    return rewriter.notifyMatchFailure(op, "quantized values");
  return elementwise(
      rewriter, op.getLoc(), type,
      {adaptor.getCondition(), adaptor.getTrueValue(), adaptor.getFalseValue()},
      [](OpBuilder &b, Location loc, ValueRange args) -> Value {
        return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
      });
}

/// The patterns lowering each op of `Ops` with lowerBinary, or lowerUnary.
template <typename... Ops>
void addBinaryLowerings(RewritePatternSet &patterns,
                        const TypeConverter &converter) {
  patterns.add<QCLowering<lowerBinary<Ops>>...>(converter,
                                                patterns.getContext());
}
template <typename... Ops>
void addUnaryLowerings(RewritePatternSet &patterns,
                       const TypeConverter &converter) {
  patterns.add<QCLowering<lowerUnary<Ops>>...>(converter,
                                               patterns.getContext());
}

} // namespace

void qc_to_linalg::populateElementwisePatterns(RewritePatternSet &patterns,
                                               const TypeConverter &converter) {
  patterns.add<QCLowering<lowerCast>, QCLowering<lowerRescale>,
               QCLowering<lowerRescaleMul>, QCLowering<lowerQuantize>,
               QCLowering<lowerDequantize>, QCLowering<lowerTable>,
               QCLowering<lowerFakeQuant>, QCLowering<lowerCompare>,
               QCLowering<lowerSelect>>(converter, patterns.getContext());
  addBinaryLowerings<AddOp, SubOp, MulOp, DivOp, MaxOp, MinOp, PowOp, PReluOp>(
      patterns, converter);
  addUnaryLowerings<ClampOp, LeakyReluOp, EluOp, HardSigmoidOp, SigmoidOp,
                    TanhOp, ExpOp, LogOp, SqrtOp, AbsOp, NegOp, ReciprocalOp,
                    FloorOp, CeilOp, ErfOp, SoftplusOp>(patterns, converter);
}
