//===- BiasCorrect.cpp - Analytic bias correction -------------------------===//
//
// Part of the quantc project.
//
// Cancels, in each contraction's float bias, the mean output shift that
// rounding its weights to the s8 grid of quantc-quantize causes (see the
// pass description in Passes.td and docs/quantization.md).
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Quantization/Calibration.h"
#include "quantc/Quantization/Passes.h"

#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Builders.h"

#include <cmath>

namespace mlir::qc {
#define GEN_PASS_DEF_BIASCORRECT
#include "quantc/Quantization/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;
using namespace quantc;

namespace {

/// The calibration channel means of `v` (its qc.calib `channel_mean`)
/// along `axis`; none when they were recorded along another axis (a tensor
/// read by contractions of different channel axes).
std::optional<ArrayRef<double>> channelMeans(Value v, int64_t axis) {
  CalibAttr calib = CalibAttr::of(v);
  if (!calib || calib.getChannelAxis() != axis)
    return std::nullopt;
  return calib.getChannelMean().asArrayRef();
}

/// The offsets (row-major strides `strides`) of every index of `shape` with
/// the dimensions `skip` at 0, in row-major order.
std::vector<int64_t> offsetsWithout(ArrayRef<int64_t> shape,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> skip) {
  std::vector<int64_t> offsets{0};
  for (int64_t d = 0; d < (int64_t)shape.size(); ++d) {
    if (llvm::is_contained(skip, d))
      continue;
    std::vector<int64_t> next;
    for (int64_t o : offsets)
      for (int64_t i = 0; i < shape[d]; ++i)
        next.push_back(o + i * strides[d]);
    offsets = std::move(next);
  }
  return offsets;
}

/// Rounds the weights of each output channel o (elements o * stride +
/// `members`) to the s8 grid Quantize uses and returns the errors Wq - W.
std::vector<double> roundingErrors(const std::vector<float> &w,
                                   int64_t channels, int64_t stride,
                                   ArrayRef<int64_t> members) {
  std::vector<double> err(w.size(), 0.0);
  for (int64_t o = 0; o < channels; ++o) {
    double maxAbs = 0;
    for (int64_t m : members)
      maxAbs = std::max(maxAbs, std::fabs((double)w[o * stride + m]));
    if (maxAbs == 0)
      continue;
    double s = s8WeightScale(maxAbs);
    for (int64_t m : members) {
      int64_t i = o * stride + m;
      double q = std::clamp(std::nearbyint((double)w[i] / s), -127.0, 127.0);
      err[i] = q * s - (double)w[i];
    }
  }
  return err;
}

struct BiasCorrectPass : public qc::impl::BiasCorrectBase<BiasCorrectPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (module->hasAttr("qc.imported_quantization"))
      return;
    WalkResult r = module.walk([&](ContractionOpInterface c) {
      return failed(correct(c)) ? WalkResult::interrupt()
                                : WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }

  /// b[o] -= d[o], creating a zero bias if there is none.
  LogicalResult applyCorrection(ContractionOpInterface op,
                                const std::vector<double> &d) {
    Value bias = op.getBias();
    int64_t channels = d.size();
    if (llvm::all_of(d, [](double x) { return x == 0.0; }))
      return success(); // weights on the grid already
    std::vector<float> b(channels, 0.0f);
    if (bias) {
      ElementsAttr attr = getConstantTensor(bias);
      std::optional<std::vector<float>> values =
          attr ? getF32Values(attr) : std::nullopt;
      if (!values || (int64_t)values->size() != channels)
        return success(); // a non-constant bias: Quantize reports it
      b = *values;
    }
    for (int64_t o = 0; o < channels; ++o)
      b[o] = (float)((double)b[o] - d[o]);
    OpBuilder builder(op);
    auto type = RankedTensorType::get({channels}, builder.getF32Type());
    Value c = ConstantOp::create(builder, op->getLoc(),
                                 makeF32ElementsAttr(type, b, "bias"));
    if (bias)
      op.getBiasMutable().assign(c);
    else
      op.getBiasMutable().append(c);
    return success();
  }

  /// d[o] = sum over input channels i and taps of (Wq - W)[o, i, taps] *
  /// mean(x_i), for filters [O, C/g, KH, KW] or [O, KH, KW, C/g] and
  /// matrices [K, N] (output channel j is column j). Summed in (input
  /// channel, taps) order whatever the layout, so that NCHW and NHWC give
  /// the same bias to the bit.
  LogicalResult correct(ContractionOpInterface c) {
    int64_t od = c.getWeightChannelDim(), id = c.getWeightInputChannelDim();
    if (od < 0 || id < 0)
      return success(); // vector or batched weights
    std::optional<ArrayRef<double>> mean =
        channelMeans(c.getActivation(), c.getActivationChannelDim());
    ElementsAttr attr = getConstantTensor(c.getWeights());
    std::optional<std::vector<float>> w =
        attr ? getF32Values(attr) : std::nullopt;
    if (!mean || !w)
      return success();
    auto inType = cast<RankedTensorType>(c.getActivation().getType());
    int64_t cIn = inType.getDimSize(c.getActivationChannelDim());
    // The dialect verifies that a #qc.calib has one mean per channel.
    assert((int64_t)mean->size() == cIn && "verified by the qc dialect");
    (void)cIn;
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(c.getWeights().getType()).getShape();
    SmallVector<int64_t> strides = computeStrides(shape);
    int64_t o = shape[od], cg = shape[id], groups = c.getNumGroups();
    if (groups <= 0 || o % groups != 0)
      return success();
    std::vector<double> err = roundingErrors(
        *w, o, strides[od], offsetsWithout(shape, strides, {od}));
    std::vector<int64_t> taps = offsetsWithout(shape, strides, {od, id});
    std::vector<double> d(o, 0.0);
    int64_t outPerGroup = o / groups;
    for (int64_t oc = 0; oc < o; ++oc) {
      int64_t g = oc / outPerGroup;
      for (int64_t ci = 0; ci < cg; ++ci) {
        int64_t base = oc * strides[od] + ci * strides[id];
        for (int64_t t : taps)
          d[oc] += err[base + t] * (*mean)[g * cg + ci];
      }
    }
    return applyCorrection(c, d);
  }
};

} // namespace
