//===- QCVJPs.cpp - vector-Jacobian products of qc ops --------------------===//
//
// Part of the quantc project.
//
// QC_DifferentiableOpInterface: each rule builds, from the cotangent `dy` of
// an op's result, the cotangents of its operands as qc IR (docs/autodiff.md
// has the table). The rules are for the float forms; a quantized or integer
// op on a differentiated path is an error.
//
// Conventions at the kinks of piecewise ops (as PyTorch's relu, hardtanh and
// leaky_relu): the gradient of clamp passes strictly inside (min, max); max
// and min send a tie to the left operand; abs has gradient 0 at 0; a
// reduce_max/min gives the full cotangent to every maximal element.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::qc;

namespace {

/// Builds the qc IR of the rules: constants, broadcasting arithmetic and the
/// shape bookkeeping (summing a cotangent back to a broadcast operand).
class GradBuilder {
public:
  GradBuilder(OpBuilder &b, Operation *op)
      : b(b), loc(op->getLoc()),
        elementType(cast<RankedTensorType>(op->getResult(0).getType())
                        .getElementType()) {}

  RankedTensorType tensorType(ArrayRef<int64_t> shape, Type element = {}) {
    return RankedTensorType::get(shape, element ? element : elementType);
  }
  static ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }

  /// A splat constant of `shape` (a rank-0 scalar by default).
  Value constant(double v, ArrayRef<int64_t> shape = {}) {
    RankedTensorType type = tensorType(shape);
    return ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getFloatAttr(elementType, v)));
  }

  template <typename OpTy> Value binary(Value lhs, Value rhs) {
    SmallVector<int64_t> shape = *broadcastShapes(shapeOf(lhs), shapeOf(rhs));
    return OpTy::create(b, loc, tensorType(shape), lhs, rhs);
  }
  Value add(Value x, Value y) { return binary<AddOp>(x, y); }
  Value sub(Value x, Value y) { return binary<SubOp>(x, y); }
  Value mul(Value x, Value y) { return binary<MulOp>(x, y); }
  Value div(Value x, Value y) { return binary<DivOp>(x, y); }
  Value mul(Value x, double k) { return mul(x, constant(k)); }

  template <typename OpTy> Value unary(Value x) {
    return OpTy::create(b, loc, x.getType(), x);
  }

  Value compare(ComparePredicate p, Value lhs, Value rhs) {
    SmallVector<int64_t> shape = *broadcastShapes(shapeOf(lhs), shapeOf(rhs));
    return CompareOp::create(b, loc, tensorType(shape, b.getI1Type()), p, lhs,
                             rhs);
  }
  Value compare(ComparePredicate p, Value lhs, double rhs) {
    return compare(p, lhs, constant(rhs));
  }
  Value select(Value cond, Value t, Value f) {
    SmallVector<int64_t> shape = *broadcastShapes(shapeOf(t), shapeOf(f));
    shape = *broadcastShapes(shapeOf(cond), shape);
    return SelectOp::create(b, loc, tensorType(shape), cond, t, f);
  }
  /// `cond ? x : 0`.
  Value where(Value cond, Value x) { return select(cond, x, constant(0.0)); }

  Value reshape(Value v, ArrayRef<int64_t> shape) {
    if (shapeOf(v) == shape)
      return v;
    return ReshapeOp::create(b, loc, tensorType(shape), v);
  }
  Value transpose(Value v, ArrayRef<int64_t> perm) {
    return TransposeOp::create(b, loc, v, perm);
  }
  /// Swaps the last two dimensions.
  Value transposeLast2(Value v) {
    int64_t rank = shapeOf(v).size();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 1], perm[rank - 2]);
    return transpose(v, perm);
  }

  /// Sum over `axes` (sorted), keeping them with size 1 when `keep`.
  Value sum(Value v, ArrayRef<int64_t> axes, bool keep) {
    if (axes.empty())
      return v;
    SmallVector<int64_t> shape = inferReduceShape(shapeOf(v), axes, keep);
    return ReduceSumOp::create(b, loc, tensorType(shape), v, axes, keep,
                               RequantAttr());
  }

  /// The cotangent `g` (of the broadcast shape) of an operand of `shape`:
  /// summed over the dimensions broadcasting added or stretched.
  Value unbroadcast(Value g, ArrayRef<int64_t> shape) {
    ArrayRef<int64_t> gShape = shapeOf(g);
    if (gShape == shape)
      return g;
    int64_t lead = gShape.size() - shape.size();
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < (int64_t)gShape.size(); ++d)
      if (d < lead || (shape[d - lead] == 1 && gShape[d] != 1))
        axes.push_back(d);
    return reshape(sum(g, axes, /*keep=*/true), shape);
  }

  /// `v` materialized at `shape` (to which it broadcasts).
  Value broadcastTo(Value v, ArrayRef<int64_t> shape) {
    if (shapeOf(v) == shape)
      return v;
    return add(v, constant(0.0, shape));
  }

  /// A per-channel vector [C] as [C, 1, ...] along dimension 1 of a tensor
  /// of rank `rank` (batch_norm's parameters).
  Value alongDim1(Value v, int64_t rank) {
    SmallVector<int64_t> shape(rank - 1, 1);
    shape[0] = shapeOf(v)[0];
    return reshape(v, shape);
  }

  OpBuilder &b;
  Location loc;
  Type elementType;
};

/// The rules are for float ops (quantized types have no cotangents).
LogicalResult requireFloat(Operation *op) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (!isa<FloatType>(type.getElementType()))
    return op->emitOpError()
           << "has no vector-Jacobian product for element type "
           << type.getElementType() << " (only float ops are differentiable)";
  return success();
}

/// requireFloat, for the window ops whose rules are written for NCHW.
LogicalResult requireFloatNCHW(Operation *op, Layout layout) {
  if (failed(requireFloat(op)))
    return failure();
  if (layout != Layout::NCHW)
    return op->emitOpError("has no vector-Jacobian product in the NHWC layout "
                           "(differentiate before quantc-convert-layout)");
  return success();
}

/// The output_padding with which the transposed window of a forward window
/// op (input [.., H, W] -> output [.., OH, OW], `pads` [t, l, b, r])
/// reproduces the input's H and W: the rows the forward's last window left.
SmallVector<int64_t>
restoringOutputPadding(ArrayRef<int64_t> input, ArrayRef<int64_t> output,
                       ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                       ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads) {
  SmallVector<int64_t> outPad(2);
  for (int k = 0; k < 2; ++k)
    outPad[k] = input[2 + k] - transposedWindowOutputSize(
                                   output[2 + k], kernel[k], strides[k],
                                   pads[k], pads[k + 2], dilations[k], 0);
  return outPad;
}

/// The reduced `axes` put back as size-1 dimensions of `v` (a reduction's
/// result or cotangent without keepdims).
Value keptDims(GradBuilder &g, Value v, ArrayRef<int64_t> inputShape,
               ArrayRef<int64_t> axes) {
  return g.reshape(v, inferReduceShape(inputShape, axes, /*keepdims=*/true));
}

/// The cotangent of the accumulator of a contraction's float epilogue
/// y = clamp(leaky(acc + bias + residual)): `dy` masked by the activation
/// (read off the result). Fails on the integer epilogue.
FailureOr<Value> epilogueGrad(GradBuilder &g, ContractionOpInterface op,
                              Value dy) {
  if (op.getRequantAttr())
    return op->emitOpError("has no vector-Jacobian product with an integer "
                           "epilogue (requant)"),
           failure();
  Value y = op->getResult(0);
  Value d = dy;
  if (FloatAttr lo = op.getClampMinAttr())
    d = g.where(g.compare(ComparePredicate::GT, y, lo.getValueAsDouble()), d);
  if (FloatAttr hi = op.getClampMaxAttr())
    d = g.where(g.compare(ComparePredicate::LT, y, hi.getValueAsDouble()), d);
  if (FloatAttr alpha = op.getLeakyAlphaAttr())
    d = g.select(g.compare(ComparePredicate::GT, y, 0.0), d,
                 g.mul(d, alpha.getValueAsDouble()));
  return d;
}

/// The cotangents of the bias ([C] along `channelDim` of the result) and the
/// residual from the accumulator's cotangent.
void biasResidualGrads(GradBuilder &g, ContractionOpInterface op, Value dacc,
                       int64_t channelDim, SmallVectorImpl<Value> &grads) {
  if (Value bias = op.getBias()) {
    ArrayRef<int64_t> shape = GradBuilder::shapeOf(dacc);
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < (int64_t)shape.size(); ++d)
      if (d != channelDim)
        axes.push_back(d);
    grads.push_back(
        g.reshape(g.sum(dacc, axes, false), GradBuilder::shapeOf(bias)));
  }
  if (Value residual = op.getResidual())
    grads.push_back(g.unbroadcast(dacc, GradBuilder::shapeOf(residual)));
}

int64_t product(ArrayRef<int64_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

} // namespace

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

#define QC_VJP(OpTy)                                                           \
  LogicalResult OpTy::buildVJP(OpBuilder &b, Value dy,                         \
                               SmallVectorImpl<Value> &grads)

QC_VJP(AddOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  grads.push_back(g.unbroadcast(dy, g.shapeOf(getLhs())));
  grads.push_back(g.unbroadcast(dy, g.shapeOf(getRhs())));
  return success();
}

QC_VJP(SubOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  grads.push_back(g.unbroadcast(dy, g.shapeOf(getLhs())));
  grads.push_back(g.unbroadcast(g.unary<NegOp>(dy), g.shapeOf(getRhs())));
  return success();
}

QC_VJP(MulOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  grads.push_back(g.unbroadcast(g.mul(dy, getRhs()), g.shapeOf(getLhs())));
  grads.push_back(g.unbroadcast(g.mul(dy, getLhs()), g.shapeOf(getRhs())));
  return success();
}

QC_VJP(DivOp) {
  if (failed(requireFloat(*this)))
    return failure();
  // d(l/r) = dl / r - dr * y / r.
  GradBuilder g(b, *this);
  Value dl = g.div(dy, getRhs());
  grads.push_back(g.unbroadcast(dl, g.shapeOf(getLhs())));
  grads.push_back(g.unbroadcast(g.unary<NegOp>(g.mul(dl, getResult())),
                                g.shapeOf(getRhs())));
  return success();
}

/// max/min: the side the result came from (ties to lhs) takes dy.
static LogicalResult extremumVJP(Operation *op, OpBuilder &b, Value dy,
                                 ComparePredicate lhsWins,
                                 SmallVectorImpl<Value> &grads) {
  if (failed(requireFloat(op)))
    return failure();
  GradBuilder g(b, op);
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  Value m = g.compare(lhsWins, lhs, rhs);
  Value zero = g.constant(0.0);
  grads.push_back(g.unbroadcast(g.select(m, dy, zero), g.shapeOf(lhs)));
  grads.push_back(g.unbroadcast(g.select(m, zero, dy), g.shapeOf(rhs)));
  return success();
}

QC_VJP(MaxOp) { return extremumVJP(*this, b, dy, ComparePredicate::GE, grads); }
QC_VJP(MinOp) { return extremumVJP(*this, b, dy, ComparePredicate::LE, grads); }

QC_VJP(PowOp) {
  if (failed(requireFloat(*this)))
    return failure();
  // d(l^r) = r l^(r-1) dl + l^r log(l) dr.
  GradBuilder g(b, *this);
  Value l = getLhs(), r = getRhs();
  Value dl = g.mul(g.mul(dy, r), g.binary<PowOp>(l, g.sub(r, g.constant(1.0))));
  grads.push_back(g.unbroadcast(dl, g.shapeOf(l)));
  Value dr = g.mul(g.mul(dy, getResult()), g.unary<LogOp>(l));
  grads.push_back(g.unbroadcast(dr, g.shapeOf(r)));
  return success();
}

QC_VJP(PReluOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  Value x = getLhs(), slope = getRhs();
  Value pos = g.compare(ComparePredicate::GT, x, 0.0);
  grads.push_back(
      g.unbroadcast(g.select(pos, dy, g.mul(dy, slope)), g.shapeOf(x)));
  grads.push_back(g.unbroadcast(g.select(pos, g.constant(0.0), g.mul(dy, x)),
                                g.shapeOf(slope)));
  return success();
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

/// A unary rule: dx = f(g, x, y, dy).
template <typename Fn>
static LogicalResult unaryVJP(Operation *op, OpBuilder &b, Value dy,
                              SmallVectorImpl<Value> &grads, Fn rule) {
  if (failed(requireFloat(op)))
    return failure();
  GradBuilder g(b, op);
  grads.push_back(rule(g, op->getOperand(0), op->getResult(0), dy));
  return success();
}

#define QC_UNARY_VJP(OpTy, ...)                                                \
  QC_VJP(OpTy) {                                                               \
    return unaryVJP(*this, b, dy, grads,                                       \
                    [&](GradBuilder &g, Value x, Value y, Value dy) -> Value { \
                      (void)x;                                                 \
                      (void)y;                                                 \
                      __VA_ARGS__                                              \
                    });                                                        \
  }

QC_UNARY_VJP(NegOp, { return g.unary<NegOp>(dy); })
QC_UNARY_VJP(ExpOp, { return g.mul(dy, y); })
QC_UNARY_VJP(LogOp, { return g.div(dy, x); })
QC_UNARY_VJP(SqrtOp, { return g.div(g.mul(dy, 0.5), y); })
QC_UNARY_VJP(ReciprocalOp, { return g.unary<NegOp>(g.mul(g.mul(dy, y), y)); })
QC_UNARY_VJP(TanhOp, { return g.mul(dy, g.sub(g.constant(1.0), g.mul(y, y))); })
QC_UNARY_VJP(SigmoidOp,
             { return g.mul(g.mul(dy, y), g.sub(g.constant(1.0), y)); })
QC_UNARY_VJP(SoftplusOp, { return g.mul(dy, g.unary<SigmoidOp>(x)); })
QC_UNARY_VJP(ErfOp, {
  // 2/sqrt(pi) exp(-x^2).
  Value e = g.unary<ExpOp>(g.unary<NegOp>(g.mul(x, x)));
  return g.mul(g.mul(dy, 2.0 / std::sqrt(M_PI)), e);
})
QC_UNARY_VJP(AbsOp, {
  Value zero = g.constant(0.0);
  Value neg = g.select(g.compare(ComparePredicate::LT, x, zero),
                       g.unary<NegOp>(dy), zero);
  return g.select(g.compare(ComparePredicate::GT, x, zero), dy, neg);
})
QC_UNARY_VJP(ClampOp, {
  Value d = dy;
  if (std::optional<APFloat> lo = getMin())
    d = g.where(g.compare(ComparePredicate::GT, x, lo->convertToDouble()), d);
  if (std::optional<APFloat> hi = getMax())
    d = g.where(g.compare(ComparePredicate::LT, x, hi->convertToDouble()), d);
  return d;
})
QC_UNARY_VJP(LeakyReluOp, {
  return g.select(g.compare(ComparePredicate::GT, x, 0.0), dy,
                  g.mul(dy, getAlpha().convertToDouble()));
})
QC_UNARY_VJP(EluOp, {
  // x < 0: y = alpha (e^x - 1), dy/dx = y + alpha.
  Value inner = g.mul(dy, g.add(y, g.constant(getAlpha().convertToDouble())));
  return g.select(g.compare(ComparePredicate::GT, x, 0.0), dy, inner);
})
QC_UNARY_VJP(HardSigmoidOp, {
  Value inside = g.where(g.compare(ComparePredicate::GT, y, 0.0),
                         g.mul(dy, getAlpha().convertToDouble()));
  return g.where(g.compare(ComparePredicate::LT, y, 1.0), inside);
})

// Piecewise constant: the cotangent is zero (a null gradient).
QC_VJP(FloorOp) {
  grads.push_back(Value());
  return requireFloat(*this);
}
QC_VJP(CeilOp) {
  grads.push_back(Value());
  return requireFloat(*this);
}

//===----------------------------------------------------------------------===//
// Selection
//===----------------------------------------------------------------------===//

QC_VJP(SelectOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  Value zero = g.constant(0.0);
  grads.push_back(Value());
  grads.push_back(g.unbroadcast(g.select(getCondition(), dy, zero),
                                g.shapeOf(getTrueValue())));
  grads.push_back(g.unbroadcast(g.select(getCondition(), zero, dy),
                                g.shapeOf(getFalseValue())));
  return success();
}

//===----------------------------------------------------------------------===//
// Softmax, reductions
//===----------------------------------------------------------------------===//

QC_VJP(SoftmaxOp) {
  if (failed(requireFloat(*this)))
    return failure();
  // dx = y * (dy - sum(dy * y)).
  GradBuilder g(b, *this);
  Value y = getResult();
  int64_t axis = getAxis();
  Value s = g.sum(g.mul(dy, y), {axis}, true);
  grads.push_back(g.mul(y, g.sub(dy, s)));
  return success();
}

QC_VJP(LogSoftmaxOp) {
  if (failed(requireFloat(*this)))
    return failure();
  // dx = dy - softmax(x) * sum(dy).
  GradBuilder g(b, *this);
  int64_t axis = getAxis();
  Value p = g.unary<ExpOp>(getResult());
  grads.push_back(g.sub(dy, g.mul(p, g.sum(dy, {axis}, true))));
  return success();
}

QC_VJP(ReduceSumOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  ArrayRef<int64_t> shape = g.shapeOf(getInput());
  grads.push_back(g.broadcastTo(keptDims(g, dy, shape, getAxes()), shape));
  return success();
}

QC_VJP(ReduceMeanOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  ArrayRef<int64_t> shape = g.shapeOf(getInput());
  Value d = g.mul(keptDims(g, dy, shape, getAxes()),
                  1.0 / (double)getAveragedCount());
  grads.push_back(g.broadcastTo(d, shape));
  return success();
}

static LogicalResult reduceExtremumVJP(Operation *op, ArrayRef<int64_t> axes,
                                       OpBuilder &b, Value dy,
                                       SmallVectorImpl<Value> &grads) {
  if (failed(requireFloat(op)))
    return failure();
  GradBuilder g(b, op);
  Value x = op->getOperand(0);
  ArrayRef<int64_t> shape = g.shapeOf(x);
  Value y = keptDims(g, op->getResult(0), shape, axes);
  Value hit = g.compare(ComparePredicate::EQ, x, y);
  grads.push_back(g.where(hit, keptDims(g, dy, shape, axes)));
  return success();
}

QC_VJP(ReduceMaxOp) {
  return reduceExtremumVJP(*this, getAxes(), b, dy, grads);
}
QC_VJP(ReduceMinOp) {
  return reduceExtremumVJP(*this, getAxes(), b, dy, grads);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

QC_VJP(ReshapeOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  grads.push_back(g.reshape(dy, g.shapeOf(getInput())));
  return success();
}

QC_VJP(TransposeOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  ArrayRef<int64_t> perm = getPerm();
  SmallVector<int64_t> inverse(perm.size());
  for (auto [k, p] : llvm::enumerate(perm))
    inverse[p] = k;
  grads.push_back(g.transpose(dy, inverse));
  return success();
}

QC_VJP(ConcatOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  int64_t axis = getAxis();
  int64_t rank = g.shapeOf(dy).size();
  int64_t offset = 0;
  for (Value in : getInputs()) {
    SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
    starts[axis] = offset;
    ArrayRef<int64_t> shape = g.shapeOf(in);
    offset += shape[axis];
    grads.push_back(
        SliceOp::create(b, g.loc, g.tensorType(shape), dy, starts, steps));
  }
  return success();
}

/// Places `d` (the cotangent of a slice) at the positions it was taken
/// from, zeros elsewhere: per dimension, a reversal for negative steps, the
/// step's gaps by a reshape-pad-reshape, then the surrounding pad.
QC_VJP(SliceOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  ArrayRef<int64_t> inShape = g.shapeOf(getInput());
  int64_t rank = inShape.size();
  Value d = dy;
  for (int64_t dim = 0; dim < rank; ++dim) {
    SmallVector<int64_t> shape(g.shapeOf(d));
    int64_t n = shape[dim], step = getSteps()[dim], start = getStarts()[dim];
    if (n == 0)
      return emitOpError("has no vector-Jacobian product for an empty slice");
    if (step < 0) {
      // The elements taken are start, start+step, ...: reversed, they run
      // from first = start + (n-1) step upwards with step |step|.
      SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
      starts[dim] = n - 1;
      steps[dim] = -1;
      d = SliceOp::create(b, g.loc, g.tensorType(shape), d, starts, steps);
      start += (n - 1) * step;
      step = -step;
    }
    if (step > 1) {
      // [.., n, ..] -> [.., n, 1, ..] -> pad to [.., n, step, ..] ->
      // [.., n*step, ..] -> the first (n-1)*step+1.
      SmallVector<int64_t> split(shape);
      split.insert(split.begin() + dim + 1, 1);
      Value s = g.reshape(d, split);
      SmallVector<int64_t> pads(2 * (rank + 1), 0);
      pads[rank + 1 + dim + 1] = step - 1;
      split[dim + 1] = step;
      s = PadOp::create(b, g.loc, g.tensorType(split), s, pads,
                        PadMode::Constant, APFloat(0.0f));
      SmallVector<int64_t> merged(shape);
      merged[dim] = n * step;
      s = g.reshape(s, merged);
      SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
      merged[dim] = (n - 1) * step + 1;
      d = SliceOp::create(b, g.loc, g.tensorType(merged), s, starts, steps);
    }
    int64_t taken = g.shapeOf(d)[dim];
    int64_t hi = inShape[dim] - start - taken;
    if (start || hi) {
      SmallVector<int64_t> pads(2 * rank, 0);
      pads[dim] = start;
      pads[rank + dim] = hi;
      SmallVector<int64_t> padded(g.shapeOf(d));
      padded[dim] = inShape[dim];
      d = PadOp::create(b, g.loc, g.tensorType(padded), d, pads,
                        PadMode::Constant, APFloat(0.0f));
    }
  }
  grads.push_back(d);
  return success();
}

QC_VJP(PadOp) {
  if (failed(requireFloat(*this)))
    return failure();
  if (getMode() != PadMode::Constant)
    return emitOpError() << "has no vector-Jacobian product for pad mode '"
                         << stringifyPadMode(getMode())
                         << "' (only constant padding)";
  GradBuilder g(b, *this);
  ArrayRef<int64_t> inShape = g.shapeOf(getInput());
  int64_t rank = inShape.size();
  SmallVector<int64_t> starts(getPads().take_front(rank)), steps(rank, 1);
  grads.push_back(
      SliceOp::create(b, g.loc, g.tensorType(inShape), dy, starts, steps));
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions, normalization
//===----------------------------------------------------------------------===//

/// y = lhs @ rhs (+ epilogue). With a matrix (or vector) rhs, lhs is seen as
/// [P, K] rows and rhs as [K, N]: dlhs = dacc rhs^T, drhs = lhs^T dacc (one
/// GEMM each over all rows). Batched rhs: the batched products, summed back
/// over broadcast batch dimensions.
QC_VJP(MatMulOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  auto contraction = cast<ContractionOpInterface>(getOperation());
  FailureOr<Value> dacc = epilogueGrad(g, contraction, dy);
  if (failed(dacc))
    return failure();
  Value lhs = getLhs(), rhs = getRhs();
  ArrayRef<int64_t> lShape = g.shapeOf(lhs), rShape = g.shapeOf(rhs);
  if (rShape.size() <= 2) {
    int64_t k = lShape.back();
    int64_t n = rShape.size() == 1 ? 1 : rShape[1];
    int64_t p = product(lShape) / k;
    Value w = g.reshape(rhs, {k, n});
    Value x = g.reshape(lhs, {p, k});
    Value d = g.reshape(*dacc, {p, n});
    auto none = [] { return FloatAttr(); };
    Value dx = MatMulOp::create(b, g.loc, g.tensorType({p, k}), d,
                                g.transposeLast2(w), Value(), Value(), none(),
                                none(), none(), RequantAttr());
    Value dw = MatMulOp::create(b, g.loc, g.tensorType({k, n}),
                                g.transposeLast2(x), d, Value(), Value(),
                                none(), none(), none(), RequantAttr());
    grads.push_back(g.reshape(dx, lShape));
    grads.push_back(g.reshape(dw, rShape));
  } else {
    if (lShape.size() < 2)
      return emitOpError("has no vector-Jacobian product for a vector lhs "
                         "with a batched rhs");
    std::string why;
    auto product = [&](Value a, Value c) -> Value {
      SmallVector<int64_t> shape =
          *inferMatMulShape(g.shapeOf(a), g.shapeOf(c), why);
      return MatMulOp::create(b, g.loc, g.tensorType(shape), a, c, Value(),
                              Value(), FloatAttr(), FloatAttr(), FloatAttr(),
                              RequantAttr());
    };
    grads.push_back(
        g.unbroadcast(product(*dacc, g.transposeLast2(rhs)), lShape));
    grads.push_back(
        g.unbroadcast(product(g.transposeLast2(lhs), *dacc), rShape));
  }
  biasResidualGrads(g, contraction, *dacc, g.shapeOf(dy).size() - 1, grads);
  return success();
}

/// y = s (x - m) / sqrt(v + eps) + t along dimension 1.
QC_VJP(BatchNormOp) {
  if (failed(requireFloat(*this)))
    return failure();
  GradBuilder g(b, *this);
  Value x = getInput();
  int64_t rank = g.shapeOf(x).size();
  SmallVector<int64_t> axes;
  for (int64_t d = 0; d < rank; ++d)
    if (d != 1)
      axes.push_back(d);
  ArrayRef<int64_t> cShape = g.shapeOf(getScale());
  auto perChannel = [&](Value full) {
    return g.reshape(g.sum(full, axes, false), cShape);
  };
  Value inv = g.unary<ReciprocalOp>(g.unary<SqrtOp>(
      g.add(getVariance(), g.constant(getEpsilon().convertToDouble()))));
  Value invC = g.alongDim1(inv, rank);
  Value scaleC = g.alongDim1(getScale(), rank);
  Value centered = g.sub(x, g.alongDim1(getMean(), rank));
  Value dyScaled = g.mul(dy, g.mul(scaleC, invC));
  grads.push_back(dyScaled);                                     // input
  grads.push_back(perChannel(g.mul(dy, g.mul(centered, invC)))); // scale
  grads.push_back(perChannel(dy));                               // bias
  grads.push_back(g.unary<NegOp>(perChannel(dyScaled)));         // mean
  // dv = sum(dy (x - m)) s (-1/2) inv^3.
  Value inv3 = g.mul(g.mul(inv, inv), inv);
  grads.push_back(
      g.mul(g.mul(perChannel(g.mul(dy, centered)), g.mul(getScale(), inv3)),
            -0.5)); // variance
  return success();
}

/// The weight gradient of an NCHW convolution,
///   dW[o, c, i, j] = sum_{n, oh, ow} dacc[n, o, oh, ow]
///                        * xpad[n, c, oh * s0 + i * d0, ow * s1 + j * d1].
/// Built in NHWC (the layout conversion's transposes then cancel), one
/// filter tap at a time: the tap's input is a strided slice of the padded
/// input [N, OH, OW, C]. Groups 1: a GEMM per tap over the M = N*OH*OW
/// pixels, dacc^T [O, M] x tap [M, C] (the matmul kernel, K = M); depthwise:
/// the per-channel products summed over each image's pixels, then over the
/// images. Other groups: a grouped convolution with the roles swapped (per
/// group the batch becomes the channels and the group's input channels the
/// batch, dacc is the filter dilated by the stride, the forward's dilation
/// its stride), cropped to KH x KW.
static Value convWeightGrad(GradBuilder &g, Value x, Value dacc,
                            ArrayRef<int64_t> wShape, ArrayRef<int64_t> s,
                            ArrayRef<int64_t> d, ArrayRef<int64_t> p,
                            int64_t groups) {
  OpBuilder &b = g.b;
  ArrayRef<int64_t> xShape = g.shapeOf(x), yShape = g.shapeOf(dacc);
  int64_t n = xShape[0], c = xShape[1], o = wShape[0];
  int64_t kh = wShape[2], kw = wShape[3], cg = c / groups, og = o / groups;
  int64_t oh = yShape[2], ow = yShape[3];
  bool depthwise = groups == c && groups == o;
  if (groups == 1 || depthwise) {
    Value xt = g.transpose(x, {0, 2, 3, 1}); // [N, H, W, C]
    if (llvm::any_of(p, [](int64_t v) { return v != 0; }))
      xt = PadOp::create(b, g.loc,
                         g.tensorType({n, xShape[2] + p[0] + p[2],
                                       xShape[3] + p[1] + p[3], c}),
                         xt,
                         ArrayRef<int64_t>{0, p[0], p[1], 0, 0, p[2], p[3], 0},
                         PadMode::Constant, APFloat(0.0f));
    Value dt = g.transpose(dacc, {0, 2, 3, 1}); // [N, OH, OW, O]
    ArrayRef<int64_t> xtShape = g.shapeOf(xt);
    auto tap = [&](int64_t i, int64_t j) -> Value {
      if (xtShape[1] == oh && xtShape[2] == ow)
        return xt; // a 1x1 filter of stride 1
      return SliceOp::create(b, g.loc, g.tensorType({n, oh, ow, c}), xt,
                             ArrayRef<int64_t>{0, i * d[0], j * d[1], 0},
                             ArrayRef<int64_t>{1, s[0], s[1], 1});
    };
    SmallVector<Value> taps;
    // The taps' results concatenated along `axis`.
    auto stack = [&](ArrayRef<Value> parts, ArrayRef<int64_t> shape,
                     int64_t axis) -> Value {
      if (parts.size() == 1)
        return parts[0];
      return ConcatOp::create(b, g.loc, g.tensorType(shape), parts,
                              b.getI64IntegerAttr(axis));
    };
    if (groups == 1) {
      int64_t m = n * oh * ow;
      Value lhs = g.transpose(g.reshape(dt, {m, o}), {1, 0}); // [O, M]
      for (int64_t i = 0; i < kh; ++i)
        for (int64_t j = 0; j < kw; ++j) {
          Value t = g.reshape(tap(i, j), {m, c});
          Value dw = MatMulOp::create(b, g.loc, g.tensorType({o, c}), lhs, t,
                                      Value(), Value(), FloatAttr(),
                                      FloatAttr(), FloatAttr(), RequantAttr());
          taps.push_back(g.reshape(dw, {o, c, 1}));
        }
      return g.reshape(stack(taps, {o, c, kh * kw}, 2), {o, c, kh, kw});
    }
    for (int64_t i = 0; i < kh; ++i)
      for (int64_t j = 0; j < kw; ++j) {
        Value perImage = g.sum(g.mul(tap(i, j), dt), {1, 2}, false); // [N, C]
        taps.push_back(g.reshape(perImage, {n, 1, c}));
      }
    // [KH * KW, C]
    Value total = g.sum(stack(taps, {n, kh * kw, c}, 1), {0}, false);
    return g.reshape(g.transpose(total, {1, 0}), {c, 1, kh, kw});
  }

  Value xg = g.reshape(x, {n, groups, cg, xShape[2], xShape[3]});
  xg = g.transpose(xg, {2, 1, 0, 3, 4});
  xg = g.reshape(xg, {cg, groups * n, xShape[2], xShape[3]});
  Value dg = g.reshape(dacc, {n, groups, og, yShape[2], yShape[3]});
  dg = g.transpose(dg, {1, 2, 0, 3, 4});
  dg = g.reshape(dg, {o, n, yShape[2], yShape[3]});
  int64_t khFull =
      (xShape[2] + p[0] + p[2] - s[0] * (yShape[2] - 1) - 1) / d[0] + 1;
  int64_t kwFull =
      (xShape[3] + p[1] + p[3] - s[1] * (yShape[3] - 1) - 1) / d[1] + 1;
  Value dw = Conv2DOp::create(
      b, g.loc, g.tensorType({cg, o, khFull, kwFull}), xg, dg, Value(), Value(),
      FloatAttr(), FloatAttr(), FloatAttr(), b.getDenseI64ArrayAttr(d),
      b.getDenseI64ArrayAttr(s), b.getDenseI64ArrayAttr(p),
      b.getI64IntegerAttr(groups),
      LayoutAttr::get(b.getContext(), Layout::NCHW), RequantAttr());
  if (khFull != kh || kwFull != kw)
    dw = SliceOp::create(b, g.loc, g.tensorType({cg, o, kh, kw}), dw,
                         ArrayRef<int64_t>{0, 0, 0, 0},
                         ArrayRef<int64_t>{1, 1, 1, 1});
  return g.transpose(dw, {1, 0, 2, 3});
}

/// y = conv2d(x, W) (+ epilogue), NCHW. The data gradient is the transposed
/// convolution of dacc with the same W, strides, dilations, pads and groups
/// (its output_padding restores the rows the forward's last window left).
/// The weight gradient: convWeightGrad.
QC_VJP(Conv2DOp) {
  if (failed(requireFloatNCHW(*this, getLayout())))
    return failure();
  GradBuilder g(b, *this);
  auto contraction = cast<ContractionOpInterface>(getOperation());
  FailureOr<Value> dacc = epilogueGrad(g, contraction, dy);
  if (failed(dacc))
    return failure();
  Value x = getInput(), w = getFilter();
  ArrayRef<int64_t> xShape = g.shapeOf(x), wShape = g.shapeOf(w),
                    yShape = g.shapeOf(dy);
  ArrayRef<int64_t> s = getStrides(), d = getDilations(), p = getPads();
  int64_t groups = getGroups();
  int64_t n = xShape[0], c = xShape[1], o = wShape[0];
  int64_t kh = wShape[2], kw = wShape[3], cg = c / groups, og = o / groups;

  // Data: the transposed convolution.
  SmallVector<int64_t> outPad =
      restoringOutputPadding(xShape, yShape, wShape.drop_front(2), s, d, p);
  grads.push_back(ConvTranspose2DOp::create(b, g.loc, x.getType(), *dacc, w,
                                            Value(), s, d, p, outPad, groups));

  // Weights.
  grads.push_back(convWeightGrad(g, x, *dacc, wShape, s, d, p, groups));
  biasResidualGrads(g, contraction, *dacc, 1, grads);
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// The bottom/right pad that makes every window of a pool fit (ceil_mode's
/// last window may reach past the explicit pad).
static int64_t fittingPad(int64_t size, int64_t out, int64_t stride,
                          int64_t extent, int64_t padLo, int64_t padHi) {
  return std::max(padHi, (out - 1) * stride + extent - size - padLo);
}

/// avg_pool2d: each window spreads dy / count over its elements, a
/// depthwise transposed convolution of dy / count with a filter of ones.
QC_VJP(AvgPool2DOp) {
  if (failed(requireFloatNCHW(*this, getLayout())))
    return failure();
  GradBuilder g(b, *this);
  ArrayRef<int64_t> x = g.shapeOf(getInput()), y = g.shapeOf(dy);
  ArrayRef<int64_t> k = getKernel(), s = getStrides(), p = getPads();
  std::vector<int64_t> counts =
      poolWindowCounts(x[2], x[3], y[2], y[3], k, s, p, getCountIncludePad());
  std::vector<double> inverse(counts.begin(), counts.end());
  for (double &c : inverse)
    c = 1.0 / c;
  RankedTensorType countType = g.tensorType({y[2], y[3]});
  SmallVector<Attribute> values;
  for (double v : inverse)
    values.push_back(b.getFloatAttr(g.elementType, v));
  Value scale =
      ConstantOp::create(b, g.loc, DenseElementsAttr::get(countType, values));
  Value d = g.mul(dy, scale);
  SmallVector<int64_t> pads{p[0], p[1],
                            fittingPad(x[2], y[2], s[0], k[0], p[0], p[2]),
                            fittingPad(x[3], y[3], s[1], k[1], p[1], p[3])};
  SmallVector<int64_t> outPad =
      restoringOutputPadding(x, y, k, s, ArrayRef<int64_t>{1, 1}, pads);
  Value ones = g.constant(1.0, {x[1], 1, k[0], k[1]});
  grads.push_back(ConvTranspose2DOp::create(
      b, g.loc, getInput().getType(), d, ones, Value(), s,
      ArrayRef<int64_t>{1, 1}, pads, outPad, x[1]));
  return success();
}

/// max_pool2d: per kernel offset (row-major, as PyTorch scans a window),
/// the window's element at that offset is a strided slice of the padded
/// input; the first offset equal to the window's maximum takes dy, which
/// the slice's VJP scatters back.
QC_VJP(MaxPool2DOp) {
  if (failed(requireFloatNCHW(*this, getLayout())))
    return failure();
  GradBuilder g(b, *this);
  Value x = getInput();
  ArrayRef<int64_t> xs = g.shapeOf(x), ys = g.shapeOf(dy);
  ArrayRef<int64_t> k = getKernel(), s = getStrides(), p = getPads();
  SmallVector<int64_t> d{1, 1};
  if (std::optional<ArrayRef<int64_t>> dil = getDilations())
    d.assign(dil->begin(), dil->end());
  int64_t bottom =
      fittingPad(xs[2], ys[2], s[0], d[0] * (k[0] - 1) + 1, p[0], p[2]);
  int64_t right =
      fittingPad(xs[3], ys[3], s[1], d[1] * (k[1] - 1) + 1, p[1], p[3]);
  SmallVector<int64_t> padded{xs[0], xs[1], xs[2] + p[0] + bottom,
                              xs[3] + p[1] + right};
  auto padOp = PadOp::create(
      b, g.loc, g.tensorType(padded), x,
      ArrayRef<int64_t>{0, 0, p[0], p[1], 0, 0, bottom, right},
      PadMode::Constant, APFloat::getInf(APFloat::IEEEsingle(), true));
  Value y = getResult(), zero = g.constant(0.0);
  Value remaining = dy, sum;
  for (int64_t i = 0; i < k[0]; ++i) {
    for (int64_t j = 0; j < k[1]; ++j) {
      auto slice = SliceOp::create(b, g.loc, dy.getType(), padOp,
                                   ArrayRef<int64_t>{0, 0, i * d[0], j * d[1]},
                                   ArrayRef<int64_t>{1, 1, s[0], s[1]});
      Value hit = g.compare(ComparePredicate::EQ, slice, y);
      Value taken = g.select(hit, remaining, zero);
      remaining = g.select(hit, zero, remaining);
      SmallVector<Value> scattered;
      if (failed(slice.buildVJP(b, taken, scattered)))
        return failure();
      sum = sum ? g.add(sum, scattered[0]) : scattered[0];
    }
  }
  SmallVector<Value> unpadded;
  if (failed(padOp.buildVJP(b, sum, unpadded)))
    return failure();
  grads.push_back(unpadded[0]);
  return success();
}
