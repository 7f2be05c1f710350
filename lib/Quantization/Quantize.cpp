//===- Quantize.cpp - Calibrated ranges to quantized types ----------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Passes.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Quantization/Calibration.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"

#include <cmath>

namespace mlir::qc {
#define GEN_PASS_DEF_QUANTIZE
#include "quantc/Quantization/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;
using namespace quantc;

std::optional<int64_t> qc::varyingAxis(ArrayRef<double> values,
                                       ArrayRef<int64_t> shape) {
  if (llvm::all_equal(values))
    return -1;
  int64_t rank = shape.size(), inner = 1;
  for (int64_t d = rank - 1; d >= 0; inner *= shape[d--]) {
    if (shape[d] == 1)
      continue;
    // Along d only: every value equals the one with the same index in d
    // and 0 in every other dimension.
    bool along = true;
    for (size_t i = 0; along && i < values.size(); ++i)
      along = values[i] == values[(i / inner) % shape[d] * inner];
    if (along)
      return d;
  }
  return std::nullopt;
}

func::FuncOp qc::getEntryFunction(ModuleOp module, StringRef pass) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    module.emitError() << pass << ": no entry function @main";
  return func;
}

namespace {

/// Largest bias code: 2^30 leaves the 32-bit accumulator room for the
/// products.
constexpr int64_t kMaxBiasCode = int64_t(1) << 30;

quant::UniformQuantizedType u8Type(MLIRContext *ctx, QuantParams p) {
  return quant::UniformQuantizedType::get(
      0, IntegerType::get(ctx, 8), Float32Type::get(ctx), p.scale,
      p.zeroPoint, 0, 255);
}

/// An i32 code at `scale`; `sumCount` > 1 when a mean sums that many codes
/// later: the range shrinks so that the 32-bit sum cannot overflow.
quant::UniformQuantizedType i32Type(MLIRContext *ctx, double scale,
                                    int64_t sumCount = 1) {
  int64_t bound = INT32_MAX / std::max<int64_t>(sumCount, 1);
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(ctx, 32),
      Float32Type::get(ctx), scale, 0, -bound, bound);
}

RankedTensorType withElement(Type t, Type element) {
  return RankedTensorType::get(cast<RankedTensorType>(t).getShape(), element);
}

quant::UniformQuantizedType paramsOf(Value v) {
  return dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(v.getType()));
}

struct QuantizePass : public qc::impl::QuantizeBase<QuantizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp func = getEntryFunction(module, getArgument());
    if (!func)
      return signalPassFailure();
    importedModel = module->hasAttr("qc.imported_quantization");
    if (failed(quantizeFunction(func)))
      signalPassFailure();
  }

  std::optional<quantc::Range> rangeOf(func::FuncOp func, Value v) {
    CalibAttr calib = CalibAttr::of(v);
    if (!calib)
      return std::nullopt;
    return quantc::Range{calib.getLo().convertToDouble(),
                         calib.getHi().convertToDouble()};
  }

  /// The u8 parameters of `v`: the fixed `qc.qparams` of an imported
  /// quantized model as they are, else those of the calibrated range.
  std::optional<QuantParams> paramsFor(func::FuncOp func, Value v) {
    if (QParamsAttr fixed = QParamsAttr::of(v))
      return QuantParams{fixed.getScale().convertToDouble(),
                         fixed.getZeroPoint()};
    std::optional<quantc::Range> r = rangeOf(func, v);
    if (!r)
      return std::nullopt;
    return u8Params(*r);
  }

  /// True for a model quantized by another tool (quantc-fold-fake-quant
  /// fixed its parameters).
  bool importedModel = false;

  /// Per channel, the finest scale s = min|w| / k (k = 127..1) on which
  /// every weight of the channel is an integer code in [-127, 127]; 0 where
  /// there is none (or the channel is all zero). The finest, so that the
  /// bias, quantized at s_in * s, keeps its precision (a channel of one
  /// weight, a BatchNorm as a depthwise convolution, gets code 127).
  template <typename ChannelOf>
  static std::vector<double> exactGrids(ArrayRef<float> values,
                                        int64_t channels, ChannelOf channelOf) {
    std::vector<std::vector<float>> byChannel(channels);
    for (size_t i = 0; i < values.size(); ++i)
      byChannel[channelOf(i)].push_back(values[i]);
    std::vector<double> out(channels, 0.0);
    for (int64_t c = 0; c < channels; ++c) {
      double minAbs = 0;
      for (float v : byChannel[c])
        if (v != 0 && (minAbs == 0 || std::fabs(v) < minAbs))
          minAbs = std::fabs(v);
      if (minAbs == 0)
        continue;
      for (int k = 127; k >= 1 && out[c] == 0; --k) {
        double scale = minAbs / k;
        bool exact = true;
        for (float v : byChannel[c]) {
          double code = v / scale;
          if (std::fabs(code - std::nearbyint(code)) > 1e-3 ||
              std::fabs(code) > 127.5) {
            exact = false;
            break;
          }
        }
        if (exact)
          out[c] = scale;
      }
    }
    return out;
  }

  /// The values of `v`, a constant operand of `user` (`what` names it in
  /// the error when it is not one).
  template <typename T>
  static FailureOr<std::vector<T>> constantOperand(Operation *user, Value v,
                                                   StringRef what) {
    ElementsAttr attr = getConstantTensor(v);
    std::optional<std::vector<T>> values;
    if constexpr (std::is_same_v<T, float>)
      values = attr ? getF32Values(attr) : std::nullopt;
    else
      values = attr ? getValuesAsDouble(attr) : std::nullopt;
    if (!values)
      return user->emitError()
             << user->getName() << ": integer-only code needs " << what;
    return std::move(*values);
  }

  /// Per-channel symmetric i8 weights along `axis`; returns the quantized
  /// operand (constant + quant.scast) and the scales.
  FailureOr<Value> quantizeWeights(OpBuilder &b, Operation *user, Value w,
                                   int64_t axis, std::vector<double> &scales,
                                   ArrayRef<double> minScales = {}) {
    FailureOr<std::vector<float>> values =
        constantOperand<float>(user, w, "constant weights");
    if (failed(values))
      return failure();
    auto type = cast<RankedTensorType>(w.getType());
    ArrayRef<int64_t> shape = type.getShape();
    // axis < 0: one scale for the whole tensor (a single output channel).
    bool perTensor = axis < 0 || shape.empty();
    int64_t channels = perTensor ? 1 : shape[axis];
    int64_t inner = 1;
    if (perTensor)
      inner = std::max<int64_t>(type.getNumElements(), 1);
    else
      for (int64_t i = axis + 1; i < (int64_t)shape.size(); ++i)
        inner *= shape[i];
    auto channelOf = [&](int64_t i) { return (i / inner) % channels; };
    std::vector<double> maxAbs(channels, 0.0);
    for (size_t i = 0; i < values->size(); ++i)
      maxAbs[channelOf(i)] =
          std::max(maxAbs[channelOf(i)], std::fabs((double)(*values)[i]));
    // An all-zero channel computes only its bias: give it the largest scale
    // of the other channels (not 1, which would take the shared shift of
    // the op's multipliers away from them).
    double largest = 0;
    for (double m : maxAbs)
      largest = std::max(largest, m);
    // The weights of an imported quantized model are codes times a scale
    // (dequantized at import): each channel keeps a grid it lies on
    // exactly, so the integer weights are the model's.
    std::vector<double> gridScales;
    if (importedModel)
      gridScales = exactGrids(*values, channels, channelOf);
    scales.resize(channels);
    for (int64_t c = 0; c < channels; ++c) {
      scales[c] = s8WeightScale(maxAbs[c] > 0 ? maxAbs[c] : largest);
      if (!gridScales.empty() && gridScales[c] > 0)
        scales[c] = gridScales[c];
      // A channel whose bias would not fit 31 bits at s_in * s_w (tiny
      // weights next to a large bias, e.g. after BatchNorm folding) gets a
      // coarser weight scale instead of a saturated bias.
      if (!minScales.empty())
        scales[c] = std::max(scales[c], minScales[c]);
    }
    std::vector<int64_t> q(values->size());
    for (size_t i = 0; i < values->size(); ++i)
      q[i] = std::clamp<int64_t>(
          (int64_t)std::nearbyint((*values)[i] / scales[channelOf(i)]), -127,
          127);
    MLIRContext *ctx = b.getContext();
    auto storage = withElement(type, IntegerType::get(ctx, 8));
    Value c = ConstantOp::create(
        b, w.getLoc(), makeElementsAttrFromInts(storage, q, "qweights"));
    Type qt = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, IntegerType::get(ctx, 8),
        Float32Type::get(ctx), scales, std::vector<int64_t>(channels, 0),
        axis, -127, 127);
    if (perTensor)
      qt = quant::UniformQuantizedType::get(
          quant::QuantizationFlags::Signed, IntegerType::get(ctx, 8),
          Float32Type::get(ctx), scales[0], 0, -127, 127);
    return quant::StorageCastOp::create(b, w.getLoc(), withElement(type, qt), c)
        .getResult();
  }

  /// The u8 grid a constant of an imported model lies on exactly (it was
  /// dequantized from uint8 codes at import): the coarsest s = min|v| / k
  /// (k = 1..255) with every v / s an integer, the codes spanning at most
  /// 255, and a zero point that fits them in [0, 255].
  static std::optional<QuantParams> exactU8Grid(ArrayRef<float> values) {
    double minAbs = 0;
    for (float v : values)
      if (v != 0 && (minAbs == 0 || std::fabs(v) < minAbs))
        minAbs = std::fabs(v);
    if (minAbs == 0)
      return std::nullopt;
    for (int k = 1; k <= 255; ++k) {
      double scale = minAbs / k;
      int64_t lo = 0, hi = 0;
      bool exact = true;
      for (float v : values) {
        double code = v / scale;
        int64_t c = (int64_t)std::nearbyint(code);
        if (std::fabs(code - c) > 1e-3 || std::fabs(code) > 256) {
          exact = false;
          break;
        }
        lo = std::min(lo, c);
        hi = std::max(hi, c);
      }
      if (exact && hi - lo <= 255)
        return QuantParams{scale, std::clamp<int64_t>(-lo, 0, 255 - hi)};
    }
    return std::nullopt;
  }

  /// A float constant added to (or subtracted from) an activation: i32 codes
  /// at s_y / 256, s_y the result's scale (8 bits finer than the output
  /// grid: the rescale adds it before its one rounding).
  FailureOr<Value> quantizeAddend(OpBuilder &b, Operation *user, Value c,
                                  ArrayRef<float> values, double sY) {
    MLIRContext *ctx = b.getContext();
    double scale = sY / 256;
    std::vector<int64_t> q(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      double code = std::nearbyint(values[i] / scale);
      if (!(std::fabs(code) <= (double)kMaxBiasCode))
        return user->emitError()
               << user->getName() << ": the constant " << values[i]
               << " at index " << i << " is out of proportion to the "
               << "result's calibrated range (scale " << sY
               << "): it does not fit 31 bits at 1/256 of that scale";
      q[i] = (int64_t)code;
    }
    auto type = cast<RankedTensorType>(c.getType());
    Value storage = ConstantOp::create(
        b, c.getLoc(),
        makeElementsAttrFromInts(withElement(type, IntegerType::get(ctx, 32)),
                                 q, "qaddend"));
    return quant::StorageCastOp::create(
               b, c.getLoc(), withElement(type, i32Type(ctx, scale)), storage)
        .getResult();
  }

  /// A division by a float constant is a product with its reciprocal (the
  /// rescale then multiplies by s_a / (c s_y) exactly as for any factor).
  LogicalResult divisionsToProducts(func::FuncOp func) {
    SmallVector<DivOp> divs;
    func.walk([&](DivOp d) { divs.push_back(d); });
    for (DivOp d : divs) {
      // Integer divisions (index arithmetic) are not quantized.
      if (!cast<RankedTensorType>(d.getType()).getElementType().isF32())
        continue;
      ElementsAttr attr = getConstantTensor(d.getRhs());
      std::optional<std::vector<float>> v =
          attr ? getF32Values(attr) : std::nullopt;
      if (!v)
        return d.emitError() << d->getName()
                             << ": unimplemented: an integer-only division "
                                "by a tensor that is not a constant";
      for (size_t i = 0; i < v->size(); ++i) {
        if ((*v)[i] == 0 || !std::isfinite(1.0f / (*v)[i]))
          return d.emitError()
                 << d->getName() << ": the constant divisor is " << (*v)[i]
                 << " at index " << i << " (its reciprocal is not finite)";
        (*v)[i] = 1.0f / (*v)[i];
      }
      OpBuilder b(d);
      auto type = cast<RankedTensorType>(d.getRhs().getType());
      Value recip = ConstantOp::create(
          b, d.getLoc(), DenseElementsAttr::get(type, ArrayRef<float>(*v)));
      auto mul = MulOp::create(b, d.getLoc(), d.getType(), d.getLhs(), recip);
      mul->setDiscardableAttrs(d->getDiscardableAttrDictionary());
      d.replaceAllUsesWith(mul.getResult());
      d.erase();
    }
    return success();
  }

  /// A float constant as u8 codes (asymmetric, on its own range) behind a
  /// quant.scast. With `keepNonZero` (a constant factor: a value that
  /// rounds to zero would silently zero what it multiplies), a non-zero
  /// value whose code is the zero point is an error.
  FailureOr<Value> quantizeConstant(OpBuilder &b, Operation *user, Value c,
                                    ArrayRef<float> values, bool keepNonZero) {
    quantc::Range r{0.0, 0.0};
    for (float v : values) {
      r.lo = std::min<double>(r.lo, v);
      r.hi = std::max<double>(r.hi, v);
    }
    QuantParams p = u8Params(r);
    if (std::optional<QuantParams> exact = exactU8Grid(values))
      p = *exact;
    std::vector<int64_t> q(values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      int64_t code = std::clamp<int64_t>(
          (int64_t)std::nearbyint(values[i] / p.scale) + p.zeroPoint, 0, 255);
      if (keepNonZero && values[i] != 0 && code == p.zeroPoint)
        return user->emitError()
               << user->getName() << ": unimplemented: a constant factor "
               << "whose values span too wide a range for one 8-bit scale ("
               << values[i] << " at index " << i << " rounds to 0 at scale "
               << p.scale << ")";
      q[i] = code > 127 ? code - 256 : code; // the i8 storage's bit pattern
    }
    MLIRContext *ctx = b.getContext();
    auto type = cast<RankedTensorType>(c.getType());
    Value storage = ConstantOp::create(
        b, c.getLoc(),
        makeElementsAttrFromInts(withElement(type, IntegerType::get(ctx, 8)), q,
                                 "qconstant"));
    return quant::StorageCastOp::create(
               b, c.getLoc(), withElement(type, u8Type(ctx, p)), storage)
        .getResult();
  }

  /// i32 bias at scale s_in * s_w[o].
  FailureOr<Value> quantizeBias(OpBuilder &b, Operation *user, Value bias,
                                double sIn, ArrayRef<double> sW,
                                int64_t channels) {
    FailureOr<std::vector<double>> values =
        constantOperand<double>(user, bias, "a constant bias");
    if (failed(values))
      return failure();
    MLIRContext *ctx = b.getContext();
    std::vector<int64_t> q(channels);
    std::vector<double> scales(channels);
    for (int64_t o = 0; o < channels; ++o) {
      scales[o] = sIn * sW[sW.size() == 1 ? 0 : o];
      double v = std::nearbyint((*values)[o] / scales[o]);
      if (!(std::fabs(v) <= (double)kMaxBiasCode))
        return user->emitError()
               << user->getName() << ": the bias of channel " << o << " ("
               << (*values)[o] << ") does not fit 32 bits at scale "
               << scales[o] << "";
      q[o] = (int64_t)v;
    }
    auto storage = RankedTensorType::get({channels}, IntegerType::get(ctx, 32));
    Value c = ConstantOp::create(b, bias.getLoc(),
                                 makeElementsAttrFromInts(storage, q, "qbias"));
    Type qt = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, IntegerType::get(ctx, 32),
        Float32Type::get(ctx), scales, std::vector<int64_t>(channels, 0), 0,
        INT32_MIN, INT32_MAX);
    return quant::StorageCastOp::create(b, bias.getLoc(),
                                        RankedTensorType::get({channels}, qt),
                                        c)
        .getResult();
  }

  /// Per-channel lower bounds on the weight scale so that the bias fits
  /// kMaxBiasCode at s_in * s_w (empty without a constant bias).
  static std::vector<double> biasMinScales(Value bias, double sIn,
                                           int64_t channels) {
    ElementsAttr attr = bias ? getConstantTensor(bias) : ElementsAttr();
    std::optional<std::vector<double>> values =
        attr ? getValuesAsDouble(attr) : std::nullopt;
    if (!values || (int64_t)values->size() != channels || !(sIn > 0))
      return {};
    std::vector<double> out(channels);
    for (int64_t o = 0; o < channels; ++o)
      out[o] = std::fabs((*values)[o]) / (sIn * (double)kMaxBiasCode);
    return out;
  }

  LogicalResult quantizeFunction(func::FuncOp func) {
    MLIRContext *ctx = &getContext();
    Block &body = func.getBody().front();
    OpBuilder b(ctx);
    if (failed(divisionsToProducts(func)))
      return failure();

    // Results computed by a contraction, through data movement and means
    // (global average pooling before the logits), stay 32-bit: the
    // contraction's i32 codes have 24 bits for the calibrated range and the
    // means keep that scale.
    DenseMap<Operation *, int64_t> wideOutputs; // contraction -> sum count
    DenseSet<Operation *> wideMeans;
    auto ret = cast<func::ReturnOp>(body.getTerminator());
    for (Value v : ret.getOperands()) {
      Operation *op = v.getDefiningOp();
      int64_t count = 1;
      SmallVector<Operation *> means;
      while (op && op->hasOneUse()) {
        if (auto mean = dyn_cast<AveragingOpInterface>(op)) {
          count *= mean.getAveragedCount();
          means.push_back(op);
        } else if (!op->hasTrait<OpTrait::qc::RearrangesElements>()) {
          break;
        }
        op = op->getOperand(0).getDefiningOp();
      }
      // An imported model's QuantizeLinear of the output (fixed
      // parameters) rounds and saturates it to 8 bits: keep that.
      if (op && isa<ContractionOpInterface>(op) && op->hasOneUse() &&
          !op->hasAttr(QCDialect::kQParamsAttrName)) {
        wideOutputs[op] = count;
        wideMeans.insert(means.begin(), means.end());
      }
    }

    // Entry arguments: quant.qcast at the top.
    b.setInsertionPointToStart(&body);
    for (BlockArgument arg : func.getArguments()) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type || !type.getElementType().isF32())
        continue;
      std::optional<QuantParams> p = paramsFor(func, arg);
      if (!p)
        return func.emitError() << "quantc-quantize: no calibrated range for "
                                   "argument "
                                << arg.getArgNumber()
                                << " (run quantc-calibrate first)";
      Value q = quant::QuantizeCastOp::create(
          b, func.getLoc(), withElement(type, u8Type(ctx, *p)), arg);
      arg.replaceAllUsesExcept(q, q.getDefiningOp());
    }

    for (Operation &opRef : llvm::make_early_inc_range(body)) {
      Operation *op = &opRef;
      if (isa<ConstantOp, func::ReturnOp, quant::QuantizeCastOp,
              quant::StorageCastOp>(op))
        continue;
      if (op->getDialect()->getNamespace() != "qc")
        continue;
      auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
      if (!resultType || !resultType.getElementType().isF32())
        continue;
      b.setInsertionPoint(op);

      // Output parameters.
      Type outElement;
      if (wideMeans.contains(op)) {
        quant::UniformQuantizedType in = paramsOf(op->getOperand(0));
        if (!in)
          return op->emitError() << op->getName() << ": the input is not quantized";
        outElement = i32Type(ctx, in.getScale());
      } else if (op->hasTrait<OpTrait::qc::KeepsQuantParams>()) {
        quant::UniformQuantizedType in = paramsOf(op->getOperand(0));
        if (!in)
          return op->emitError() << op->getName() << ": the input is not quantized";
        outElement = in;
      } else if (op->hasTrait<OpTrait::qc::RequantizesResult>()) {
        std::optional<quantc::Range> r = rangeOf(func, op->getResult(0));
        if (!r)
          return op->emitError() << op->getName() << ": no calibrated range "
                                 << "(run quantc-calibrate first)";
        if (auto it = wideOutputs.find(op); it != wideOutputs.end()) {
          double m = std::max(std::fabs(r->lo), std::fabs(r->hi));
          outElement =
              i32Type(ctx, m > 0 ? m / double(1 << 24) : 1.0, it->second);
        } else {
          outElement = u8Type(ctx, *paramsFor(func, op->getResult(0)));
        }
      } else {
        return op->emitError() << op->getName()
                               << ": unimplemented: an integer-only form of "
                                  "this op";
      }

      // Operands: activations must already be quantized; weights and
      // biases of contractions are quantized here.
      if (auto c = dyn_cast<ContractionOpInterface>(op)) {
        quant::UniformQuantizedType in = paramsOf(c.getActivation());
        if (!in)
          return op->emitError() << op->getName() << ": input is not quantized";
        auto wType = cast<RankedTensorType>(c.getWeights().getType());
        // Weights are filters [O, ...] or matrices [K, N] (a vector: one
        // output channel, one scale).
        if (wType.getRank() > 2 && c.getWeightChannelDim() != 0)
          return op->emitError()
                 << op->getName()
                 << ": unimplemented: integer-only code for batched constant "
                    "weights "
                 << wType << "";
        std::vector<double> sW;
        int64_t channels = c.getNumOutputChannels();
        FailureOr<Value> w = quantizeWeights(
            b, op, c.getWeights(), c.getWeightChannelDim(), sW,
            biasMinScales(c.getBias(), in.getScale(), channels));
        if (failed(w))
          return failure();
        if (c.getBias()) {
          FailureOr<Value> qb = quantizeBias(b, op, c.getBias(),
                                             in.getScale(), sW, channels);
          if (failed(qb))
            return failure();
          c.getBiasMutable().assign(*qb);
        }
        c.getWeightsMutable().assign(*w);
      } else {
        // Constant operands. In a model quantc quantizes itself, a constant
        // addend becomes i32 codes 8 bits finer than the result's grid, and
        // a constant factor that varies along at most one dimension (a
        // scalar, a per-channel scale or normalization) one i8 code per
        // channel at the channel's own scale (exact), so the rescale's one
        // rounding is all the error (Integerize folds the factor into its
        // multipliers; in an imported model too, whose reciprocal of a
        // divisor lies on no grid of its own). Another constant factor, and
        // an addend of an imported model (ONNX Runtime's Add of a
        // dequantized uint8 constant), becomes u8 codes on its own range or
        // exact grid.
        if (isa<AddOp, SubOp, MulOp>(op))
          for (OpOperand &operand : op->getOpOperands()) {
            ElementsAttr c = getConstantTensor(operand.get());
            std::optional<std::vector<float>> v =
                c ? getF32Values(c) : std::nullopt;
            if (!v)
              continue;
            for (size_t i = 0; i < v->size(); ++i)
              if (!std::isfinite((*v)[i]))
                return op->emitError()
                       << op->getName() << ": the constant operand is "
                       << (*v)[i] << " at index " << i << " (not finite)";
            auto cType = cast<RankedTensorType>(operand.get().getType());
            Value other = op->getOperand(1 - operand.getOperandNumber());
            bool otherFull =
                cast<RankedTensorType>(other.getType()).getShape() ==
                resultType.getShape();
            FailureOr<Value> q;
            if (isa<AddOp, SubOp>(op) && !importedModel && otherFull) {
              q = quantizeAddend(
                  b, op, operand.get(), *v,
                  cast<quant::UniformQuantizedType>(outElement).getScale());
            } else if (std::optional<int64_t> axis =
                           isa<MulOp>(op) && otherFull
                               ? varyingAxis(
                                     std::vector<double>(v->begin(), v->end()),
                                     cType.getShape())
                               : std::nullopt) {
              std::vector<double> scales;
              q = quantizeWeights(b, op, operand.get(), *axis, scales);
            } else if (isa<MulOp>(op) || importedModel) {
              q = quantizeConstant(b, op, operand.get(), *v, isa<MulOp>(op));
            } else {
              continue;
            }
            if (failed(q))
              return failure();
            operand.set(*q);
          }
        for (Value v : op->getOperands())
          if (auto t = dyn_cast<RankedTensorType>(v.getType());
              t && t.getElementType().isF32() &&
              !(isa<PadOp>(op) && v != op->getOperand(0)))
            return op->emitError()
                   << op->getName() << ": an operand is not quantized (a float "
                      "constant or an op without an integer form feeds it)";
      }
      op->getResult(0).setType(withElement(resultType, outElement));
    }

    // Results: quant.dcast back to float at the boundary.
    b.setInsertionPoint(ret);
    for (OpOperand &operand : ret->getOpOperands()) {
      Value v = operand.get();
      if (!paramsOf(v))
        continue;
      auto type = cast<RankedTensorType>(v.getType());
      Value f = quant::DequantizeCastOp::create(
          b, ret.getLoc(), withElement(type, Float32Type::get(ctx)), v);
      operand.set(f);
    }
    return success();
  }
};

} // namespace
