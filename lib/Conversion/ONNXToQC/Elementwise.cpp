//===- Elementwise.cpp - ONNX elementwise ops to qc -----------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "Binder.h"

#include <cmath>
#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::onnx_legalize;

namespace {

template <typename OpTy>
Value binary(OnnxBinder &b, Value lhs, Value rhs) {
  auto l = cast<RankedTensorType>(lhs.getType());
  auto r = cast<RankedTensorType>(rhs.getType());
  SmallVector<int64_t> shape = *broadcastShapes(l.getShape(), r.getShape());
  return b.create<OpTy>(RankedTensorType::get(shape, l.getElementType()), lhs,
                        rhs);
}

/// Binary ops with numpy broadcasting. Integer operands are accepted for
/// the ops that fold shape arithmetic (Add, Sub, Mul, Div); at run time
/// they need f32.
template <typename OpTy>
Handler binaryHandler(bool integerOk) {
  return [integerOk](OnnxBinder &b) -> LogicalResult {
    if (failed(b.requireStatic(2)))
      return failure();
    auto l = b.staticType(0), r = b.staticType(1);
    if (l.getElementType() != r.getElementType())
      return b.fail("expected both inputs to have the same element type");
    if (!succeeded(broadcastShapes(l.getShape(), r.getShape())))
      return b.fail("input shapes do not broadcast");
    Type e = l.getElementType();
    if (!e.isF32() && !(integerOk && e.isSignlessInteger() &&
                        e.getIntOrFloatBitWidth() > 1))
      return b.unimplemented("element type " + typeStr(e) +
                             " (supported: f32" +
                             (integerOk ? ", signless integers" : "") + ")");
    return b.replace(binary<OpTy>(b, b.input(0), b.input(1)));
  };
}

/// Opset < 7 binary ops: with broadcast = 1, B's dims align with A's
/// starting at `axis` (default: trailing), not numpy style.
template <typename OpTy>
Handler legacyBinaryHandler() {
  return [](OnnxBinder &b) -> LogicalResult {
    if (failed(b.requireStatic(2)))
      return failure();
    auto l = b.staticType(0), r = b.staticType(1);
    if (!l.getElementType().isF32())
      return b.unimplemented("element type " + typeStr(l.getElementType()));
    // The rhs shape after the legacy axis broadcast, checked before any op
    // is built (a failing handler must leave the IR unchanged).
    SmallVector<int64_t> rshape(r.getShape());
    bool legacy = b.i("broadcast", 0) && r.getRank() < l.getRank();
    if (legacy) {
      int64_t axis = b.i("axis", l.getRank() - r.getRank());
      if (axis < 0)
        axis += l.getRank();
      if (axis < 0 || axis + r.getRank() > l.getRank())
        return b.fail("broadcast axis out of range");
      rshape.append(l.getRank() - axis - r.getRank(), 1);
    }
    if (failed(broadcastShapes(l.getShape(), rshape)))
      return b.fail("input shapes do not broadcast");
    Value rhs = legacy ? b.reshape(b.input(1), rshape) : b.input(1);
    return b.replace(binary<OpTy>(b, b.input(0), rhs));
  };
}

/// Variadic Max/Min/Sum/Mean: a left fold of the binary op.
template <typename OpTy>
Handler variadicHandler(bool mean) {
  return [mean](OnnxBinder &b) -> LogicalResult {
    unsigned n = b.numInputs();
    if (n == 0)
      return b.fail("expected at least one input");
    if (failed(b.requireStaticF32(n)))
      return failure();
    SmallVector<int64_t> shape(b.staticType(0).getShape());
    for (unsigned i = 1; i < n; ++i) {
      auto s = broadcastShapes(shape, b.staticType(i).getShape());
      if (failed(s))
        return b.fail("input shapes do not broadcast");
      shape = *s;
    }
    Value acc = b.input(0);
    for (unsigned i = 1; i < n; ++i)
      acc = binary<OpTy>(b, acc, b.input(i));
    if (mean && n > 1)
      acc = binary<MulOp>(b, acc,
                          b.splat({}, b.rewriter.getF32Type(), 1.0 / n));
    if (n == 1 && cast<RankedTensorType>(acc.getType()).getShape() != ArrayRef<int64_t>(shape))
      return b.fail("internal: shape mismatch");
    return b.replace(acc);
  };
}

/// A unary op. `integerOk`: also on signless integers (Neg, Abs).
/// Constant inputs of a known function are evaluated now (shape
/// arithmetic such as Neg of an axis).
template <typename OpTy>
Handler unaryHandler(bool integerOk = false,
                     double (*fn)(double) = nullptr,
                     int64_t (*ifn)(int64_t) = nullptr) {
  return [integerOk, fn, ifn](OnnxBinder &b) -> LogicalResult {
    if (failed(b.requireStatic(1)))
      return failure();
    Value x = b.input(0);
    auto type = cast<RankedTensorType>(x.getType());
    bool small = type.getNumElements() <= (1 << 16);
    // Integer constants fold exactly (never through double).
    if (isa<IntegerType>(type.getElementType())) {
      if (ifn && small)
        if (auto values = b.constantInts(0)) {
          for (int64_t &v : *values)
            v = ifn(v);
          return b.replace(b.constantOf(
              makeElementsAttrFromInts(type, *values, "folded")));
        }
    } else if (fn && small)
      if (auto values = b.constantDoubles(0)) {
        for (double &v : *values)
          v = fn(v);
        return b.replace(b.constantOf(
            makeElementsAttrFromDoubles(type, *values, "folded")));
      }
    Type e = type.getElementType();
    if (!(integerOk && e.isSignlessInteger() &&
          e.getIntOrFloatBitWidth() > 1) &&
        failed(b.requireF32(1)))
      return failure();
    return b.replace(b.create<OpTy>(x.getType(), x));
  };
}

LogicalResult relu(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  return b.replace(b.create<ClampOp>(x.getType(), x,
                                     b.rewriter.getF32FloatAttr(0.0f),
                                     FloatAttr()));
}

/// Clip-6: bounds are attributes.
LogicalResult clip6(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  float lo = b.f("min", -std::numeric_limits<float>::max());
  float hi = b.f("max", std::numeric_limits<float>::max());
  return b.replace(b.create<ClampOp>(x.getType(), x,
                                     b.rewriter.getF32FloatAttr(lo),
                                     b.rewriter.getF32FloatAttr(hi)));
}

/// Clip-11+: bounds are optional constant inputs.
LogicalResult clip11(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  FloatAttr lo, hi;
  for (unsigned i : {1u, 2u}) {
    if (!b.hasInput(i))
      continue;
    auto v = b.constantDoubles(i);
    if (!v || v->size() != 1)
      return b.unimplemented("Clip bound #" + Twine(i) +
                             " that is not a constant scalar");
    (i == 1 ? lo : hi) = b.rewriter.getF32FloatAttr((float)(*v)[0]);
  }
  if (lo && hi && lo.getValueAsDouble() > hi.getValueAsDouble()) {
    // ONNX: min > max sets every element to max.
    lo = hi;
  }
  Value x = b.input(0);
  return b.replace(b.create<ClampOp>(x.getType(), x, lo, hi));
}

/// An activation whose one attribute is `alpha` (`defaultAlpha` unset).
template <typename OpTy>
LogicalResult alphaActivation(OnnxBinder &b, float defaultAlpha) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  return b.replace(b.create<OpTy>(
      x.getType(), x, b.rewriter.getF32FloatAttr(b.f("alpha", defaultAlpha))));
}

LogicalResult leakyRelu(OnnxBinder &b) {
  return alphaActivation<LeakyReluOp>(b, 0.01f);
}

LogicalResult prelu(OnnxBinder &b) {
  if (failed(b.requireStaticF32(2)))
    return failure();
  auto x = b.staticType(0), slope = b.staticType(1);
  Value s = b.input(1);
  auto shape = broadcastShapes(x.getShape(), slope.getShape());
  // Before opset 7 a [C] slope applied along the channel dimension 1;
  // ONNX's version converter keeps such slopes as they are, so accept that
  // form where numpy broadcasting would not.
  if ((failed(shape) || *shape != SmallVector<int64_t>(x.getShape())) &&
      slope.getRank() == 1 && x.getRank() > 2 &&
      slope.getDimSize(0) == x.getDimSize(1)) {
    SmallVector<int64_t> perChannel{slope.getDimSize(0)};
    perChannel.append(x.getRank() - 2, 1);
    s = b.reshape(s, perChannel);
    shape = broadcastShapes(x.getShape(), perChannel);
  }
  // PRelu broadcasts the slope to x (unidirectionally).
  if (failed(shape) || *shape != SmallVector<int64_t>(x.getShape()))
    return b.fail("slope shape does not broadcast to the input shape");
  return b.replace(b.create<PReluOp>(x, b.input(0), s));
}

LogicalResult elu(OnnxBinder &b) { return alphaActivation<EluOp>(b, 1.0f); }

LogicalResult selu(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  float alpha = b.f("alpha", 1.67326319217681884765625f);
  float gamma = b.f("gamma", 1.05070102214813232421875f);
  Value e = b.create<EluOp>(x.getType(), x, b.rewriter.getF32FloatAttr(alpha));
  return b.replace(
      binary<MulOp>(b, e, b.splat({}, b.rewriter.getF32Type(), gamma)));
}

LogicalResult hardSigmoid(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  return b.replace(b.create<HardSigmoidOp>(
      x.getType(), x, b.rewriter.getF32FloatAttr(b.f("alpha", 0.2f)),
      b.rewriter.getF32FloatAttr(b.f("beta", 0.5f))));
}

/// HardSwish(x) = x * HardSigmoid(x; 1/6, 1/2).
LogicalResult hardSwish(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  Value hs = b.create<HardSigmoidOp>(x.getType(), x,
                                     b.rewriter.getF32FloatAttr(1.0f / 6.0f),
                                     b.rewriter.getF32FloatAttr(0.5f));
  return b.replace(binary<MulOp>(b, x, hs));
}

/// Softsign(x) = x / (1 + |x|).
LogicalResult softsign(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  Value x = b.input(0);
  Value a = b.create<AbsOp>(x.getType(), x);
  Value d = binary<AddOp>(b, a, b.splat({}, b.rewriter.getF32Type(), 1.0));
  return b.replace(binary<DivOp>(b, x, d));
}

} // namespace

void onnx_legalize::populateElementwiseHandlers(HandlerRegistry &r) {
  r.add("Add", 1, legacyBinaryHandler<AddOp>());
  r.add("Sub", 1, legacyBinaryHandler<SubOp>());
  r.add("Mul", 1, legacyBinaryHandler<MulOp>());
  r.add("Div", 1, legacyBinaryHandler<DivOp>());
  r.add("Add", 7, binaryHandler<AddOp>(true));
  r.add("Sub", 7, binaryHandler<SubOp>(true));
  r.add("Mul", 7, binaryHandler<MulOp>(true));
  r.add("Div", 7, binaryHandler<DivOp>(true));
  r.add("Pow", 7, binaryHandler<PowOp>(false));
  r.add("Max", 8, variadicHandler<MaxOp>(false));
  r.add("Min", 8, variadicHandler<MinOp>(false));
  r.add("Sum", 8, variadicHandler<AddOp>(false));
  r.add("Mean", 8, variadicHandler<AddOp>(true));
  r.add("Relu", 6, relu);
  r.add("Clip", 6, clip6);
  r.add("Clip", 11, clip11);
  r.add("LeakyRelu", 6, leakyRelu);
  r.add("PRelu", 7, prelu);
  r.add("Elu", 6, elu);
  r.add("Selu", 6, selu);
  r.add("HardSigmoid", 6, hardSigmoid);
  r.add("HardSwish", 14, hardSwish);
  r.add("Softsign", 1, softsign);
  r.add("Sigmoid", 6, unaryHandler<SigmoidOp>());
  r.add("Tanh", 6, unaryHandler<TanhOp>());
  r.add("Exp", 6, unaryHandler<ExpOp>());
  r.add("Log", 6, unaryHandler<LogOp>());
  r.add("Sqrt", 6, unaryHandler<SqrtOp>(false, [](double v) { return std::sqrt(v); }));
  // Integers wrap around at INT64_MIN (two's complement), as ONNX Runtime.
  r.add("Abs", 6, unaryHandler<AbsOp>(
                      true, [](double v) { return std::fabs(v); },
                      [](int64_t v) {
                        return v < 0 ? (int64_t)(0 - (uint64_t)v) : v;
                      }));
  r.add("Neg", 6, unaryHandler<NegOp>(
                      true, [](double v) { return -v; },
                      [](int64_t v) { return (int64_t)(0 - (uint64_t)v); }));
  r.add("Reciprocal", 6, unaryHandler<ReciprocalOp>());
  r.add("Floor", 6, unaryHandler<FloorOp>(false, [](double v) { return std::floor(v); }));
  r.add("Ceil", 6, unaryHandler<CeilOp>(false, [](double v) { return std::ceil(v); }));
  r.add("Erf", 9, unaryHandler<ErfOp>());
  r.add("Softplus", 1, unaryHandler<SoftplusOp>());
}
