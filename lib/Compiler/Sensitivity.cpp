//===- Sensitivity.cpp - Hessian-trace layer sensitivity ------------------===//
//
// Part of the quantc project.
//
// The float model, in qc after BatchNorm folding (NCHW), gets a loss
// (cross-entropy against labels, or against the float model's own output
// distribution: KL divergence up to its constant entropy) and every layer's
// weight constant becomes an argument; quantc-differentiate's
// buildGradientFunction adds the gradient g(w), and differentiating
// <g(w), v> once more gives the Hessian-vector product H v (reverse over
// reverse, exact: a ReLU's mask has no derivative, as in PyTorch's double
// backward). compileToLoadedModel turns it into native code (the
// convolutions of forward and backward on the NHWC kernels). Hutchinson's
// estimator: Tr(H_i) = E[v_i . (H v)_i] for Rademacher v over all weights
// at once (the cross terms between blocks have zero mean).
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Sensitivity.h"
#include "quantc/Compiler/Compiler.h"
#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/NodeName.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Import/ONNXImporter.h"
#include "quantc/Quantization/CalibrationData.h"
#include "quantc/Support/LoadedModel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <random>

using namespace mlir;
using namespace quantc;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// Conv, Gemm, MatMul and ConvTranspose nodes' weight initializers, by node
/// name, read off the imported (not yet legalized) module: BatchNorm
/// folding replaces the constants the layers end up with.
llvm::StringMap<std::string> weightInitializers(ModuleOp module) {
  llvm::StringMap<std::string> names;
  module.walk([&](qc::OnnxOp op) {
    if (!llvm::is_contained({"Conv", "ConvTranspose", "Gemm", "MatMul"},
                            op.getOpType()) ||
        op->getNumOperands() < 2)
      return;
    if (auto c = op->getOperand(1).getDefiningOp<qc::ConstantOp>())
      if (auto n = dyn_cast<NameLoc>(c.getLoc()))
        names[qc::onnxNodeName(op.getLoc())] = n.getName().str();
  });
  return names;
}

/// The float pipeline sensitivity differentiates: compile()'s frontend
/// (legalized, BatchNorm folded into the contractions: the weights as they
/// will be quantized, epilogues fused) kept in ONNX's NCHW layout, which
/// the VJPs take (compileToLoadedModel converts to the NHWC kernels).
LogicalResult prepareFloatModule(ModuleOp module) {
  PassManager pm(module->getContext());
  CompileOptions options;
  options.keepNCHW = true;
  buildQCPipeline(pm, options);
  return pm.run(module);
}

struct Layer : SensitivityLayer {
  qc::ConstantOp constant;
};

/// The model as the gradient sees it: entry `main`, and what the loss is
/// taken of.
struct Prepared {
  OwningOpRef<ModuleOp> module;
  func::FuncOp main;
  int64_t batch = 0;   ///< images per run (the output's leading dim)
  int64_t classes = 0; ///< the output's other elements
  /// The output is a softmax's (probabilities): the loss takes its input.
  bool probabilities = false;
};

OwningOpRef<ModuleOp> importAndPrepare(MLIRContext &ctx, StringRef path,
                                       const ONNXImportOptions &importOptions,
                                       llvm::StringMap<std::string> *names) {
  OwningOpRef<ModuleOp> module = importONNXFile(ctx, path, importOptions);
  if (!module)
    return nullptr;
  if (names)
    *names = weightInitializers(*module);
  if (failed(prepareFloatModule(*module)))
    return nullptr;
  return module;
}

LogicalResult inspectEntry(Prepared &p, Location fileLoc);

/// Imports the model at the batch of its own (or the given) input shapes.
FailureOr<Prepared>
importModel(MLIRContext &ctx, StringRef path,
            const llvm::StringMap<std::vector<int64_t>> &inputShapes,
            llvm::StringMap<std::string> &names) {
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  ONNXImportOptions importOptions;
  for (const auto &e : inputShapes)
    importOptions.inputShapes[e.getKey()] = e.getValue();
  Prepared p;
  p.module = importAndPrepare(ctx, path, importOptions, &names);
  if (!p.module || failed(inspectEntry(p, fileLoc)))
    return failure();
  return p;
}

/// Re-imports a model of batch 1 with `wanted` images per run (the data
/// gradients are convolutions: a batch keeps the kernels busy). A graph
/// that fixes its batch (a Reshape to [1, ...]) keeps 1, with a remark.
void rebatch(MLIRContext &ctx, StringRef path, Prepared &p, int64_t wanted) {
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  ONNXImportOptions batched;
  batched.noteDefaultedDims = false;
  batched.overrideFixedBatch = true;
  for (auto [i, t] : llvm::enumerate(p.main.getArgumentTypes())) {
    auto name = p.main.getArgAttrOfType<StringAttr>(i, kONNXNameAttr);
    if (!name)
      return;
    auto shape = cast<RankedTensorType>(t).getShape();
    std::vector<int64_t> s(shape.begin(), shape.end());
    s[0] = wanted;
    batched.inputShapes[name.getValue()] = s;
  }
  Prepared q;
  bool ok = false;
  {
    ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });
    q.module = importAndPrepare(ctx, path, batched, nullptr);
    ok = q.module && succeeded(inspectEntry(q, fileLoc)) && q.batch == wanted &&
         q.classes == p.classes && q.probabilities == p.probabilities;
  }
  if (ok)
    p = std::move(q);
  else
    emitRemark(fileLoc) << "--sensitivity: the graph fixes its batch at 1: "
                           "gradients run one image at a time";
}

/// Checks the entry and reads its classifier output.
LogicalResult inspectEntry(Prepared &p, Location fileLoc) {
  p.main = p.module->lookupSymbol<func::FuncOp>("main");
  if (!p.main)
    return emitError(fileLoc) << "internal error: no entry function";
  for (auto [i, t] : llvm::enumerate(p.main.getArgumentTypes())) {
    auto type = dyn_cast<RankedTensorType>(t);
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
        type.getRank() == 0)
      return emitError(fileLoc)
             << "--sensitivity: input " << i << " has type " << t
             << "; sensitivity needs float32 inputs with a batch dimension";
  }
  if (p.main.getNumResults() == 0)
    return emitError(fileLoc) << "--sensitivity: the model has no output";
  auto out = dyn_cast<RankedTensorType>(p.main.getResultTypes()[0]);
  if (!out || !out.hasStaticShape() || !out.getElementType().isF32() ||
      out.getRank() == 0)
    return emitError(fileLoc) << "--sensitivity: the first output has type "
                              << p.main.getResultTypes()[0]
                              << "; the loss needs float32 scores [N, ...]";
  p.batch = out.getDimSize(0);
  p.classes = out.getNumElements() / std::max<int64_t>(p.batch, 1);
  auto in = cast<RankedTensorType>(p.main.getArgumentTypes()[0]);
  if (in.getDimSize(0) != p.batch)
    return emitError(fileLoc)
           << "--sensitivity: the first output " << out
           << " does not have one row per image of the first input " << in
           << " (the loss is a mean over images)";
  auto ret = cast<func::ReturnOp>(p.main.front().getTerminator());
  if (auto softmax = ret.getOperand(0).getDefiningOp<qc::SoftmaxOp>())
    p.probabilities = (int64_t)softmax.getAxis() == out.getRank() - 1 &&
                      out.getDimSize(out.getRank() - 1) == p.classes;
  return success();
}

/// Every contraction whose weights are a float constant, in program order
/// (a constant shared by several is one layer, named after the first).
std::vector<Layer> findLayers(func::FuncOp main,
                              const llvm::StringMap<std::string> &names) {
  std::vector<Layer> layers;
  llvm::DenseSet<Operation *> seen;
  main.walk([&](qc::ContractionOpInterface c) {
    auto constant = c.getWeights().getDefiningOp<qc::ConstantOp>();
    if (!constant || !seen.insert(constant).second)
      return;
    auto type = cast<RankedTensorType>(constant.getType());
    if (!type.getElementType().isF32())
      return;
    std::optional<std::vector<float>> values =
        qc::getF32Values(cast<ElementsAttr>(constant.getValue()));
    if (!values)
      return;
    Layer l;
    l.constant = constant;
    l.node = qc::onnxNodeName(c->getLoc());
    auto it = names.find(l.node);
    if (it != names.end())
      l.weight = it->second;
    else if (auto n = dyn_cast<NameLoc>(constant.getLoc()))
      l.weight = n.getName().str();
    l.op = c->getName().stripDialect().str();
    l.shape.assign(type.getShape().begin(), type.getShape().end());
    l.channelDim = c.getWeightChannelDim();
    l.values = std::move(*values);
    layers.push_back(std::move(l));
  });
  return layers;
}

/// Adds `@main_loss(inputs..., target [N, C], weights...) -> loss [1, 1]`,
/// loss = -sum(target * log_softmax(scores)), and returns the index of
/// the first weight argument.
FailureOr<func::FuncOp> buildLossFunction(Prepared &p, ArrayRef<Layer> layers) {
  func::FuncOp main = p.main;
  IRMapping mapping;
  OpBuilder b(main);
  b.setInsertionPointAfter(main);
  auto loss = cast<func::FuncOp>(b.clone(*main, mapping));
  loss.setName("main_loss");
  loss.setPrivate();
  loss.removeArgAttrsAttr();
  loss.removeResAttrsAttr();
  Block &entry = loss.front();
  Location loc = main.getLoc();
  Type f32 = b.getF32Type();
  auto targetType = RankedTensorType::get({p.batch, p.classes}, f32);
  Value target = entry.addArgument(targetType, loc);
  for (const Layer &l : layers) {
    qc::ConstantOp constant = l.constant;
    Value c = mapping.lookup(constant.getResult());
    c.replaceAllUsesWith(entry.addArgument(c.getType(), constant.getLoc()));
  }

  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  Value scores = ret.getOperand(0);
  if (p.probabilities)
    scores = scores.getDefiningOp<qc::SoftmaxOp>().getInput();
  if (cast<RankedTensorType>(scores.getType()).getShape() !=
      targetType.getShape())
    scores = qc::ReshapeOp::create(b, loc, targetType, scores);
  Value logp = qc::LogSoftmaxOp::create(b, loc, targetType, scores, 1);
  Value prod = qc::MulOp::create(b, loc, targetType, target, logp);
  auto scalarType = RankedTensorType::get({1, 1}, f32);
  Value sum =
      qc::ReduceSumOp::create(b, loc, scalarType, prod, ArrayRef<int64_t>{0, 1},
                              true, qc::RequantAttr());
  Value neg = qc::NegOp::create(b, loc, scalarType, sum);
  func::ReturnOp::create(b, ret.getLoc(), neg);
  ret.erase();
  loss.setFunctionType(FunctionType::get(
      b.getContext(), entry.getArgumentTypes(), {scalarType}));
  return loss;
}

/// The gradient of `p`'s loss with respect to every layer's weights (p's
/// module becomes the gradient's).
FailureOr<LossGradient>
finishGradient(Prepared &p, const llvm::StringMap<std::string> &names,
               Location fileLoc) {
  std::vector<Layer> layers = findLayers(p.main, names);
  if (layers.empty())
    return emitError(fileLoc) << "--sensitivity: the model has no layer "
                                 "with constant float weights (Conv, Gemm, "
                                 "MatMul)";
  LossGradient g;
  g.batch = p.batch;
  g.classes = p.classes;
  g.probabilities = p.probabilities;
  g.forward = p.module->clone();
  FailureOr<func::FuncOp> lossFn = buildLossFunction(p, layers);
  if (failed(lossFn))
    return failure();
  unsigned numInputs = p.main.getNumArguments();
  SmallVector<unsigned> wrt;
  for (size_t i = 0; i < layers.size(); ++i)
    wrt.push_back(numInputs + 1 + i);
  FailureOr<func::FuncOp> grad =
      qc::buildGradientFunction(*lossFn, wrt, "main_loss_grad");
  if (failed(grad))
    return failure();
  // The artifact's names: the model's inputs, `target`, the weights; the
  // loss and one gradient per weight.
  MLIRContext *ctx = p.module->getContext();
  auto name = [&](StringRef n) {
    return NamedAttribute(StringAttr::get(ctx, kONNXNameAttr),
                          StringAttr::get(ctx, n));
  };
  for (unsigned i = 0; i < numInputs; ++i)
    if (auto n = p.main.getArgAttrOfType<StringAttr>(i, kONNXNameAttr))
      grad->setArgAttrs(i, ArrayRef<NamedAttribute>{name(n.getValue())});
  grad->setArgAttrs(numInputs, ArrayRef<NamedAttribute>{name("target")});
  grad->setResultAttrs(0, ArrayRef<NamedAttribute>{name("loss")});
  for (auto [i, l] : llvm::enumerate(layers)) {
    std::string w = l.weight.empty() ? l.node + ".weight" : l.weight;
    grad->setArgAttrs(numInputs + 1 + i, ArrayRef<NamedAttribute>{name(w)});
    grad->setResultAttrs(1 + i, ArrayRef<NamedAttribute>{name("grad_" + w)});
  }
  p.main.erase();
  lossFn->erase();
  grad->setName("main");
  grad->setPublic();
  g.gradient = std::move(p.module);
  for (Layer &l : layers)
    g.layers.push_back(std::move(static_cast<SensitivityLayer &>(l)));
  return g;
}

/// The images of the run: calibration samples concatenated `perRun` at a
/// time along dimension 0 (zero-padded at the end).
std::vector<std::vector<HostTensor>>
makeBatches(const std::vector<CalibrationSample> &samples, int64_t perRun) {
  std::vector<std::vector<HostTensor>> batches;
  for (size_t s = 0; s < samples.size(); s += perRun) {
    std::vector<HostTensor> batch;
    for (size_t in = 0; in < samples[s].size(); ++in) {
      const HostTensor &first = samples[s][in];
      std::vector<int64_t> shape = first.shape;
      shape[0] *= perRun;
      HostTensor t = HostTensor::zeros(first.dtype, shape);
      size_t bytes = first.byteSize();
      for (int64_t k = 0; k < perRun && s + k < samples.size(); ++k)
        std::memcpy(t.data.data() + k * bytes, samples[s + k][in].data.data(),
                    bytes);
      batch.push_back(std::move(t));
    }
    batches.push_back(std::move(batch));
  }
  return batches;
}

/// Log-softmax of a row.
void logSoftmax(const float *z, int64_t n, std::vector<double> &out) {
  double m = -INFINITY;
  for (int64_t i = 0; i < n; ++i)
    m = std::max(m, (double)z[i]);
  double s = 0;
  for (int64_t i = 0; i < n; ++i)
    s += std::exp((double)z[i] - m);
  double lse = m + std::log(s);
  out.resize(n);
  for (int64_t i = 0; i < n; ++i)
    out[i] = (double)z[i] - lse;
}

void printTime(const SensitivityOptions &o, const char *phase, double s) {
  if (o.printTimes)
    llvm::errs() << llvm::format("quantc: sensitivity: %-28s %8.2f s\n", phase,
                                 s);
}

} // namespace

FailureOr<LossGradient>
quantc::buildLossGradient(MLIRContext &ctx, StringRef inputPath,
                          const llvm::StringMap<std::vector<int64_t>> &shapes,
                          int64_t batch) {
  llvm::StringMap<std::string> names;
  FailureOr<Prepared> p = importModel(ctx, inputPath, shapes, names);
  if (failed(p))
    return failure();
  if (shapes.empty() && p->batch == 1 && batch > 1)
    rebatch(ctx, inputPath, *p, batch);
  return finishGradient(*p, names, FileLineColLoc::get(&ctx, inputPath, 0, 0));
}

/// The Hessian-vector product of the loss, by reverse over reverse: the
/// gradient function G(inputs, target, w) -> (loss, g) becomes
/// D(inputs, target, w, v) = sum_i <g_i, v_i>, and its own gradient with
/// respect to w is H v (the VJP of a ReLU's mask is none, so the product is
/// that of the Hessian almost everywhere, as PyTorch's double backward).
/// Entry `main(inputs..., target, weights..., probes...) -> (<g, v>,
/// hvp_<weight>...)`.
FailureOr<OwningOpRef<ModuleOp>> quantc::buildHessianVectorModule(
    ModuleOp gradient, ArrayRef<SensitivityLayer> layers, Location fileLoc) {
  OwningOpRef<ModuleOp> m = gradient.clone();
  MLIRContext *ctx = m->getContext();
  {
    // The data gradients' transposed convolutions as convolutions (which
    // have VJPs).
    PassManager pm(ctx);
    pm.addPass(qc::createDecomposeConvTranspose());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
    if (failed(pm.run(*m)))
      return emitError(fileLoc) << "internal error: preparing the gradient "
                                   "for the Hessian-vector product failed";
  }
  auto g = m->lookupSymbol<func::FuncOp>("main");
  g.setName("main_grad");
  g.setPrivate();
  OpBuilder b(g);
  b.setInsertionPointAfter(g);
  auto dot = cast<func::FuncOp>(b.clone(*g));
  dot.setName("main_grad_dot");
  dot.removeResAttrsAttr();
  Block &entry = dot.front();
  unsigned numWeights = layers.size();
  unsigned first = entry.getNumArguments() - numWeights;
  auto ret = cast<func::ReturnOp>(entry.getTerminator());
  b.setInsertionPoint(ret);
  Location loc = ret.getLoc();
  Type f32 = b.getF32Type();
  auto scalarType = RankedTensorType::get({1, 1}, f32);
  Value acc;
  for (unsigned i = 0; i < numWeights; ++i) {
    Value gi = ret.getOperand(1 + i);
    auto type = cast<RankedTensorType>(gi.getType());
    Value vi = entry.addArgument(type, loc);
    Value prod = qc::MulOp::create(b, loc, type, gi, vi);
    auto axes = llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    SmallVector<int64_t> ones(type.getRank(), 1);
    Value sum =
        qc::ReduceSumOp::create(b, loc, RankedTensorType::get(ones, f32), prod,
                                axes, true, qc::RequantAttr());
    if (type.getRank() != 2)
      sum = qc::ReshapeOp::create(b, loc, scalarType, sum);
    acc =
        acc ? qc::AddOp::create(b, loc, scalarType, acc, sum).getResult() : sum;
  }
  func::ReturnOp::create(b, loc, acc);
  ret.erase();
  dot.setFunctionType(
      FunctionType::get(ctx, entry.getArgumentTypes(), {scalarType}));
  SmallVector<unsigned> wrt;
  for (unsigned i = 0; i < numWeights; ++i)
    wrt.push_back(first + i);
  FailureOr<func::FuncOp> hvp = qc::buildGradientFunction(dot, wrt, "main_hvp");
  if (failed(hvp))
    return failure();
  auto name = [&](StringRef n) {
    return NamedAttribute(StringAttr::get(ctx, kONNXNameAttr),
                          StringAttr::get(ctx, n));
  };
  for (unsigned i = 0; i < first + numWeights; ++i)
    if (auto n = g.getArgAttrOfType<StringAttr>(i, kONNXNameAttr))
      hvp->setArgAttrs(i, ArrayRef<NamedAttribute>{name(n.getValue())});
  hvp->setResultAttrs(0, ArrayRef<NamedAttribute>{name("dot")});
  for (unsigned i = 0; i < numWeights; ++i) {
    const SensitivityLayer &l = layers[i];
    std::string w = l.weight.empty() ? l.node + ".weight" : l.weight;
    hvp->setArgAttrs(first + numWeights + i,
                     ArrayRef<NamedAttribute>{name("probe_" + w)});
    hvp->setResultAttrs(1 + i, ArrayRef<NamedAttribute>{name("hvp_" + w)});
  }
  g.erase();
  dot.erase();
  hvp->setName("main");
  hvp->setPublic();
  PassManager pm(ctx);
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (failed(pm.run(*m)))
    return failure();
  return m;
}

double quantc::quantizationErrorNorm2(ArrayRef<float> weights,
                                      ArrayRef<int64_t> shape,
                                      int64_t channelDim, int bits) {
  int64_t channels = 1, inner = std::max<int64_t>(weights.size(), 1);
  if (channelDim >= 0 && channelDim < (int64_t)shape.size()) {
    channels = shape[channelDim];
    inner = 1;
    for (size_t d = channelDim + 1; d < shape.size(); ++d)
      inner *= shape[d];
  }
  auto channelOf = [&](size_t i) { return (i / inner) % channels; };
  std::vector<double> maxAbs(channels, 0.0);
  for (size_t i = 0; i < weights.size(); ++i)
    maxAbs[channelOf(i)] =
        std::max(maxAbs[channelOf(i)], std::fabs((double)weights[i]));
  double qmax = std::ldexp(1.0, bits - 1) - 1;
  double err = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    double m = maxAbs[channelOf(i)];
    if (m == 0)
      continue;
    double s = m / qmax;
    double q = std::clamp(std::nearbyint(weights[i] / s), -qmax, qmax);
    double d = q * s - weights[i];
    err += d * d;
  }
  return err;
}

FailureOr<SensitivityReport>
quantc::computeSensitivity(MLIRContext &ctx,
                           const SensitivityOptions &options) {
  Location fileLoc = FileLineColLoc::get(&ctx, options.inputPath, 0, 0);
  if (!(options.tolerance > 0))
    return emitError(fileLoc)
           << "--sensitivity-tol=" << options.tolerance << " must be positive";
  if (options.maxProbes < 1 || options.minProbes < 1)
    return emitError(fileLoc) << "--max-probes must be at least 1";
  if (options.calibData.empty())
    return emitError(fileLoc) << "--sensitivity needs --calib-data (the "
                                 "samples the loss is a mean over)";
  auto t0 = Clock::now();

  // 1. The float model as it will be quantized, at the model's batch.
  llvm::StringMap<std::string> names;
  FailureOr<Prepared> prepared =
      importModel(ctx, options.inputPath, options.inputShapes, names);
  if (failed(prepared))
    return failure();
  Prepared &p = *prepared;

  // 2. The data, per sample of the model's own input shapes.
  std::vector<InputSpec> specs;
  for (auto [i, t] : llvm::enumerate(p.main.getArgumentTypes())) {
    InputSpec spec;
    auto name = p.main.getArgAttrOfType<StringAttr>(i, kONNXNameAttr);
    spec.name = name ? name.str() : "input" + std::to_string(i);
    auto shape = cast<RankedTensorType>(t).getShape();
    spec.shape.assign(shape.begin(), shape.end());
    specs.push_back(spec);
  }
  std::vector<CalibrationSample> samples;
  std::string error;
  if (!loadCalibrationData(options.calibData, specs, samples, error))
    return emitError(fileLoc) << "--calib-data: " << error;
  if (options.calibSamples > 0 &&
      (int64_t)samples.size() > options.calibSamples)
    samples.resize(options.calibSamples);
  int64_t images = (int64_t)samples.size() * p.batch;

  std::vector<int64_t> labels;
  if (!options.labels.empty()) {
    HostTensor t;
    if (!readTensorFile(options.labels, t, error))
      return emitError(fileLoc) << "--labels: " << error;
    bool column = t.shape.size() == 2 && t.shape[1] == 1;
    if ((t.dtype != DType::I64 && t.dtype != DType::I32) ||
        (t.shape.size() != 1 && !column))
      return emitError(fileLoc)
             << "--labels: " << options.labels << " holds " << t.describe()
             << "; expected class indices, int64 or int32 [N]";
    for (int64_t i = 0; i < t.numElements(); ++i)
      labels.push_back(t.dtype == DType::I64 ? t.as<int64_t>()[i]
                                             : t.as<int32_t>()[i]);
    if (options.calibSamples > 0 && (int64_t)labels.size() > images)
      labels.resize(images);
    if ((int64_t)labels.size() != images)
      return emitError(fileLoc)
             << "--labels: " << labels.size() << " labels for " << images
             << " images of --calib-data";
    for (auto [i, l] : llvm::enumerate(labels))
      if (l < 0 || l >= p.classes)
        return emitError(fileLoc)
               << "--labels: label " << l << " of image " << i
               << " is not a class of the model's " << p.classes << " outputs";
  }

  // 3. More images per run when the graph allows.
  int64_t wanted =
      options.batch > 0 ? options.batch : std::min<int64_t>(32, samples.size());
  int64_t sampleBatch = p.batch;
  if (options.inputShapes.empty() && p.batch == 1 && wanted > 1)
    rebatch(ctx, options.inputPath, p, wanted);
  int64_t perRun = p.batch / sampleBatch; // samples per run
  FailureOr<LossGradient> lg = finishGradient(p, names, fileLoc);
  if (failed(lg))
    return failure();
  std::vector<SensitivityLayer> &layers = lg->layers;
  printTime(options, "import and prepare", secondsSince(t0));

  // 4. The forward (for the loss and the KL targets) and the gradient.
  auto t1 = Clock::now();
  CompileOptions compileOptions;
  std::unique_ptr<LoadedModel> forward = compileToLoadedModel(
      *lg->forward, compileOptions, options.threads, error);
  if (!forward)
    return emitError(fileLoc) << "--sensitivity: " << error;
  FailureOr<OwningOpRef<ModuleOp>> hvpModule =
      buildHessianVectorModule(*lg->gradient, layers, fileLoc);
  if (failed(hvpModule))
    return failure();
  lg->gradient = nullptr;
  std::unique_ptr<LoadedModel> hvp =
      compileToLoadedModel(**hvpModule, compileOptions, options.threads, error);
  if (!hvp)
    return emitError(fileLoc) << "--sensitivity: " << error;
  printTime(options, "compile forward and Hessian-vector product",
            secondsSince(t1));

  // 5. Targets and the loss at the float weights.
  auto t2 = Clock::now();
  std::vector<std::vector<HostTensor>> batches = makeBatches(samples, perRun);
  int64_t rows = p.batch; // output rows (images) per run
  std::vector<HostTensor> targets;
  double lossSum = 0;
  std::vector<double> logp;
  for (size_t bi = 0; bi < batches.size(); ++bi) {
    std::vector<HostTensor> out = forward->makeOutputs();
    if (!forward->run(batches[bi], out, error))
      return emitError(fileLoc) << "--sensitivity: " << error;
    HostTensor t = HostTensor::zeros(DType::F32, {rows, p.classes});
    const float *scores = out[0].as<float>();
    for (int64_t r = 0; r < rows; ++r) {
      int64_t image = (int64_t)bi * rows + r;
      if (image >= images)
        break; // padding: a zero target adds nothing
      const float *z = scores + r * p.classes;
      float *tr = t.as<float>() + r * p.classes;
      if (p.probabilities) {
        logp.resize(p.classes);
        for (int64_t c = 0; c < p.classes; ++c)
          logp[c] = std::log(std::max((double)z[c], 1e-45));
      } else {
        logSoftmax(z, p.classes, logp);
      }
      if (!labels.empty()) {
        tr[labels[image]] = 1;
        lossSum -= logp[labels[image]];
      } else {
        // KL(p || p) = 0 at the float weights; the gradient's loss is the
        // cross-entropy -sum p log q, whose Hessian is KL's.
        for (int64_t c = 0; c < p.classes; ++c)
          tr[c] = (float)std::exp(logp[c]);
      }
    }
    targets.push_back(std::move(t));
  }
  SensitivityReport report;
  report.lossKind = labels.empty() ? "kl_divergence" : "cross_entropy";
  report.loss = lossSum / images;
  report.samples = images;
  report.batch = rows;
  report.tolerance = options.tolerance;
  report.seed = options.seed;
  printTime(options, "loss and targets", secondsSince(t2));

  // 6. Hutchinson.
  auto t3 = Clock::now();
  // Each run's inputs, built once: its images, its targets, the float
  // weights and the probe (rewritten in place for every probe).
  std::vector<std::vector<HostTensor>> runs;
  size_t probeAt = 0;
  for (size_t bi = 0; bi < batches.size(); ++bi) {
    std::vector<HostTensor> in = std::move(batches[bi]);
    in.push_back(std::move(targets[bi]));
    for (const SensitivityLayer &l : layers) {
      HostTensor w = HostTensor::zeros(DType::F32, l.shape);
      std::copy(l.values.begin(), l.values.end(), w.as<float>());
      in.push_back(std::move(w));
    }
    probeAt = in.size();
    for (const SensitivityLayer &l : layers)
      in.push_back(HostTensor::zeros(DType::F32, l.shape));
    runs.push_back(std::move(in));
  }
  std::vector<HostTensor> out = hvp->makeOutputs();
  // v_i . (H v)_i summed over the runs.
  std::vector<double> e(layers.size());
  auto estimate = [&]() {
    e.assign(layers.size(), 0.0);
    for (std::vector<HostTensor> &in : runs) {
      if (!hvp->run(in, out, error))
        return false;
      for (size_t i = 0; i < layers.size(); ++i) {
        const float *hv = out[i + 1].as<float>();
        const float *v = runs[0][probeAt + i].as<float>();
        double s = 0;
        for (size_t j = 0, n = layers[i].values.size(); j < n; ++j)
          s += v[j] * (double)hv[j];
        e[i] += s / images;
      }
    }
    return true;
  };

  std::mt19937_64 rng(options.seed);
  std::vector<double> mean(layers.size(), 0.0), m2(layers.size(), 0.0);
  int k = 0;
  double worst = INFINITY;
  for (k = 1; k <= options.maxProbes; ++k) {
    for (size_t i = 0; i < layers.size(); ++i) {
      HostTensor &probe = runs[0][probeAt + i];
      float *v = probe.as<float>();
      uint64_t bits = 0;
      for (size_t j = 0, n = layers[i].values.size(); j < n; ++j) {
        if (j % 64 == 0)
          bits = rng();
        v[j] = (bits >> (j % 64)) & 1 ? 1.0f : -1.0f;
      }
      for (size_t r = 1; r < runs.size(); ++r)
        runs[r][probeAt + i].data = probe.data;
    }
    if (!estimate())
      return emitError(fileLoc) << "--sensitivity: " << error;
    worst = 0;
    for (size_t i = 0; i < layers.size(); ++i) {
      double d = e[i] - mean[i];
      mean[i] += d / k;
      m2[i] += d * (e[i] - mean[i]);
      double se = k > 1 ? std::sqrt(m2[i] / (k - 1) / k) : INFINITY;
      worst = std::max(worst, se / std::max(std::fabs(mean[i]), 1e-300));
    }
    if (options.progress)
      llvm::errs() << llvm::format("\rquantc: sensitivity: probe %d/%d, "
                                   "largest relative error %.3f (target %g) ",
                                   k, options.maxProbes, worst,
                                   options.tolerance);
    if (k >= options.minProbes && worst <= options.tolerance) {
      report.converged = true;
      break;
    }
  }
  if (options.progress)
    llvm::errs() << "\n";
  report.probes = std::min(k, options.maxProbes);
  printTime(options, "Hutchinson probes", secondsSince(t3));
  if (!report.converged)
    emitWarning(fileLoc) << "--sensitivity: " << report.probes
                         << " probes leave a layer's relative standard "
                            "error at "
                         << worst << " (tolerance " << options.tolerance
                         << "); more --max-probes or more samples lower it";

  for (size_t i = 0; i < layers.size(); ++i) {
    const SensitivityLayer &l = layers[i];
    LayerSensitivity s;
    s.node = l.node;
    s.weight = l.weight;
    s.op = l.op;
    s.params = l.values.size();
    s.trace = mean[i];
    int n = report.probes;
    s.traceStderr = n > 1 ? std::sqrt(m2[i] / (n - 1) / n) : 0;
    for (int b = 2; b <= 8; ++b)
      s.omega[b] = s.trace / s.params *
                   quantizationErrorNorm2(l.values, l.shape, l.channelDim, b);
    report.layers.push_back(std::move(s));
  }
  return report;
}

std::string quantc::sensitivityToJSON(const SensitivityReport &r) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::OStream j(os, 2);
  auto str = [](const std::string &s) {
    return llvm::json::isUTF8(s) ? s : llvm::json::fixUTF8(s);
  };
  j.object([&] {
    j.attribute("loss", r.loss);
    j.attribute("loss_kind", r.lossKind);
    j.attribute("probes", r.probes);
    j.attribute("converged", r.converged);
    j.attribute("tolerance", r.tolerance);
    j.attribute("samples", r.samples);
    j.attribute("batch", r.batch);
    j.attribute("seed", (int64_t)r.seed);
    j.attribute("hessian_vector_product", "reverse_over_reverse");
    j.attributeArray("layers", [&] {
      for (const LayerSensitivity &l : r.layers)
        j.object([&] {
          j.attribute("node", str(l.node));
          j.attribute("weight", str(l.weight));
          j.attribute("op", l.op);
          j.attribute("params", l.params);
          j.attribute("trace", l.trace);
          j.attribute("trace_stderr", l.traceStderr);
          j.attributeObject("omega", [&] {
            for (int b = 2; b <= 8; ++b)
              j.attribute(std::to_string(b), l.omega[b]);
          });
        });
    });
  });
  os << "\n";
  return text;
}
