//===- Integerize.cpp - Dyadic rewriting to integer-only ops --------------===//
//
// Part of the quantc project.
//
// The rewrite of docs/quantization.md, op by op in program order (so every
// operand already has its integer type when its user is rewritten).
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Passes.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Quantization/Dyadic.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

#include <cmath>
#include <limits>

namespace mlir::qc {
#define GEN_PASS_DEF_INTEGERIZE
#define GEN_PASS_DEF_ADDQUANTIZEDENTRY
#include "quantc/Quantization/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;
using namespace quantc;

namespace {

/// Scale and zero point of a per-tensor quantized value.
struct Params {
  double scale = 1;
  int64_t zp = 0;
  int64_t qmin = 0, qmax = 255;
  Type storage;
};

std::optional<Params> paramsOf(Type t) {
  auto q = dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(t));
  if (!q)
    return std::nullopt;
  Params p;
  p.scale = q.getScale();
  p.zp = q.getZeroPoint();
  p.qmin = q.getStorageTypeMin();
  p.qmax = q.getStorageTypeMax();
  unsigned w = q.getStorageTypeIntegralWidth();
  p.storage = q.isSigned()
                  ? IntegerType::get(t.getContext(), w)
                  : IntegerType::get(t.getContext(), w, IntegerType::Unsigned);
  return p;
}

/// The storage (integer) type of a quantized tensor type.
Type storageTypeOf(Type t) {
  auto ranked = dyn_cast<RankedTensorType>(t);
  if (!ranked)
    return t;
  auto q = dyn_cast<quant::QuantizedType>(ranked.getElementType());
  if (!q)
    return t;
  unsigned w = q.getStorageTypeIntegralWidth();
  Type e = q.isSigned() ? IntegerType::get(t.getContext(), w)
                        : IntegerType::get(t.getContext(), w,
                                           IntegerType::Unsigned);
  return RankedTensorType::get(ranked.getShape(), e);
}

/// The code of real value v: zp + round(v / s), clamped to the storage.
int64_t codeOf(const Params &p, double v) {
  double q = p.zp + std::nearbyint(v / p.scale);
  return (int64_t)std::clamp(q, (double)p.qmin, (double)p.qmax);
}

/// Storage values and per-axis scales and zero points behind a quant.scast
/// of a constant.
struct QuantConstant {
  std::vector<int64_t> values;
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1; // the quantized dimension of a per-axis type
  bool isUnsigned8 = false;
  RankedTensorType storageType;
  Value storage;
};

std::optional<QuantConstant> quantConstant(Value v) {
  auto scast = v.getDefiningOp<quant::StorageCastOp>();
  if (!scast)
    return std::nullopt;
  ElementsAttr attr = getConstantTensor(scast.getInput());
  if (!attr)
    return std::nullopt;
  QuantConstant c;
  auto vals = getValuesAsInt(attr);
  if (!vals)
    return std::nullopt;
  c.values = *vals;
  c.storage = scast.getInput();
  c.storageType = cast<RankedTensorType>(scast.getInput().getType());
  Type e = getElementTypeOrSelf(scast.getType());
  if (auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(e)) {
    c.scales.assign(pa.getScales().begin(), pa.getScales().end());
    c.zeroPoints.assign(pa.getZeroPoints().begin(), pa.getZeroPoints().end());
    c.axis = pa.getQuantizedDimension();
  } else if (auto u = dyn_cast<quant::UniformQuantizedType>(e)) {
    c.scales = {u.getScale()};
    c.zeroPoints = {u.getZeroPoint()};
  }
  if (auto q = dyn_cast<quant::QuantizedType>(e))
    c.isUnsigned8 = !q.isSigned() && q.getStorageTypeIntegralWidth() == 8;
  return c;
}

/// The real values s (q - z) of a quantized constant, row-major.
std::vector<double> realValues(const QuantConstant &c) {
  ArrayRef<int64_t> shape = c.storageType.getShape();
  // Elements per index of the quantized dimension.
  int64_t inner = c.axis < 0 ? 1 : computeStrides(shape)[c.axis];
  std::vector<double> out;
  for (size_t i = 0; i < c.values.size(); ++i) {
    size_t k = c.axis < 0 ? 0 : (i / inner) % shape[c.axis];
    int64_t q = c.isUnsigned8 ? (c.values[i] & 0xFF) : c.values[i];
    out.push_back(c.scales[k] * (double)(q - c.zeroPoints[k]));
  }
  return out;
}

/// The #qc.requant of `op` (for its diagnostics). Fails, naming the node,
/// when a factor cannot be written m / 2^k with k >= 0 (M >= 2^31).
FailureOr<RequantAttr> makeRequant(Operation *op, ArrayRef<double> factors,
                                   std::optional<double> leakyAlpha,
                                   std::optional<double> residualFactor,
                                   int64_t inputZp, int64_t outputZp,
                                   int64_t lo, int64_t hi,
                                   int64_t residualZp) {
  MLIRContext *ctx = op->getContext();
  std::vector<double> all(factors.begin(), factors.end());
  if (leakyAlpha)
    for (double f : factors)
      all.push_back(std::fabs(*leakyAlpha) * f);
  if (residualFactor)
    all.push_back(std::fabs(*residualFactor));
  for (double f : all)
    if (!std::isfinite(f) || std::fabs(f) >= 2147483648.0)
      return op->emitError()
             << op->getName() << ": rescale factor " << f
             << " is too large for a 31-bit multiplier (the output's "
                "calibrated range is degenerate next to its inputs')";
  int32_t k = dyadicShift(all);
  SmallVector<int32_t> m, mneg;
  for (double f : factors) {
    m.push_back(dyadicMultiplier(f, k));
    if (leakyAlpha)
      mneg.push_back(dyadicMultiplier(*leakyAlpha * f, k));
  }
  int64_t mr = residualFactor ? dyadicMultiplier(*residualFactor, k) : 0;
  return RequantAttr::get(
      ctx, DenseI32ArrayAttr::get(ctx, m),
      leakyAlpha ? DenseI32ArrayAttr::get(ctx, mneg) : DenseI32ArrayAttr(), k,
      inputZp, outputZp, lo, hi, mr, residualZp);
}

struct IntegerizePass : public qc::impl::IntegerizeBase<IntegerizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : module.getOps<func::FuncOp>())
      if (failed(integerize(func)))
        return signalPassFailure();
  }

  LogicalResult integerize(func::FuncOp func) {
    MLIRContext *ctx = &getContext();
    Block &body = func.getBody().front();
    OpBuilder b(ctx);
    SmallVector<Operation *> dead;

    for (Operation &opRef : llvm::make_early_inc_range(body)) {
      Operation *op = &opRef;
      b.setInsertionPoint(op);
      if (auto q = dyn_cast<quant::QuantizeCastOp>(op)) {
        if (!paramsOf(q.getType()))
          return q.emitError("quantc-integerize: the boundary quantization "
                             "must be per tensor (one scale and zero point)");
        Params p = *paramsOf(q.getType());
        Value r = QuantizeOp::create(b, op->getLoc(), storageTypeOf(q.getType()),
                                     q.getInput(), b.getF64FloatAttr(p.scale),
                                     b.getI64IntegerAttr(p.zp));
        residualParams[r] = p;
        q.getResult().replaceAllUsesWith(r);
        op->erase();
        continue;
      }
      if (auto d = dyn_cast<quant::DequantizeCastOp>(op)) {
        if (!paramsOfValue(d.getInput()))
          return d.emitError("quantc-integerize: the boundary dequantization "
                             "must be per tensor (one scale and zero point)");
        Params p = *paramsOfValue(d.getInput());
        Value r = DequantizeOp::create(b, op->getLoc(), d.getType(),
                                       d.getInput(), b.getF64FloatAttr(p.scale),
                                       b.getI64IntegerAttr(p.zp));
        d.getResult().replaceAllUsesWith(r);
        op->erase();
        continue;
      }
      if (isa<quant::StorageCastOp>(op)) {
        dead.push_back(op); // read by its users below
        continue;
      }
      if (isa<ConstantOp, func::ReturnOp>(op))
        continue;
      if (op->getNumResults() != 1 || !paramsOf(op->getResult(0).getType()))
        continue;
      LogicalResult result = success();
      if (auto c = dyn_cast<ContractionOpInterface>(op))
        result = contraction(b, c);
      else if (isa<AddOp, SubOp>(op))
        result = addSub(b, op);
      else if (auto m = dyn_cast<MulOp>(op))
        result = mul(b, m);
      else if (auto pool = dyn_cast<AvgPool2DOp>(op))
        result = avgPool(b, pool);
      else if (auto mean = dyn_cast<ReduceMeanOp>(op))
        result = reduceMean(b, mean);
      else if (auto clamp = dyn_cast<ClampOp>(op))
        result = this->clamp(b, clamp);
      else if (auto leaky = dyn_cast<LeakyReluOp>(op))
        result = leakyRelu(b, leaky);
      else if (auto pad = dyn_cast<PadOp>(op))
        result = this->pad(b, pad);
      else if (auto concat = dyn_cast<ConcatOp>(op))
        result = this->concat(b, concat);
      else if (auto fn = dyn_cast<TabulatedOpInterface>(op))
        result = table(b, fn);
      else if (op->hasTrait<OpTrait::qc::KeepsQuantParams>())
        setStorageResult(op); // after clamp and pad, which rewrite codes
      else
        result = op->emitError() << op->getName()
                                 << ": unimplemented: an integer-only form "
                                    "of this op";
      if (failed(result))
        return failure();
    }
    for (Operation *op : dead)
      if (op->use_empty())
        op->erase();
    return success();
  }

  /// conv2d / matmul: u8 x s8 -> s32 with the zero point folded into the
  /// bias and a requantization.
  LogicalResult contraction(OpBuilder &b, ContractionOpInterface c) {
    Operation *op = c;
    MLIRContext *ctx = op->getContext();
    Value input = c.getActivation(), bias = c.getBias(),
          residual = c.getResidual();
    std::optional<Params> in = paramsOfValue(input);
    std::optional<Params> out = paramsOf(op->getResult(0).getType());
    std::optional<QuantConstant> w = quantConstant(c.getWeights());
    if (!in || !out || !w)
      return op->emitError() << op->getName()
                             << ": expected quantized input and constant "
                                "quantized weights";
    ArrayRef<int64_t> wShape = w->storageType.getShape();
    int64_t rank = wShape.size();
    int64_t axis = c.getWeightChannelDim();
    // A matrix-vector product (1-d rhs) has a single output channel.
    bool single = axis < 0;
    int64_t channels = c.getNumOutputChannels();
    int64_t inner = single ? std::max<int64_t>(w->storageType.getNumElements(), 1)
                           : computeStrides(wShape)[axis];
    // The row sums below read filters [O, ...] or matrices [K, N].
    if (rank > 2 && axis != 0)
      return op->emitError() << op->getName()
                             << ": unimplemented: integer-only code for "
                                "batched constant weights";
    // bias'[o] = bias_q[o] - z_in * sum_k w[o, k]
    std::vector<int64_t> rowSum(channels, 0);
    for (size_t i = 0; i < w->values.size(); ++i)
      rowSum[(i / inner) % channels] += w->values[i];
    std::vector<int64_t> newBias(channels, 0);
    if (bias) {
      std::optional<QuantConstant> bq = quantConstant(bias);
      if (!bq)
        return op->emitError() << op->getName()
                               << ": expected a constant quantized bias";
      newBias = bq->values;
    }
    for (int64_t o = 0; o < channels; ++o) {
      int64_t v = newBias[o] - in->zp * rowSum[o];
      if (v < INT32_MIN || v > INT32_MAX)
        return op->emitError() << op->getName() << ": bias of channel " << o
                               << " overflows 32 bits";
      newBias[o] = v;
    }
    auto biasType = RankedTensorType::get({channels}, b.getI32Type());
    Value biasV = ConstantOp::create(
        b, op->getLoc(), makeElementsAttrFromInts(biasType, newBias, "ibias"));

    std::vector<double> factors(channels);
    for (int64_t o = 0; o < channels; ++o)
      factors[o] = in->scale * w->scales[w->scales.size() == 1 ? 0 : o] /
                   out->scale;
    std::optional<double> alpha;
    if (FloatAttr a = c.getLeakyAlphaAttr())
      alpha = a.getValueAsDouble();
    std::optional<double> residualFactor;
    int64_t residualZp = 0;
    if (residual) {
      std::optional<Params> r = paramsOfValue(residual);
      if (!r)
        return op->emitError() << op->getName()
                               << ": residual input is not quantized";
      residualFactor = r->scale / out->scale;
      residualZp = r->zp;
    }
    int64_t lo = out->qmin, hi = out->qmax;
    if (FloatAttr m = c.getClampMinAttr())
      lo = std::max(lo, codeOf(*out, m.getValueAsDouble()));
    if (FloatAttr m = c.getClampMaxAttr())
      hi = std::min(hi, codeOf(*out, m.getValueAsDouble()));
    FailureOr<RequantAttr> requant = makeRequant(
        op, factors, alpha, residualFactor, 0, out->zp, lo, std::max(lo, hi),
        residualZp);
    if (failed(requant))
      return failure();
    RequantAttr rq = *requant;

    // Padding with the input zero point (real 0), explicitly.
    if (auto conv = dyn_cast<Conv2DOp>(op)) {
      if (in->zp != 0 && llvm::any_of(conv.getPads(), [](int64_t p) {
            return p != 0;
          })) {
        auto t = cast<RankedTensorType>(conv.getInput().getType());
        LayoutDims d = getLayoutDims(conv.getLayout());
        ArrayRef<int64_t> p = conv.getPads();
        SmallVector<int64_t> pads(8, 0), shape(t.getShape());
        pads[d.h] = p[0];
        pads[d.w] = p[1];
        pads[4 + d.h] = p[2];
        pads[4 + d.w] = p[3];
        shape[d.h] += p[0] + p[2];
        shape[d.w] += p[1] + p[3];
        Value padded = PadOp::create(
            b, op->getLoc(), RankedTensorType::get(shape, t.getElementType()),
            conv.getInput(), b.getDenseI64ArrayAttr(pads),
            PadModeAttr::get(ctx, PadMode::Constant),
            b.getF32FloatAttr((float)in->zp));
        conv.getInputMutable().assign(padded);
        conv.setPadsAttr(b.getDenseI64ArrayAttr({0, 0, 0, 0}));
      }
    }
    // Rewrite in place: storage operands, integer epilogue.
    c.getWeightsMutable().assign(w->storage);
    if (bias)
      c.getBiasMutable().assign(biasV);
    else
      c.getBiasMutable().append(biasV);
    c.removeFloatActivation();
    c.setRequantAttr(rq);
    setStorageResult(op);
    return success();
  }

  /// Records the parameters of a value before its type becomes storage, for
  /// users rewritten later.
  void setStorageResult(Operation *op) {
    Value v = op->getResult(0);
    if (std::optional<Params> p = paramsOf(v.getType()))
      residualParams[v] = *p;
    v.setType(storageTypeOf(v.getType()));
  }

  std::optional<Params> paramsOfValue(Value v) {
    if (std::optional<Params> p = paramsOf(v.getType()))
      return p;
    auto it = residualParams.find(v);
    if (it != residualParams.end())
      return it->second;
    return std::nullopt;
  }

  /// A quantized constant operand (quant.scast of its codes) is read as a
  /// constant of the storage type; other values as they are.
  Value storageOperand(OpBuilder &b, Value v) {
    std::optional<QuantConstant> c = quantConstant(v);
    if (!c)
      return v;
    auto type = cast<RankedTensorType>(storageTypeOf(v.getType()));
    std::vector<int64_t> codes = c->values;
    if (type.getElementType().isUnsignedInteger(8))
      for (int64_t &q : codes)
        q &= 0xFF;
    return ConstantOp::create(
        b, v.getLoc(), makeElementsAttrFromInts(type, codes, "qconstant"));
  }

  /// The product of `x` (the result's shape) with constant real values `c`
  /// (of shape `cShape`, broadcast) that vary only along their dimension
  /// `axis` (-1: not at all), as one rescale with a multiplier per index of
  /// that dimension.
  LogicalResult foldFactor(OpBuilder &b, MulOp op, Value x, ArrayRef<double> c,
                           ArrayRef<int64_t> cShape, int64_t axis,
                           const Params &pa, const Params &out) {
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    std::vector<double> factors;
    int64_t inner = axis < 0 ? 1 : computeStrides(cShape)[axis];
    for (int64_t i = 0; i < (axis < 0 ? 1 : cShape[axis]); ++i)
      factors.push_back(pa.scale * c[i * inner] / out.scale);
    FailureOr<RequantAttr> rq =
        makeRequant(op, factors, std::nullopt, std::nullopt, pa.zp, out.zp,
                    out.qmin, out.qmax, 0);
    if (failed(rq))
      return failure();
    // The varying dimension as one of the result's, moved last if needed.
    int64_t dim = axis < 0 ? rank - 1 : axis + rank - (int64_t)cShape.size();
    SmallVector<int64_t> perm;
    for (int64_t d = 0; d < rank; ++d)
      if (d != dim)
        perm.push_back(d);
    perm.push_back(dim);
    Type storage = getElementTypeOrSelf(storageTypeOf(resultType));
    bool moved = rank > 0 && dim != rank - 1;
    if (moved)
      x = TransposeOp::create(b, op.getLoc(), x, perm);
    Value r = RescaleOp::create(
        b, op.getLoc(),
        RankedTensorType::get(cast<RankedTensorType>(x.getType()).getShape(),
                              storage),
        x, Value(), *rq);
    if (moved)
      r = TransposeOp::create(b, op.getLoc(), r, invertPermutationVector(perm));
    residualParams[r] = out;
    op.getResult().replaceAllUsesWith(r);
    op.erase();
    return success();
  }

  /// mul(a, b) = rescale_mul(a, b): y = z + ((a - za)(b - zb) m) >> k with
  /// m / 2^k = s_a s_b / s_y; the operand of the result's shape goes first
  /// (the other broadcasts). A constant b that varies along at most one
  /// dimension is no product of codes: foldFactor.
  LogicalResult mul(OpBuilder &b, MulOp op) {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto resultType = cast<RankedTensorType>(op.getType());
    // The operand of the result's shape first, the activation when both
    // are (the constant factor second).
    if (cast<RankedTensorType>(lhs.getType()).getShape() !=
            resultType.getShape() ||
        (quantConstant(lhs) && !quantConstant(rhs) &&
         cast<RankedTensorType>(rhs.getType()).getShape() ==
             resultType.getShape()))
      std::swap(lhs, rhs);
    if (cast<RankedTensorType>(lhs.getType()).getShape() !=
        resultType.getShape())
      return op.emitError()
             << "qc.mul: unimplemented: an integer-only product where neither "
                "operand has the result's shape "
             << resultType << "";
    std::optional<Params> pa = paramsOfValue(lhs), out = paramsOf(resultType);
    // A constant factor c that varies along at most one dimension folds
    // into per-channel multipliers: y = z + ((a - za) m_c) >> k with
    // m_c / 2^k = s_a c / s_y, along the last dimension (the rescale's
    // channels; another dimension is transposed there and back).
    if (std::optional<QuantConstant> k = quantConstant(rhs); k && pa && out) {
      std::vector<double> c = realValues(*k);
      ArrayRef<int64_t> kShape = k->storageType.getShape();
      if (std::optional<int64_t> axis = varyingAxis(c, kShape))
        return foldFactor(b, op, storageOperand(b, lhs), c, kShape, *axis, *pa,
                          *out);
    }
    std::optional<Params> pb = paramsOfValue(rhs);
    if (!pa || !pb || !out)
      return op.emitError("qc.mul: unquantized operand");
    FailureOr<RequantAttr> rq =
        makeRequant(op, {pa->scale * pb->scale / out->scale}, std::nullopt,
                    std::nullopt, 0, out->zp, out->qmin, out->qmax, 0);
    if (failed(rq))
      return failure();
    Value r = RescaleMulOp::create(
        b, op.getLoc(), storageTypeOf(resultType), storageOperand(b, lhs),
        storageOperand(b, rhs), b.getI64IntegerAttr(pa->zp),
        b.getI64IntegerAttr(pb->zp), *rq);
    residualParams[r] = *out;
    op.getResult().replaceAllUsesWith(r);
    op.erase();
    return success();
  }

  /// add/sub(a, b) = rescale(a, b): y = z + ((a - za) ma +- (b - zb) mb) >> k.
  LogicalResult addSub(OpBuilder &b, Operation *op) {
    Value lhs = op->getOperand(0), rhs = op->getOperand(1);
    // The rescale broadcasts its addend: a constant goes there (c - x is
    // -x + c).
    double lhsSign = 1.0, rhsSign = isa<SubOp>(op) ? -1.0 : 1.0;
    if (quantConstant(lhs) && !quantConstant(rhs) &&
        cast<RankedTensorType>(rhs.getType()).getShape() ==
            cast<RankedTensorType>(op->getResult(0).getType()).getShape()) {
      std::swap(lhs, rhs);
      std::swap(lhsSign, rhsSign);
    }
    std::optional<Params> pa = paramsOfValue(lhs), pb = paramsOfValue(rhs),
                          out = paramsOf(op->getResult(0).getType());
    if (!pa || !pb || !out)
      return op->emitError() << op->getName() << ": unquantized operand";
    lhs = storageOperand(b, lhs);
    rhs = storageOperand(b, rhs);
    FailureOr<RequantAttr> rq =
        makeRequant(op, {lhsSign * pa->scale / out->scale}, std::nullopt,
                    rhsSign * pb->scale / out->scale, pa->zp, out->zp,
                    out->qmin, out->qmax, pb->zp);
    if (failed(rq))
      return failure();
    if (rq->getResidualMultiplier() == 0)
      return op->emitError()
             << op->getName() << ": the second operand's rescale factor "
             << pb->scale / out->scale << " rounds to 0 next to the first's "
             << pa->scale / out->scale << " (inconsistent calibrated ranges)";
    Value r = RescaleOp::create(b, op->getLoc(),
                                storageTypeOf(op->getResult(0).getType()), lhs,
                                rhs, *rq);
    // Users rewritten later read the parameters of the rescale, which
    // replaces the add.
    residualParams[r] = *out;
    op->getResult(0).replaceAllUsesWith(r);
    op->erase();
    return success();
  }

  /// The parameters of `op`'s first operand (`in`) and of its result
  /// (`out`); an error names the op when either is not quantized.
  LogicalResult unaryParams(Operation *op, std::optional<Params> &in,
                            std::optional<Params> &out) {
    in = paramsOfValue(op->getOperand(0));
    out = paramsOf(op->getResult(0).getType());
    if (!in || !out)
      return op->emitError() << op->getName() << ": unquantized operand";
    return success();
  }

  /// Integerizes an average in place: its requantization multiplies the
  /// window sum by `factors` (one, or one per position).
  template <typename OpTy>
  LogicalResult requantInPlace(OpTy op, ArrayRef<double> factors,
                               const Params &in, const Params &out) {
    FailureOr<RequantAttr> rq =
        makeRequant(op, factors, std::nullopt, std::nullopt, in.zp, out.zp,
                    out.qmin, out.qmax, 0);
    if (failed(rq))
      return failure();
    op.setRequantAttr(*rq);
    setStorageResult(op);
    return success();
  }

  LogicalResult avgPool(OpBuilder &b, AvgPool2DOp pool) {
    std::optional<Params> in, out;
    if (failed(unaryParams(pool, in, out)))
      return failure();
    auto inType = cast<RankedTensorType>(pool.getInput().getType());
    auto outType = cast<RankedTensorType>(pool.getType());
    LayoutDims d = getLayoutDims(pool.getLayout());
    std::vector<int64_t> counts = poolWindowCounts(
        inType.getDimSize(d.h), inType.getDimSize(d.w), outType.getDimSize(d.h),
        outType.getDimSize(d.w), pool.getKernel(), pool.getStrides(),
        pool.getPads(), pool.getCountIncludePad());
    bool uniform = llvm::all_equal(counts);
    std::vector<double> factors;
    for (int64_t c : counts)
      factors.push_back(c ? in->scale / (out->scale * c) : 0.0);
    if (uniform)
      factors.resize(1);
    return requantInPlace(pool, factors, *in, *out);
  }

  LogicalResult reduceMean(OpBuilder &b, ReduceMeanOp mean) {
    std::optional<Params> in, out;
    if (failed(unaryParams(mean, in, out)))
      return failure();
    auto inType = cast<RankedTensorType>(mean.getInput().getType());
    int64_t count = 1;
    for (int64_t a : mean.getAxes())
      count *= inType.getDimSize(a);
    return requantInPlace(mean, {in->scale / (out->scale * count)}, *in, *out);
  }

  /// Clamp on codes: the bounds become codes of the same parameters.
  /// A leaky ReLU that no contraction absorbed: one rescale, whose
  /// negative inputs take the multiplier times alpha.
  LogicalResult leakyRelu(OpBuilder &b, LeakyReluOp op) {
    std::optional<Params> in, out;
    if (failed(unaryParams(op, in, out)))
      return failure();
    FailureOr<RequantAttr> rq = makeRequant(
        op, {in->scale / out->scale}, op.getAlpha().convertToDouble(),
        std::nullopt, in->zp, out->zp, out->qmin, out->qmax, 0);
    if (failed(rq))
      return failure();
    Value r = RescaleOp::create(b, op.getLoc(), storageTypeOf(op.getType()),
                                op.getInput(), Value(), *rq);
    residualParams[r] = *out;
    op.getResult().replaceAllUsesWith(r);
    op->erase();
    return success();
  }

  /// The parameters of `op`'s result; an error names the op when it is
  /// not quantized.
  FailureOr<Params> resultParams(Operation *op) {
    if (std::optional<Params> p = paramsOf(op->getResult(0).getType()))
      return *p;
    return op->emitError() << op->getName() << ": unquantized result";
  }

  LogicalResult clamp(OpBuilder &b, ClampOp op) {
    FailureOr<Params> p = resultParams(op);
    if (failed(p))
      return failure();
    if (auto m = op.getMin())
      op.setMinAttr(b.getF32FloatAttr(codeOf(*p, m->convertToDouble())));
    if (auto m = op.getMax())
      op.setMaxAttr(b.getF32FloatAttr(codeOf(*p, m->convertToDouble())));
    setStorageResult(op);
    return success();
  }

  LogicalResult pad(OpBuilder &b, PadOp op) {
    FailureOr<Params> p = resultParams(op);
    if (failed(p))
      return failure();
    op.setValueAttr(
        b.getF32FloatAttr(codeOf(*p, op.getValue().convertToDouble())));
    setStorageResult(op);
    return success();
  }

  /// Inputs at other scales are rescaled to the output's first.
  LogicalResult concat(OpBuilder &b, ConcatOp op) {
    FailureOr<Params> out = resultParams(op);
    if (failed(out))
      return failure();
    for (OpOperand &operand : op->getOpOperands()) {
      std::optional<Params> in = paramsOfValue(operand.get());
      if (!in)
        return op.emitError("qc.concat: unquantized operand");
      if (in->scale == out->scale && in->zp == out->zp)
        continue;
      FailureOr<RequantAttr> rq =
          makeRequant(op, {in->scale / out->scale}, std::nullopt, std::nullopt,
                      in->zp, out->zp, out->qmin, out->qmax, 0);
      if (failed(rq))
        return failure();
      auto t = cast<RankedTensorType>(operand.get().getType());
      operand.set(RescaleOp::create(
          b, op.getLoc(), RankedTensorType::get(t.getShape(), out->storage),
          operand.get(), Value(), *rq));
    }
    setStorageResult(op);
    return success();
  }

  /// An elementwise function of one input: a 256-entry table of output
  /// codes, one per input code (round half to even, clamped).
  LogicalResult table(OpBuilder &b, TabulatedOpInterface fn) {
    Operation *op = fn;
    std::optional<Params> in, out;
    if (failed(unaryParams(op, in, out)))
      return failure();
    if (in->storage.getIntOrFloatBitWidth() != 8 ||
        !in->storage.isUnsignedInteger() ||
        out->storage.getIntOrFloatBitWidth() != 8)
      return op->emitError() << op->getName()
                             << ": a lookup table needs 8-bit codes";
    std::vector<int64_t> codes(256);
    for (int64_t q = 0; q < 256; ++q) {
      double y = fn.evaluate(in->scale * double(q - in->zp));
      if (std::isnan(y))
        return op->emitError()
               << op->getName() << ": undefined at input code " << q
               << " (value " << in->scale * double(q - in->zp)
               << "), inside the calibrated input range";
      codes[q] = codeOf(*out, y);
    }
    auto tableType = RankedTensorType::get({256}, out->storage);
    Value t = ConstantOp::create(
        b, op->getLoc(), makeElementsAttrFromInts(tableType, codes, "table"));
    Value r = TableOp::create(b, op->getLoc(),
                              storageTypeOf(op->getResult(0).getType()),
                              op->getOperand(0), t);
    residualParams[r] = *out;
    op->getResult(0).replaceAllUsesWith(r);
    op->erase();
    return success();
  }

  /// Parameters of values whose type already became storage.
  DenseMap<Value, Params> residualParams;
};

/// @main_quantized: @main without its boundary quantize/dequantize.
struct AddQuantizedEntryPass
    : public qc::impl::AddQuantizedEntryBase<AddQuantizedEntryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto main = module.lookupSymbol<func::FuncOp>("main");
    if (!main || module.lookupSymbol("main_quantized"))
      return;
    Block &mainBody = main.getBody().front();
    auto mainRet = cast<func::ReturnOp>(mainBody.getTerminator());
    // The boundary: a qc.quantize as the only use of an argument, a
    // qc.dequantize producing a result.
    SmallVector<QuantizeOp> quantizes;
    for (BlockArgument arg : mainBody.getArguments())
      quantizes.push_back(arg.hasOneUse()
                              ? dyn_cast<QuantizeOp>(*arg.getUsers().begin())
                              : QuantizeOp());
    SmallVector<DequantizeOp> dequantizes;
    for (Value v : mainRet.getOperands())
      dequantizes.push_back(v.getDefiningOp<DequantizeOp>());

    // @main_quantized: the body without the boundary.
    auto q = cast<func::FuncOp>(main->clone());
    q.setSymName("main_quantized");
    module.push_back(q);
    Block &body = q.getBody().front();
    for (auto [arg, quantize] : llvm::zip(body.getArguments(), quantizes)) {
      if (!quantize)
        continue;
      auto clone = cast<QuantizeOp>(*arg.getUsers().begin());
      arg.setType(clone.getType());
      clone.getResult().replaceAllUsesWith(arg);
      clone.erase();
    }
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (auto [operand, dequantize] :
         llvm::zip(ret->getOpOperands(), dequantizes))
      if (dequantize) {
        auto clone = operand.get().getDefiningOp<DequantizeOp>();
        operand.set(clone.getInput());
        if (clone->use_empty())
          clone.erase();
      }
    q.setType(FunctionType::get(&getContext(), body.getArgumentTypes(),
                                ret.getOperandTypes()));

    // @main: quantize the inputs, call @main_quantized, dequantize the
    // outputs. The model body exists once, free of float arithmetic; the
    // boundary is the only float code of the artifact.
    SmallVector<Operation *> old;
    for (Operation &op : mainBody)
      old.push_back(&op);
    OpBuilder b = OpBuilder::atBlockEnd(&mainBody);
    SmallVector<Value> operands;
    for (auto [arg, quantize] : llvm::zip(mainBody.getArguments(), quantizes))
      operands.push_back(quantize ? b.clone(*quantize)->getResult(0)
                                  : (Value)arg);
    auto call = func::CallOp::create(b, main.getLoc(), q, operands);
    SmallVector<Value> results;
    for (auto [result, dequantize] : llvm::zip(call.getResults(), dequantizes)) {
      if (!dequantize) {
        results.push_back(result);
        continue;
      }
      IRMapping map;
      map.map(dequantize.getInput(), result);
      results.push_back(b.clone(*dequantize, map)->getResult(0));
    }
    func::ReturnOp::create(b, mainRet.getLoc(), results);
    for (Operation *op : llvm::reverse(old)) {
      op->dropAllUses();
      op->erase();
    }
  }
};

} // namespace
