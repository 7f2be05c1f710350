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

#include "mlir/IR/Builders.h"

#include <cmath>

namespace mlir {
namespace qc {
#define GEN_PASS_DEF_BIASCORRECT
#include "quantc/Quantization/Passes.h.inc"
} // namespace qc
} // namespace mlir

using namespace mlir;
using namespace mlir::qc;
using namespace quantc;

namespace {

/// The calibration channel means of `v` (its qc.calib `channel_mean`)
/// along `axis`; none when they were recorded along another axis (a tensor
/// read by contractions of different channel axes).
std::optional<ArrayRef<double>> channelMeans(Value v, int64_t axis) {
  DictionaryAttr calib = getCalibAttr(v);
  if (!calib)
    return std::nullopt;
  auto mean = calib.getAs<DenseF64ArrayAttr>("channel_mean");
  auto recorded = calib.getAs<IntegerAttr>("channel_axis");
  if (!mean || !recorded || recorded.getInt() != axis)
    return std::nullopt;
  return mean.asArrayRef();
}

/// Rounds the weights of output channel o (elements `indices(o)`) to the
/// s8 grid Quantize uses and returns the errors Wq - W.
std::vector<double> roundingErrors(const std::vector<float> &w,
                                   int64_t channels, int64_t perChannel,
                                   function_ref<int64_t(int64_t, int64_t)>
                                       index) {
  std::vector<double> err(w.size(), 0.0);
  for (int64_t o = 0; o < channels; ++o) {
    double maxAbs = 0;
    for (int64_t j = 0; j < perChannel; ++j)
      maxAbs = std::max(maxAbs, std::fabs((double)w[index(o, j)]));
    if (maxAbs == 0)
      continue;
    double s = s8WeightScale(maxAbs);
    for (int64_t j = 0; j < perChannel; ++j) {
      int64_t i = index(o, j);
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
    WalkResult r = module.walk([&](Operation *op) {
      if (auto conv = dyn_cast<Conv2DOp>(op))
        return failed(correctConv(conv)) ? WalkResult::interrupt()
                                         : WalkResult::advance();
      if (auto mm = dyn_cast<MatMulOp>(op))
        return failed(correctMatMul(mm)) ? WalkResult::interrupt()
                                         : WalkResult::advance();
      return WalkResult::advance();
    });
    if (r.wasInterrupted())
      signalPassFailure();
  }

  /// b[o] -= d[o] on a conv2d or matmul, creating a zero bias if there is
  /// none.
  template <typename OpTy>
  LogicalResult applyCorrection(OpTy op, const std::vector<double> &d) {
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

  LogicalResult checkMeans(Operation *op, ArrayRef<double> mean,
                           int64_t channels) {
    if ((int64_t)mean.size() != channels)
      return op->emitError()
             << op->getName() << ": " << mean.size()
             << " calibration channel means for an input of " << channels
             << " channels";
    return success();
  }

  LogicalResult correctConv(Conv2DOp conv) {
    std::optional<ArrayRef<double>> mean =
        channelMeans(conv.getInput(), conv.getChannelDim());
    ElementsAttr attr = getConstantTensor(conv.getFilter());
    std::optional<std::vector<float>> w =
        attr ? getF32Values(attr) : std::nullopt;
    if (!mean || !w)
      return success();
    auto inType = cast<RankedTensorType>(conv.getInput().getType());
    int64_t cIn = inType.getDimSize(conv.getChannelDim());
    if (failed(checkMeans(conv, *mean, cIn)))
      return failure();
    // Filter [O, C/g, KH, KW] (nchw) or [O, KH, KW, C/g] (nhwc).
    ArrayRef<int64_t> f =
        cast<RankedTensorType>(conv.getFilter().getType()).getShape();
    bool nchw = conv.getLayout() == Layout::NCHW;
    int64_t o = f[0], cg = nchw ? f[1] : f[3];
    int64_t perChannel = f[1] * f[2] * f[3];
    int64_t groups = conv.getGroups();
    if (groups <= 0 || o % groups != 0)
      return success();
    std::vector<double> err = roundingErrors(
        *w, o, perChannel, [&](int64_t oc, int64_t j) { return oc * perChannel + j; });
    // Summed in (input channel, kh, kw) order in either layout, so that
    // both give the same bias to the bit.
    std::vector<double> d(o, 0.0);
    int64_t outPerGroup = o / groups;
    int64_t kh = nchw ? f[2] : f[1], kw = nchw ? f[3] : f[2];
    for (int64_t oc = 0; oc < o; ++oc) {
      int64_t g = oc / outPerGroup;
      for (int64_t ci = 0; ci < cg; ++ci)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x) {
            int64_t j = nchw ? (ci * kh + y) * kw + x : (y * kw + x) * cg + ci;
            d[oc] += err[oc * perChannel + j] * (*mean)[g * cg + ci];
          }
    }
    return applyCorrection(conv, d);
  }

  LogicalResult correctMatMul(MatMulOp mm) {
    auto rhsType = cast<RankedTensorType>(mm.getRhs().getType());
    std::optional<ArrayRef<double>> mean = channelMeans(
        mm.getLhs(), cast<RankedTensorType>(mm.getLhs().getType()).getRank() - 1);
    ElementsAttr attr = getConstantTensor(mm.getRhs());
    std::optional<std::vector<float>> w =
        attr ? getF32Values(attr) : std::nullopt;
    if (!mean || !w || rhsType.getRank() != 2)
      return success();
    int64_t k = rhsType.getDimSize(0), n = rhsType.getDimSize(1);
    if (failed(checkMeans(mm, *mean, k)))
      return failure();
    // Output channel j is column j of [K, N].
    std::vector<double> err = roundingErrors(
        *w, n, k, [&](int64_t j, int64_t i) { return i * n + j; });
    std::vector<double> d(n, 0.0);
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < n; ++j)
        d[j] += err[i * n + j] * (*mean)[i];
    return applyCorrection(mm, d);
  }
};

} // namespace
