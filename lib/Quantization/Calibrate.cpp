//===- Calibrate.cpp - Activation ranges from calibration runs ------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Passes.h"

#include "quantc/Import/ONNXImporter.h"
#include "quantc/Quantization/Calibration.h"
#include "quantc/Quantization/CalibrationData.h"

#include "mlir/IR/Builders.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace mlir::qc {
#define GEN_PASS_DEF_CALIBRATE
#include "quantc/Quantization/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;
using namespace quantc;

namespace {

/// The activations of the entry function that get statistics: float
/// arguments and the float results of every qc op but constants, in walk
/// order (so a clone of the module lists them in the same order).
SmallVector<Value> observedValues(func::FuncOp func) {
  SmallVector<Value> values;
  auto isActivation = [](Value v) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    return t && t.getElementType().isF32();
  };
  for (BlockArgument arg : func.getArguments())
    if (isActivation(arg))
      values.push_back(arg);
  func.walk([&](Operation *op) {
    if (op->getDialect() && op->getDialect()->getNamespace() == "qc" &&
        !isa<qc::ConstantOp>(op) && op->getNumResults() == 1 &&
        isActivation(op->getResult(0)))
      values.push_back(op->getResult(0));
  });
  return values;
}

std::string locName(Location loc) {
  if (auto n = dyn_cast<NameLoc>(loc))
    return n.getName().str();
  if (auto f = dyn_cast<FusedLoc>(loc))
    for (Location l : f.getLocations())
      if (auto n = dyn_cast<NameLoc>(l))
        return n.getName().str();
  return "";
}

/// Stable keys: "arg:<onnx name>" or "<op>@<node>#<ordinal>".
SmallVector<std::string> keysOf(func::FuncOp func, ArrayRef<Value> values) {
  SmallVector<std::string> keys;
  llvm::StringMap<int> seen;
  for (Value v : values) {
    std::string key;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                    quantc::kONNXNameAttr);
      key = "arg:" + (name ? name.str() : std::to_string(arg.getArgNumber()));
    } else {
      Operation *op = v.getDefiningOp();
      key = op->getName().getStringRef().str() + "@" + locName(op->getLoc());
    }
    key += "#" + std::to_string(seen[key]++);
    keys.push_back(key);
  }
  return keys;
}

/// One progress line on a terminal (rewritten in place, at most ten times a
/// second), a plain line every few seconds otherwise. The last step always
/// prints, with the elapsed time instead of an ETA.
class Progress {
public:
  Progress(const char *what, int64_t total, bool enabled)
      : what(what), total(total), enabled(enabled && total > 0),
        tty(isatty(2)), start(std::chrono::steady_clock::now()) {}
  void step(int64_t done) {
    if (!enabled)
      return;
    double secs = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
    bool last = done == total;
    if (!last && secs - lastPrint < (tty ? 0.1 : 5.0))
      return;
    lastPrint = secs;
    double rate = secs > 0 ? done / secs : 0;
    char tail[64];
    if (last)
      std::snprintf(tail, sizeof(tail), "in %.1fs", secs);
    else
      std::snprintf(tail, sizeof(tail), "ETA %.0fs",
                    rate > 0 ? (total - done) / rate : 0.0);
    if (tty) {
      int width = 30, filled = (int)(width * done / total);
      std::fprintf(stderr, "\r%s [%.*s%*s] %lld/%lld %.1f/s %s ", what, filled,
                   "==============================", width - filled, "",
                   (long long)done, (long long)total, rate, tail);
      if (last)
        std::fprintf(stderr, "\n");
    } else {
      std::fprintf(stderr, "%s: %lld/%lld runs, %.1f/s, %s\n", what,
                   (long long)done, (long long)total, rate, tail);
    }
  }

private:
  const char *what;
  int64_t total;
  bool enabled, tty;
  std::chrono::steady_clock::time_point start;
  double lastPrint = 0;
};

/// What a contraction computes, as the fusions left it: "conv2d",
/// "conv2d+bias+clamp", "matmul+bias", ...; empty for other values. A saved
/// statistic is only valid for the same form (a layout transpose can block a
/// fusion in one pipeline that happens in another, so the same key can name
/// the contraction's raw result in one and its activated sum in the other).
std::string formOf(Value v) {
  auto c = v.getDefiningOp<qc::ContractionOpInterface>();
  if (!c)
    return "";
  std::string f = c->getName().stripDialect().str();
  if (c.getBias())
    f += "+bias";
  if (c.getResidual())
    f += "+residual";
  if (c.getLeakyAlphaAttr())
    f += "+leaky";
  if (c.getClampMinAttr() || c.getClampMaxAttr())
    f += "+clamp";
  return f;
}

/// A channel mean, rounded to float: the sums of an NCHW and an NHWC
/// compile add the same values in other orders, and must not give biases
/// one ulp apart (a saved statistic serves both).
double channelMean(double sum, uint64_t count) {
  return (double)(float)(sum / (double)count);
}

/// The channel axis of `v` as the input of a contraction (conv2d input:
/// its layout's channel dimension; matmul lhs: the last), or -1.
/// Through layout transposes too (the axis is mapped back through the
/// permutation), so that statistics saved by a compile with transposes
/// serve one without (and the other way round).
/// Contractions that read `v` with different channel axes (an NCHW conv
/// and a matmul on the same tensor) get none: -1.
int64_t contractionChannelAxis(Value v, int depth = 0) {
  int64_t direct = -1;
  for (Operation *user : v.getUsers()) {
    auto c = dyn_cast<qc::ContractionOpInterface>(user);
    if (!c || c.getActivation() != v)
      continue;
    int64_t a = c.getActivationChannelDim();
    if (direct >= 0 && direct != a)
      return -1;
    direct = a;
  }
  if (direct >= 0)
    return direct;
  if (depth < 2)
    for (Operation *user : v.getUsers()) {
      if (auto t = dyn_cast<qc::TransposeOp>(user)) {
        int64_t a = contractionChannelAxis(t.getResult(), depth + 1);
        ArrayRef<int64_t> perm = t.getPerm();
        if (a >= 0 && a < (int64_t)perm.size())
          return perm[a];
      }
      // A reshape that only moves unit dimensions (the layout change of a
      // one-channel image): the channel is the same non-unit dimension.
      if (auto r = dyn_cast<qc::ReshapeOp>(user)) {
        int64_t a = contractionChannelAxis(r.getResult(), depth + 1);
        ArrayRef<int64_t> in = cast<RankedTensorType>(v.getType()).getShape();
        ArrayRef<int64_t> out =
            cast<RankedTensorType>(r.getResult().getType()).getShape();
        auto nonUnit = [](ArrayRef<int64_t> s) {
          SmallVector<int64_t> dims;
          for (int64_t d : s)
            if (d != 1)
              dims.push_back(d);
          return dims;
        };
        if (a < 0 || nonUnit(in) != nonUnit(out))
          continue;
        if (out[a] == 1) {
          for (auto [i, d] : llvm::enumerate(in))
            if (d == 1)
              return i;
          continue;
        }
        int64_t ordinal = 0;
        for (int64_t i = 0; i < a; ++i)
          ordinal += out[i] != 1;
        for (auto [i, d] : llvm::enumerate(in))
          if (d != 1 && ordinal-- == 0)
            return i;
      }
    }
  return -1;
}

/// Ops that move values without changing them: their statistics are their
/// input's when a saved file lacks them (a layout transpose or reshape that
/// only the compile loading the file has).
bool isValuePreserving(Operation *op) {
  return op && op->hasTrait<OpTrait::qc::RearrangesElements>();
}

llvm::json::Value statsToJSON(StringRef key, StringRef form,
                              const TensorStats &s) {
  llvm::json::Array hist;
  for (uint64_t c : s.hist)
    hist.push_back((int64_t)c);
  llvm::json::Object o{{"key", key},
                            {"min", s.min},
                            {"max", s.max},
                            {"count", (int64_t)s.count},
                            {"hist_min", s.histMin},
                            {"hist_max", s.histMax},
                            {"hist", std::move(hist)}};
  if (!form.empty())
    o["form"] = form.str();
  if (s.channelAxis >= 0 && s.channelCount > 0) {
    llvm::json::Array mean;
    for (double sum : s.channelSum)
      mean.push_back(channelMean(sum, s.channelCount));
    o["channel_axis"] = s.channelAxis;
    o["channel_mean"] = std::move(mean);
  }
  return o;
}

struct CalibratePass : public qc::impl::CalibrateBase<CalibratePass> {
  using CalibrateBase::CalibrateBase;
  CalibratePass(CalibrateOptions options, CalibrationRunner runner)
      : CalibrateBase(std::move(options)), runner(std::move(runner)) {}

  /// Compiles and loads the instrumented model (null: none available).
  CalibrationRunner runner;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    func::FuncOp func = getEntryFunction(module, getArgument());
    if (!func)
      return signalPassFailure();
    if (!(percentile > 0 && percentile <= 100)) {
      module.emitError() << "quantc-calibrate: percentile " << percentile
                         << " is not in (0, 100]";
      return signalPassFailure();
    }
    if (maxSamples < 0) {
      module.emitError() << "quantc-calibrate: max-samples " << maxSamples
                         << " is negative (0 means every sample)";
      return signalPassFailure();
    }
    SmallVector<Value> values = observedValues(func);
    SmallVector<std::string> keys = keysOf(func, values);
    std::vector<TensorStats> stats(values.size());

    // An imported quantized model fixes (most) ranges itself
    // (quantc-fold-fake-quant): without data, every range quantc-quantize
    // needs must be there already.
    if (data.empty() && load.empty() && hasFixedRanges(func)) {
      if (failed(checkFixedRanges(func, values)))
        return signalPassFailure();
      if (!save.empty())
        module.emitWarning()
            << "quantc-calibrate: no statistics to save to " << save
            << ": the model fixes its quantization "
               "parameters and no calibration data is given";
      module->setAttr("qc.calib_method",
                      Builder(&getContext()).getStringAttr("fixed"));
      return;
    }

    if (!load.empty()) {
      if (failed(loadStats(values, keys, stats)))
        return signalPassFailure();
    } else if (failed(runCalibration(module, func, values.size(), stats))) {
      return signalPassFailure();
    }
    if (!save.empty() && failed(saveStats(values, keys, stats)))
      return signalPassFailure();

    Builder b(&getContext());
    for (auto [v, s] : llvm::zip(values, stats)) {
      if (CalibAttr old = CalibAttr::of(v); old && old.getFixed())
        continue; // the model's own quantization parameters
      quantc::Range r = chooseRange(s, method, percentile);
      std::optional<int64_t> channelAxis;
      DenseF64ArrayAttr means;
      // Per-channel means of a contraction's input (quantc-bias-correct).
      // A channel's mean does not depend on the layout, so statistics
      // recorded in NCHW serve the NHWC value (and a layout transpose that
      // took its input's statistics) when the channel counts agree.
      int64_t axis = contractionChannelAxis(v);
      if (s.channelCount > 0 && axis >= 0 &&
          (int64_t)s.channelSum.size() ==
              cast<RankedTensorType>(v.getType()).getDimSize(axis)) {
        SmallVector<double> mean;
        for (double sum : s.channelSum)
          mean.push_back(channelMean(sum, s.channelCount));
        channelAxis = axis;
        means = b.getDenseF64ArrayAttr(mean);
      }
      CalibAttr::get(&getContext(), s.min, s.max, r.lo, r.hi, channelAxis,
                     means)
          .attachTo(v);
    }
    module->setAttr("qc.calib_method", b.getStringAttr(calibMethodName(method)));
  }

  static bool hasFixedRanges(func::FuncOp func) {
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (func.getArgAttr(i, QCDialect::kQParamsAttrName))
        return true;
    bool found = false;
    func.walk([&](Operation *op) {
      found |= op->hasAttr(QCDialect::kQParamsAttrName);
    });
    return found;
  }

  /// Every range quantc-quantize reads (float entry arguments and the
  /// results of ops with their own range) is fixed or bounded; otherwise
  /// an error naming the first tensor without one.
  LogicalResult checkFixedRanges(func::FuncOp func, ArrayRef<Value> values) {
    for (Value v : values) {
      auto arg = dyn_cast<BlockArgument>(v);
      if (!arg && !v.getDefiningOp()->hasTrait<OpTrait::qc::RequantizesResult>())
        continue;
      if (CalibAttr::of(v))
        continue;
      const char *fix = " (no QuantizeLinear of the imported model fixes "
                        "its parameters): give --calib-data";
      if (arg) {
        auto name = func.getArgAttrOfType<StringAttr>(arg.getArgNumber(),
                                                      quantc::kONNXNameAttr);
        return func.emitError()
               << "quantc-calibrate: no calibration data and no fixed "
                  "quantization parameters for input '"
               << (name ? name.getValue() : StringRef("?")) << "'" << fix;
      }
      Operation *op = v.getDefiningOp();
      return op->emitError() << "quantc-calibrate: no calibration data and "
                                "no fixed quantization parameters for the "
                                "result of "
                             << op->getName() << fix;
    }
    return success();
  }

  /// Gathers calibration samples: from `data`, or distilled.
  LogicalResult samplesFor(func::FuncOp func,
                           std::vector<CalibrationSample> &samples) {
    std::vector<InputSpec> specs;
    for (auto [i, t] : llvm::enumerate(func.getArgumentTypes())) {
      auto type = dyn_cast<RankedTensorType>(t);
      if (!type || !type.hasStaticShape())
        return func.emitError() << "quantc-calibrate: argument " << i
                                << " has type " << t
                                << ", not a static tensor";
      InputSpec spec;
      auto name = func.getArgAttrOfType<StringAttr>(i, quantc::kONNXNameAttr);
      spec.name = name ? name.str() : "input" + std::to_string(i);
      spec.shape.assign(type.getShape().begin(), type.getShape().end());
      if (!type.getElementType().isF32())
        return func.emitError() << "quantc-calibrate: input '" << spec.name
                                << "' is not float32";
      specs.push_back(spec);
    }
    std::string error;
    if (data.empty())
      return func.emitError("quantc-calibrate: no calibration data (give "
                            "data=PATH or load=FILE; the quantc driver "
                            "synthesizes data when it has none)");
    if (!loadCalibrationData(data, specs, samples, error))
      return func.emitError() << error;
    if (maxSamples > 0 && (int64_t)samples.size() > maxSamples)
      samples.resize(maxSamples);
    return success();
  }

  LogicalResult runCalibration(ModuleOp module, func::FuncOp func,
                               size_t numValues,
                               std::vector<TensorStats> &stats) {
    std::vector<CalibrationSample> samples;
    if (failed(samplesFor(func, samples)))
      return failure();
    if (!runner)
      return module.emitError("quantc-calibrate: no code generator is "
                              "available to run the model (calibrate through "
                              "quantc, or use load=FILE)");

    // The instrumented copy returns every observed activation.
    OwningOpRef<ModuleOp> copy = module.clone();
    auto copyFunc = copy->lookupSymbol<func::FuncOp>("main");
    SmallVector<Value> observed = observedValues(copyFunc);
    // Inputs of contractions also get per-channel means (bias correction).
    // (Read before compiling: the compiler consumes the copy.)
    std::vector<std::vector<int64_t>> shapes(numValues);
    for (size_t k = 0; k < numValues && k < observed.size(); ++k) {
      ArrayRef<int64_t> shape =
          cast<RankedTensorType>(observed[k].getType()).getShape();
      shapes[k].assign(shape.begin(), shape.end());
      stats[k].channelAxis = contractionChannelAxis(observed[k]);
    }

    auto ret = cast<func::ReturnOp>(copyFunc.getBody().back().getTerminator());
    unsigned numOutputs = ret.getNumOperands();
    SmallVector<Value> results(ret.getOperands());
    results.append(observed.begin(), observed.end());
    OpBuilder b(ret);
    func::ReturnOp::create(b, ret.getLoc(), results);
    ret.erase();
    copyFunc.setType(FunctionType::get(&getContext(),
                                       copyFunc.getArgumentTypes(),
                                       ValueRange(results).getTypes()));
    // Attributes of the extra results (ONNX names) are not needed.
    SmallVector<DictionaryAttr> resultAttrs(results.size());
    for (unsigned i = 0; i < numOutputs; ++i)
      resultAttrs[i] = copyFunc.getResultAttrDict(i);
    copyFunc.setAllResultAttrs(resultAttrs);

    std::string error;
    std::unique_ptr<LoadedModel> model =
        runner(*copy, threads, error);
    if (!model)
      return module.emitError() << "quantc-calibrate: " << error;

    std::vector<HostTensor> outputs = model->makeOutputs();
    int64_t n = samples.size();
    Progress progress("calibrating", 2 * n, this->progress);
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1)
        for (TensorStats &s : stats)
          s.startHistogram();
      for (int64_t i = 0; i < n; ++i) {
        if (!model->run(samples[i], outputs, error))
          return module.emitError() << "quantc-calibrate: sample " << i
                                    << ": " << error;
        for (size_t k = 0; k < numValues; ++k) {
          const HostTensor &t = outputs[numOutputs + k];
          if (pass == 0) {
            stats[k].observeMinMax(t.as<float>(), t.numElements());
            stats[k].observeChannels(t.as<float>(), shapes[k]);
          }
          else
            stats[k].observeHistogram(t.as<float>(), t.numElements());
        }
        progress.step(pass * n + i + 1);
      }
    }
    return success();
  }

  LogicalResult saveStats(ArrayRef<Value> values, ArrayRef<std::string> keys,
                          const std::vector<TensorStats> &stats) {
    llvm::json::Array tensors;
    for (auto [v, k, s] : llvm::zip(values, keys, stats))
      tensors.push_back(statsToJSON(k, formOf(v), s));
    auto source = getOperation()->getAttrOfType<StringAttr>("qc.source");
    llvm::json::Object root{{"quantc_calibration", 1},
                            {"model", source ? source.str() : ""},
                            {"tensors", std::move(tensors)}};
    std::error_code ec;
    llvm::raw_fd_ostream os(save, ec);
    if (ec)
      return getOperation().emitError() << "cannot write " << save << ": "
                                        << ec.message();
    os << llvm::formatv("{0:1}", llvm::json::Value(std::move(root))) << "\n";
    return success();
  }

  LogicalResult loadStats(ArrayRef<Value> values, ArrayRef<std::string> keys,
                          std::vector<TensorStats> &stats) {
    ModuleOp module = getOperation();
    auto buffer = llvm::MemoryBuffer::getFile(load);
    if (!buffer)
      return module.emitError() << "cannot read calibration file " << load
                                << ": " << buffer.getError().message();
    llvm::Expected<llvm::json::Value> json =
        llvm::json::parse((*buffer)->getBuffer());
    if (!json)
      return module.emitError() << load << ": not JSON: "
                                << llvm::toString(json.takeError());
    auto *root = json->getAsObject();
    auto *tensors = root ? root->getArray("tensors") : nullptr;
    if (!tensors)
      return module.emitError() << load
                                << ": not a quantc calibration file";
    std::optional<int64_t> version = root->getInteger("quantc_calibration");
    if (!version || *version != 1)
      return module.emitError()
             << load << ": unsupported calibration file version (expected "
                "\"quantc_calibration\": 1)";
    llvm::StringMap<const llvm::json::Object *> byKey;
    for (const llvm::json::Value &t : *tensors)
      if (auto *o = t.getAsObject())
        if (auto k = o->getString("key"))
          byKey[*k] = o;
    llvm::DenseMap<Value, size_t> indexOf;
    for (auto [i, v] : llvm::enumerate(values))
      indexOf[v] = i;
    for (auto [v, key, s] : llvm::zip(values, keys, stats)) {
      auto it = byKey.find(key);
      if (it == byKey.end()) {
        Operation *op = v.getDefiningOp();
        if (isValuePreserving(op)) {
          auto in = indexOf.find(op->getOperand(0));
          if (in != indexOf.end()) {
            // Operands precede their users in walk order: already loaded.
            s = stats[in->second];
            continue;
          }
        }
        return module.emitError()
               << load << " has no statistics for tensor '" << key
               << "': it was made for another model or other options";
      }
      const llvm::json::Object &o = *it->second;
      std::string keyName = key;
      std::string form = formOf(v);
      std::optional<StringRef> savedForm = o.getString("form");
      if (savedForm && *savedForm != form)
        return module.emitError()
               << load << ": the statistics of tensor '" << key
               << "' were recorded for a " << *savedForm << ", here it is a "
               << (form.empty() ? std::string("value of another kind") : form)
               << ": recalibrate (the compile that saved them fused another "
                  "epilogue)";
      auto bad = [&](const Twine &why) {
        return module.emitError() << load << ": tensor '" << keyName << "': "
                                  << why;
      };
      std::optional<double> mn = o.getNumber("min"), mx = o.getNumber("max");
      if (!mn || !mx || !std::isfinite(*mn) || !std::isfinite(*mx))
        return bad("expected finite numbers \"min\" and \"max\"");
      if (*mn > *mx)
        return bad("min " + std::to_string(*mn) + " is above max " +
                   std::to_string(*mx));
      s.min = *mn;
      s.max = *mx;
      std::optional<int64_t> count = o.getInteger("count");
      if (count && *count < 0)
        return bad("negative count");
      s.count = count.value_or(0);
      s.histMin = o.getNumber("hist_min").value_or(s.min);
      s.histMax = o.getNumber("hist_max").value_or(s.max);
      if (!(s.histMin <= s.histMax))
        return bad("hist_min is above hist_max");
      if (auto *h = o.getArray("hist"))
        for (const llvm::json::Value &c : *h) {
          std::optional<int64_t> n = c.getAsInteger();
          if (!n || *n < 0)
            return bad("histogram counts must be non-negative integers");
          s.hist.push_back(*n);
        }
      if (auto *mean = o.getArray("channel_mean")) {
        std::optional<int64_t> axis = o.getInteger("channel_axis");
        if (!axis)
          return bad("channel_mean without channel_axis");
        s.channelAxis = *axis;
        for (const llvm::json::Value &m : *mean) {
          std::optional<double> d = m.getAsNumber();
          if (!d || !std::isfinite(*d))
            return bad("channel means must be finite numbers");
          s.channelSum.push_back(*d);
        }
        s.channelCount = 1;
      }
      if (!s.hist.empty() && (int)s.hist.size() != TensorStats::kBins)
        return module.emitError() << load << ": malformed histogram for '"
                                  << key << "'";
    }
    return success();
  }
};

} // namespace

std::unique_ptr<Pass> qc::createCalibrate(CalibrateOptions options,
                                          CalibrationRunner runner) {
  return std::make_unique<CalibratePass>(std::move(options),
                                         std::move(runner));
}
