//===- FoldFakeQuant.cpp - qc.fake_quant grids to fixed parameters --------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Passes.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Import/ONNXImporter.h"
#include "quantc/Quantization/Calibration.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/MapVector.h"

#include <cmath>

namespace mlir::qc {
#define GEN_PASS_DEF_FOLDFAKEQUANT
#include "quantc/Quantization/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {

std::string locName(Location loc) {
  if (auto n = dyn_cast<NameLoc>(loc))
    return n.getName().str();
  return "?";
}

/// The tensor whose codes `v` carries: `v`, or the input of the chain of
/// ops that keep their input's parameters (fake_quants included: each
/// rounds onto the grid of the tensor it reads).
Value anchorOf(Value v) {
  while (Operation *op = v.getDefiningOp()) {
    if (!op->hasTrait<OpTrait::qc::KeepsQuantParams>() && !isa<FakeQuantOp>(op))
      break;
    v = op->getOperand(0);
  }
  return v;
}

/// max |x| over the fixed u8 grid of `v`'s tensor, if it has one.
std::optional<double> fixedBound(Value v) {
  if (!v)
    return 0.0;
  QParamsAttr p = QParamsAttr::of(anchorOf(v));
  if (!p)
    return std::nullopt;
  int64_t zp = p.getZeroPoint();
  return std::max<int64_t>(zp, 255 - zp) * p.getScale().convertToDouble();
}

/// max_o (sum_k |W[o, k]| * inBound + |bias[o]|) for a constant weight
/// whose output channel is dimension `axis` (-1: one output channel).
std::optional<double> contractionBound(Value weight, Value bias, int64_t axis,
                                       double inBound) {
  ElementsAttr w = getConstantTensor(weight);
  std::optional<std::vector<float>> wv = w ? getF32Values(w) : std::nullopt;
  if (!wv)
    return std::nullopt;
  auto type = cast<RankedTensorType>(w.getType());
  int64_t channels = axis < 0 ? 1 : type.getDimSize(axis);
  int64_t inner = 1;
  for (int64_t d = axis + 1; axis >= 0 && d < type.getRank(); ++d)
    inner *= type.getDimSize(d);
  std::vector<double> sums(channels, 0.0);
  for (size_t i = 0; i < wv->size(); ++i)
    sums[(i / inner) % channels] += std::fabs((*wv)[i]) * inBound;
  if (bias) {
    ElementsAttr b = getConstantTensor(bias);
    std::optional<std::vector<double>> bv =
        b ? getValuesAsDouble(b) : std::nullopt;
    if (!bv || (int64_t)bv->size() != channels)
      return std::nullopt;
    for (int64_t o = 0; o < channels; ++o)
      sums[o] += std::fabs((*bv)[o]);
  }
  double m = 0;
  for (double s : sums)
    m = std::max(m, s);
  return m;
}

struct FoldFakeQuantPass
    : public qc::impl::FoldFakeQuantBase<FoldFakeQuantPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>("main");
    if (!func)
      return;
    SmallVector<FakeQuantOp> fakeQuants;
    func.walk([&](FakeQuantOp op) { fakeQuants.push_back(op); });
    if (fakeQuants.empty())
      return;
    module->setAttr("qc.imported_quantization", UnitAttr::get(&getContext()));

    // The grid of each tensor, from the first fake_quant that gives one.
    llvm::MapVector<Value, std::pair<quantc::QuantParams, FakeQuantOp>> fixed;
    for (FakeQuantOp fq : fakeQuants) {
      bool isSigned = !cast<IntegerType>(fq.getStorage()).isUnsigned();
      quantc::QuantParams p;
      p.scale = fq.getScale().convertToDouble();
      p.zeroPoint = fq.getZeroPointValue() + (isSigned ? 128 : 0);
      Value anchor = anchorOf(fq.getInput());
      auto [it, inserted] = fixed.try_emplace(anchor, p, fq);
      const quantc::QuantParams &q = it->second.first;
      if (!inserted && (q.scale != p.scale || q.zeroPoint != p.zeroPoint)) {
        fq.emitError() << "unimplemented: this QuantizeLinear quantizes a "
                          "tensor with scale "
                       << p.scale << ", zero point " << p.zeroPoint
                       << " (as uint8) that node '"
                       << locName(it->second.second.getLoc())
                       << "' quantizes with scale " << q.scale
                       << ", zero point " << q.zeroPoint
                       << " (quantc keeps one grid per tensor)";
        return signalPassFailure();
      }
    }

    MLIRContext *ctx = &getContext();
    for (auto &[anchor, entry] : fixed) {
      const quantc::QuantParams &p = entry.first;
      double lo = (0 - p.zeroPoint) * p.scale,
             hi = (255 - p.zeroPoint) * p.scale;
      QParamsAttr::get(ctx, p.scale, p.zeroPoint).attachTo(anchor);
      CalibAttr::get(ctx, lo, hi, /*fixed=*/true).attachTo(anchor);
    }
    for (FakeQuantOp fq : fakeQuants) {
      fq.getResult().replaceAllUsesWith(fq.getInput());
      fq.erase();
    }
    boundWideOutputs(func);
  }

  /// Contractions that quantc-quantize keeps 32-bit (their result reaches
  /// a model output through reshapes, transposes and means) get a range
  /// bound when they have no fixed parameters.
  void boundWideOutputs(func::FuncOp func) {
    MLIRContext *ctx = &getContext();
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
      Operation *op = v.getDefiningOp();
      while (op && op->hasOneUse() &&
             (op->hasTrait<OpTrait::qc::RearrangesElements>() ||
              isa<AveragingOpInterface>(op)))
        op = op->getOperand(0).getDefiningOp();
      if (!op || !op->hasOneUse() || op->hasAttr(QCDialect::kCalibAttrName))
        continue;
      auto c = dyn_cast<ContractionOpInterface>(op);
      if (!c)
        continue;
      // quantc's own export records the scale s of a 32-bit output: the
      // range max|y| = s 2^24 gives it back exactly.
      if (auto scale = func.getResultAttrOfType<FloatAttr>(
              i, quantc::kInt32OutputScaleAttr)) {
        double m = scale.getValueAsDouble() * double(1 << 24);
        CalibAttr::get(ctx, -m, m, /*fixed=*/true).attachTo(op->getResult(0));
        continue;
      }
      std::optional<double> m;
      // Filters [O, ...] and matrices [K, N] (not batched weights).
      auto wRank = cast<RankedTensorType>(c.getWeights().getType()).getRank();
      if (std::optional<double> in = fixedBound(c.getActivation());
          in && (wRank <= 2 || c.getWeightChannelDim() == 0))
        m = contractionBound(c.getWeights(), c.getBias(),
                             c.getWeightChannelDim(), *in);
      FloatAttr lo = c.getClampMinAttr(), hi = c.getClampMaxAttr(),
                alpha = c.getLeakyAlphaAttr();
      std::optional<double> r = fixedBound(c.getResidual());
      if (!m || !r)
        continue;
      double bound = *m + *r;
      if (alpha)
        bound *= std::max(1.0, std::fabs(alpha.getValueAsDouble()));
      for (FloatAttr clamp : {lo, hi})
        if (clamp)
          bound = std::max(bound, std::fabs(clamp.getValueAsDouble()));
      if (!(bound > 0))
        bound = 1.0;
      CalibAttr::get(ctx, -bound, bound, /*fixed=*/false, /*bound=*/true)
          .attachTo(op->getResult(0));
    }
  }
};

} // namespace
