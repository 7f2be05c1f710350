//===- Requant.cpp - The one builder of #qc.requant arithmetic ------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Utils/Requant.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;
using namespace mlir::qc;

/// `type` with its (vector) element type replaced by `element`.
static Type withElement(Type type, Type element) {
  if (auto v = dyn_cast<VectorType>(type))
    return VectorType::get(v.getShape(), element);
  return element;
}

Value qc::buildI64Constant(OpBuilder &b, Location loc, Type like,
                           int64_t value) {
  Type i64 = b.getI64Type();
  TypedAttr attr = b.getIntegerAttr(i64, value);
  if (auto v = dyn_cast<VectorType>(like))
    attr = DenseElementsAttr::get(VectorType::get(v.getShape(), i64), attr);
  return arith::ConstantOp::create(b, loc, attr);
}

Value qc::buildRequant(OpBuilder &b, Location loc, RequantAttr rq, Value x,
                       Value m, Value mneg, Value r, bool residualUnsigned,
                       Type outElem) {
  Type wide = withElement(x.getType(), b.getI64Type());
  auto c64 = [&](int64_t v) { return buildI64Constant(b, loc, wide, v); };
  auto extend = [&](Value v, bool isUnsigned) -> Value {
    if (v.getType() == wide)
      return v;
    if (isUnsigned)
      return arith::ExtUIOp::create(b, loc, wide, v);
    return arith::ExtSIOp::create(b, loc, wide, v);
  };
  Value x64 = extend(x, false);
  if (rq.getInputZp())
    x64 = arith::SubIOp::create(b, loc, x64, c64(rq.getInputZp()));
  Value m64 = extend(m, false);
  if (mneg) {
    Value neg =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x64, c64(0));
    m64 = arith::SelectOp::create(b, loc, neg, extend(mneg, false), m64);
  }
  Value t = arith::MulIOp::create(b, loc, x64, m64);
  if (r) {
    Value r64 = extend(r, residualUnsigned);
    if (rq.getResidualZp())
      r64 = arith::SubIOp::create(b, loc, r64, c64(rq.getResidualZp()));
    Value rm =
        arith::MulIOp::create(b, loc, r64, c64(rq.getResidualMultiplier()));
    t = arith::AddIOp::create(b, loc, t, rm);
  }
  if (int64_t k = rq.getShift()) {
    t = arith::AddIOp::create(b, loc, t, c64(int64_t(1) << (k - 1)));
    t = arith::ShRSIOp::create(b, loc, t, c64(k));
  }
  if (rq.getOutputZp())
    t = arith::AddIOp::create(b, loc, t, c64(rq.getOutputZp()));
  t = arith::MaxSIOp::create(b, loc, t, c64(rq.getMin()));
  t = arith::MinSIOp::create(b, loc, t, c64(rq.getMax()));
  return arith::TruncIOp::create(b, loc, withElement(wide, outElem), t);
}
