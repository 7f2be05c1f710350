//===- Compiler.cpp - The quantc compilation pipeline ---------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Dialect/QCK/IR/QCKOps.h"
#include "quantc/Export/ONNXExporter.h"
#include "quantc/Export/Passes.h"
#include "quantc/Import/ONNXImporter.h"
#include "quantc/Quantization/Passes.h"
#include "quantc/Support/LoadedModel.h"
#include "quantc/Target/CPU/Artifact.h"
#include "quantc/Target/CPU/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include <cstdlib>

using namespace mlir;
using namespace quantc;

namespace {
constexpr std::pair<EmitKind, StringLiteral> kEmitKinds[] = {
    {EmitKind::QC, "qc"},
    {EmitKind::Linalg, "linalg"},
    {EmitKind::LLVMMLIR, "llvm-mlir"},
    {EmitKind::LLVMIR, "llvm"},
    {EmitKind::Object, "obj"},
    {EmitKind::SharedLib, "so"},
    {EmitKind::QDQONNX, "qdq-onnx"},
};
} // namespace

std::optional<EmitKind> quantc::parseEmitKind(StringRef text) {
  for (auto [kind, name] : kEmitKinds)
    if (text == name)
      return kind;
  return std::nullopt;
}

StringRef quantc::emitKindName(EmitKind kind) {
  for (auto [k, name] : kEmitKinds)
    if (k == kind)
      return name;
  return "";
}

std::string quantc::sanitizeIdentifier(StringRef text) {
  std::string s;
  for (char c : text)
    s += (isalnum((unsigned char)c) || c == '_') ? c : '_';
  if (s.empty() || isdigit((unsigned char)s[0]))
    s = "m_" + s;
  return s;
}

void quantc::registerAllQuantc(DialectRegistry &registry) {
  registry.insert<qc::QCDialect, qck::QCKDialect, quant::QuantDialect, func::FuncDialect,
                  arith::ArithDialect, math::MathDialect, tensor::TensorDialect,
                  linalg::LinalgDialect, scf::SCFDialect, memref::MemRefDialect,
                  vector::VectorDialect, affine::AffineDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  LLVM::LLVMDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
  qck::registerBufferizableOpInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

//===----------------------------------------------------------------------===//
// Pipelines
//===----------------------------------------------------------------------===//

void quantc::buildQCPipeline(OpPassManager &pm, const CompileOptions &options) {
  pm.addPass(qc::createLegalizeONNX());
  pm.addPass(qc::createVerifyQCContract());
  pm.addPass(qc::createDecomposeConvTranspose());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(qc::createFoldBatchNorm());
  // The QDQ export writes ONNX, whose convolutions and pools are NCHW.
  if (options.optLevel > 0 && !options.keepNCHW &&
      options.emit != EmitKind::QDQONNX) {
    pm.addPass(qc::createConvertLayout());
    pm.addPass(createCanonicalizerPass());
  }
  // Quantization works on fused contractions (one requantization per
  // output), so fusion runs at every level when quantizing.
  if (options.optLevel > 0 || options.quantize)
    pm.addPass(qc::createFuseEpilogues());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

const char *quantc::kDefaultCalibMethod = "minmax";

/// quantc-calibrate's runner: the module compiled for the host.
static std::unique_ptr<LoadedModel> runOnHost(ModuleOp module, int threads,
                                              std::string &error) {
  return compileToLoadedModel(module, CompileOptions(), threads, error);
}

void quantc::buildQuantizationPipeline(OpPassManager &pm,
                                       const CompileOptions &options) {
  // An imported quantized model's own parameters come first: calibration
  // then only fills in the ranges it does not fix.
  pm.addPass(qc::createFoldFakeQuant());
  qc::CalibrateOptions calib;
  calib.data = options.calibData;
  // compile() has checked the name.
  calib.method = parseCalibMethod(options.calibMethod.empty()
                                      ? std::string(kDefaultCalibMethod)
                                      : options.calibMethod)
                     .value_or(CalibMethod::MinMax);
  calib.percentile = options.percentile;
  calib.save = options.saveCalib;
  calib.load = options.loadCalib;
  calib.maxSamples = options.calibSamples;
  pm.addPass(qc::createCalibrate(calib, runOnHost));
  if (options.biasCorrection)
    pm.addPass(qc::createBiasCorrect());
  pm.addPass(qc::createQuantize());
  // The QDQ export writes the quantized types themselves; the integer
  // rewriting is ONNX Runtime's (or any other runtime's) business there.
  if (options.emit == EmitKind::QDQONNX)
    return;
  pm.addPass(qc::createIntegerize());
  pm.addPass(qc::createAddQuantizedEntry());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

/// Vector width for kernel selection: the target's.
static int64_t vectorBitsFor(const CompileOptions &options) {
  return resolveCPUTarget(options.cpu, options.features).vectorBits;
}

void quantc::buildLinalgPipeline(OpPassManager &pm,
                                 const CompileOptions &options) {
  if (options.optLevel > 0) {
    CPUTarget target = resolveCPUTarget(options.cpu, options.features);
    qc::SelectCPUKernelsOptions select;
    select.vectorBits = target.vectorBits;
    // vpdpbusd at the kernels' vector width: zmm needs AVX512-VNNI, ymm
    // AVX-VNNI (or AVX512-VNNI with VL). Otherwise exact 16-bit pmaddwd.
    bool vnni = target.vectorBits >= 512 ? target.avx512vnni
                                         : (target.avxvnni || target.avx512vnni);
    select.int8Dot = vnni ? qc::Int8Dot::VNNI : qc::Int8Dot::PMADDWD;
    pm.addPass(qc::createSelectCPUKernels(select));
  }
  pm.addPass(qc::createConvertQCToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void quantc::buildLLVMPipeline(OpPassManager &pm,
                               const CompileOptions &options) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(qc::createPlanMemory());
  qc::ExpandCPUKernelsOptions expand;
  expand.vectorBits = vectorBitsFor(options);
  pm.addPass(qc::createExpandCPUKernels(expand));
  pm.addPass(qc::createParallelizeLinalg());
  pm.addPass(qc::createOutlineParallelLoops());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(qc::createLowerMemRefCopies());
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(qc::createExpandMath());
  pm.addPass(createLowerAffinePass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(qc::createLowerParallelCalls());
  pm.addPass(createCanonicalizerPass());
}

void quantc::registerAllQuantcPasses() {
  qc::registerQuantcQuantizationPasses(runOnHost);
  qc::registerQuantcConversionPasses();
  qc::registerQuantcCPUPasses();
  qc::registerQuantcQCPasses();
  qc::registerQuantcExportPasses();
  // The upstream passes of quantc's pipelines, so quantc-opt can replay
  // them step by step.
  bufferization::registerOneShotBufferizePass();
  bufferization::registerBufferResultsToOutParamsPass();
  registerLinalgElementwiseOpFusionPass();
  registerConvertLinalgToLoopsPass();
  registerLowerAffinePass();
  memref::registerExpandStridedMetadataPass();
  memref::registerFoldMemRefAliasOpsPass();
  registerSCFToControlFlowPass();
  registerConvertVectorToSCFPass();
  registerConvertVectorToLLVMPass();
  registerConvertMathToLLVMPass();
  registerConvertMathToLibmPass();
  registerArithToLLVMConversionPass();
  registerFinalizeMemRefToLLVMConversionPass();
  registerConvertFuncToLLVMPass();
  registerConvertControlFlowToLLVMPass();
  registerConvertIndexToLLVMPass();
  registerReconcileUnrealizedCastsPass();
  // The stages of compile(), with the options that select their passes.
  auto stage = [](void (*build)(OpPassManager &, const CompileOptions &)) {
    return [build](OpPassManager &pm, const PipelineOptions &options) {
      build(pm, options.toCompileOptions());
    };
  };
  static PassPipelineRegistration<PipelineOptions> qcPipeline(
      "quantc-qc-pipeline", "ONNX legalization and qc-level rewrites",
      stage(buildQCPipeline));
  static PassPipelineRegistration<PipelineOptions> quantizationPipeline(
      "quantc-quantization-pipeline",
      "Calibration, quantized types and dyadic rewriting (--quantize=int8; "
      "needs calib-data or load-calib)",
      stage(buildQuantizationPipeline));
  static PassPipelineRegistration<PipelineOptions> linalgPipeline(
      "quantc-linalg-pipeline", "qc to linalg (kernels + reference lowering)",
      stage(buildLinalgPipeline));
  static PassPipelineRegistration<PipelineOptions> llvmPipeline(
      "quantc-llvm-pipeline", "linalg/tensor to the LLVM dialect",
      stage(buildLLVMPipeline));
}

CompileOptions PipelineOptions::toCompileOptions() const {
  CompileOptions o;
  o.optLevel = optLevel;
  o.quantize = quantize || qdqExport;
  if (qdqExport)
    o.emit = EmitKind::QDQONNX;
  o.cpu = cpu;
  o.features = features;
  o.calibData = calibData;
  o.calibMethod = calibMethod;
  o.percentile = percentile;
  o.saveCalib = saveCalib;
  o.loadCalib = loadCalib;
  o.calibSamples = calibSamples;
  o.biasCorrection = biasCorrection;
  return o;
}

//===----------------------------------------------------------------------===//
// compile()
//===----------------------------------------------------------------------===//

namespace {

/// Removes `path` on scope exit unless released.
struct TempFile {
  std::string path;
  explicit TempFile(std::string p) : path(std::move(p)) {}
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};

LogicalResult writeText(StringRef path, StringRef text, Location loc) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << error;
  file->os() << text;
  file->keep();
  return success();
}

LogicalResult writeIR(StringRef path, Operation *op, Location loc) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << error;
  op->print(file->os());
  file->keep();
  return success();
}

LogicalResult writeIR(StringRef path, llvm::Module &module, Location loc) {
  std::string error;
  auto file = openOutputFile(path, &error);
  if (!file)
    return emitError(loc) << error;
  module.print(file->os(), nullptr);
  file->keep();
  return success();
}

LogicalResult runPipeline(ModuleOp module, const CompileOptions &options,
                          function_ref<void(OpPassManager &)> build) {
  PassManager pm(module->getContext());
  if (options.printIRAfterAll) {
    module->getContext()->disableMultithreading();
    pm.enableIRPrinting();
  }
  build(pm);
  return pm.run(module);
}

} // namespace

/// The quantized forms of the entry's inputs and outputs, read from its
/// boundary qc.quantize / qc.dequantize ops.
static void addQuantizedForms(func::FuncOp main, ArtifactSignature &sig) {
  Block &body = main.getBody().front();
  for (auto [i, arg] : llvm::enumerate(body.getArguments()))
    for (Operation *user : arg.getUsers())
      if (auto q = dyn_cast<qc::QuantizeOp>(user)) {
        sig.inputs[i].quantDtype = dtypeCode(q.getType().getElementType());
        sig.inputs[i].scale = q.getScale().convertToDouble();
        sig.inputs[i].zeroPoint = q.getZeroPoint();
      }
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  for (auto [i, v] : llvm::enumerate(ret.getOperands()))
    if (auto d = v.getDefiningOp<qc::DequantizeOp>()) {
      sig.outputs[i].quantDtype = dtypeCode(
          cast<RankedTensorType>(d.getInput().getType()).getElementType());
      sig.outputs[i].scale = d.getScale().convertToDouble();
      sig.outputs[i].zeroPoint = d.getZeroPoint();
    }
}

/// The C symbol prefix of the artifact: --name, or the output file's name.
static std::string symbolPrefixFor(const CompileOptions &options) {
  return sanitizeIdentifier(options.symbolPrefix.empty()
                                ? llvm::sys::path::stem(options.outputPath)
                                : StringRef(options.symbolPrefix));
}

/// Lowers a qc module (after the frontend and quantization) to
/// `options.emit` at `options.outputPath`, with the ABI of `signature`.
static LogicalResult lowerModule(ModuleOp module, const CompileOptions &options,
                                 ArtifactSignature signature, Location fileLoc) {
  if (module.lookupSymbol<func::FuncOp>("main_quantized"))
    signature.entryQuantized = "main_quantized";
  if (failed(runPipeline(module, options, [&](OpPassManager &pm) {
        buildLinalgPipeline(pm, options);
      })))
    return failure();
  if (options.emit == EmitKind::Linalg)
    return writeIR(options.outputPath, module.getOperation(), fileLoc);

  if (failed(runPipeline(module, options, [&](OpPassManager &pm) {
        buildLLVMPipeline(pm, options);
      })))
    return failure();
  // One workspace serves both entries.
  if (auto sizes = module->getAttrOfType<DictionaryAttr>("quantc.workspace"))
    for (NamedAttribute a : sizes)
      signature.workspaceSize = std::max<uint64_t>(
          signature.workspaceSize, cast<IntegerAttr>(a.getValue()).getInt());
  if (options.emit == EmitKind::LLVMMLIR)
    return writeIR(options.outputPath, module.getOperation(), fileLoc);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "quantc_model");
  if (!llvmModule)
    return emitError(fileLoc) << "internal error: translation to LLVM IR "
                                 "failed";
  // The float entry calls the integer one; keep one copy of the model body
  // rather than letting the inliner duplicate it into both entries.
  if (!signature.entryQuantized.empty())
    if (llvm::Function *q = llvmModule->getFunction(signature.entryQuantized))
      q->addFnAttr(llvm::Attribute::NoInline);
  std::string error;
  if (failed(addArtifactABI(*llvmModule, signature, error)))
    return emitError(fileLoc) << "internal error: " << error;
  CPUTarget cpu = resolveCPUTarget(options.cpu, options.features);
  std::unique_ptr<llvm::TargetMachine> machine =
      createTargetMachine(cpu, options.optLevel, error);
  if (!machine)
    return emitError(fileLoc) << error;

  if (options.emit == EmitKind::LLVMIR) {
    if (failed(optimizeModule(*llvmModule, *machine, options.optLevel, error)))
      return emitError(fileLoc) << error;
    return writeIR(options.outputPath, *llvmModule, fileLoc);
  }
  if (options.emit == EmitKind::Object) {
    TempFile tmp(options.outputPath + ".tmp");
    if (failed(emitObjectFile(*llvmModule, *machine, options.optLevel,
                              tmp.path, error)))
      return emitError(fileLoc) << error;
    if (std::error_code ec = llvm::sys::fs::rename(tmp.path, options.outputPath))
      return emitError(fileLoc) << "cannot write " << options.outputPath
                                << ": " << ec.message();
    tmp.path.clear();
    return success();
  }

  TempFile object(options.outputPath + ".o.tmp");
  if (failed(emitObjectFile(*llvmModule, *machine, options.optLevel,
                            object.path, error)))
    return emitError(fileLoc) << error;
  llvmModule.reset();
  if (failed(linkSharedLibrary(object.path, options.outputPath, error)))
    return emitError(fileLoc) << error;
  if (options.emitHeader) {
    SmallString<256> header(options.outputPath);
    llvm::sys::path::replace_extension(header, ".h");
    if (failed(writeText(header, generateHeader(signature), fileLoc))) {
      llvm::sys::fs::remove(options.outputPath);
      return failure();
    }
  }
  return success();
}

/// Readies a qc module for the CPU kernels: a module kept in NCHW (the QDQ
/// export's, sensitivity's gradients) goes to NHWC.
static LogicalResult prepareForKernels(ModuleOp module,
                                       const CompileOptions &options,
                                       std::string &error) {
  // A module kept in NCHW (the QDQ export's) runs through the same NHWC
  // kernels as every INT8 compile: the statistics do not depend on the
  // layout (transposes move values, they do not change them), the
  // instrumented module's signature does not change, and the kernels are
  // several times faster than the reference NCHW lowering.
  // Transposed convolutions (the data gradients of strided convolutions)
  // run as convolutions.
  if (failed(runPipeline(module, options, [](OpPassManager &pm) {
        pm.addPass(qc::createDecomposeConvTranspose());
        pm.addPass(createCanonicalizerPass());
      }))) {
    error = "decomposing the transposed convolutions failed";
    return failure();
  }
  bool nchw = false;
  module.walk([&](Operation *op) {
    if (auto conv = dyn_cast<qc::Conv2DOp>(op))
      nchw |= conv.getLayout() == qc::Layout::NCHW;
    else if (auto pool = dyn_cast<qc::MaxPool2DOp>(op))
      nchw |= pool.getLayout() == qc::Layout::NCHW;
    else if (auto pool = dyn_cast<qc::AvgPool2DOp>(op))
      nchw |= pool.getLayout() == qc::Layout::NCHW;
  });
  if (nchw && failed(runPipeline(module, options, [](OpPassManager &pm) {
        pm.addPass(qc::createConvertLayout());
        pm.addPass(createCanonicalizerPass());
      }))) {
    error = "converting the instrumented model to NHWC failed";
    return failure();
  }
  return success();
}

std::unique_ptr<LoadedModel>
quantc::compileToLoadedModel(ModuleOp module, const CompileOptions &given,
                             int threads, std::string &error) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  FailureOr<ArtifactSignature> signature = failure();
  if (main)
    signature = getArtifactSignature(main);
  if (failed(signature)) {
    error = "cannot read the signature of the module to calibrate";
    return nullptr;
  }
  SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile("quantc-calib", "so", path)) {
    error = "cannot create a temporary file";
    return nullptr;
  }
  CompileOptions options = given;
  options.outputPath = path.str().str();
  options.emitHeader = false;
  options.emit = EmitKind::SharedLib;
  signature->prefix = "quantc_calibration";
  if (failed(prepareForKernels(module, options, error))) {
    llvm::sys::fs::remove(path);
    return nullptr;
  }
  if (failed(lowerModule(module, options, *signature, module.getLoc()))) {
    llvm::sys::fs::remove(path);
    error = "compiling the instrumented model failed";
    return nullptr;
  }
  std::unique_ptr<LoadedModel> model =
      LoadedModel::load(path.str().str(), threads, error);
  llvm::sys::fs::remove(path); // the mapping outlives the file
  return model;
}

LogicalResult quantc::compileQCModule(ModuleOp module,
                                      const CompileOptions &options) {
  Location fileLoc = module.getLoc();
  auto main = module.lookupSymbol<func::FuncOp>("main");
  if (!main)
    return emitError(fileLoc) << "internal error: no entry function";
  FailureOr<ArtifactSignature> signature = getArtifactSignature(main);
  if (failed(signature))
    return failure();
  signature->prefix = symbolPrefixFor(options);
  std::string error;
  if (failed(prepareForKernels(module, options, error)))
    return emitError(fileLoc) << "internal error: " << error;
  if (options.emit == EmitKind::QC)
    return writeIR(options.outputPath, module.getOperation(), fileLoc);
  return lowerModule(module, options, *signature, fileLoc);
}

/// quantc-distill.py: <dir of this executable>/../share/quantc/ (the build
/// tree and an installation have the same layout); QUANTC_DISTILL overrides.
static std::string distillScript() {
  if (const char *env = std::getenv("QUANTC_DISTILL"))
    return env;
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
  SmallString<256> path(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(path, "share", "quantc", "quantc-distill.py");
  return std::string(path);
}

/// Calibration inputs without data: runs quantc-distill.py on the ONNX
/// model with the imported (resolved) input shapes; writes a temporary
/// .npy/.npz and returns its path. The script prints which data it made
/// (ZeroQ distillation, or the documented fallback without BatchNorm).
static FailureOr<std::string> distillCalibrationData(ModuleOp module,
                                                     const CompileOptions &options,
                                                     Location loc) {
  auto entry = module.lookupSymbol<func::FuncOp>("main");
  if (!entry)
    return emitError(loc) << "internal error: no entry function";
  std::string script = distillScript();
  if (!llvm::sys::fs::exists(script))
    return emitError(loc) << "no calibration data (--calib-data or "
                             "--load-calib), and the data distiller "
                          << script << " is missing";
  const char *python = std::getenv("QUANTC_PYTHON");
  std::string pythonPath = python ? python : "/usr/bin/python3";
  SmallString<128> out;
  unsigned numInputs = entry.getNumArguments();
  if (llvm::sys::fs::createTemporaryFile("quantc-distill",
                                         numInputs == 1 ? "npy" : "npz", out))
    return emitError(loc) << "cannot create a temporary file";
  std::vector<std::string> args = {pythonPath,
                                   script,
                                   options.inputPath,
                                   "-o",
                                   std::string(out),
                                   "--samples",
                                   std::to_string(options.distillSamples),
                                   "--iters",
                                   std::to_string(options.distillIters)};
  for (unsigned i = 0; i < numInputs; ++i) {
    auto type = dyn_cast<RankedTensorType>(entry.getArgument(i).getType());
    auto name =
        entry.getArgAttrOfType<StringAttr>(i, quantc::kONNXNameAttr);
    if (!type || !name)
      continue;
    std::string dims;
    for (int64_t d : type.getShape())
      dims += (dims.empty() ? "" : "x") + std::to_string(d);
    args.push_back("--input-shape");
    args.push_back(name.str() + "=" + dims);
  }
  llvm::errs() << "quantc: note: no --calib-data or --load-calib: "
                  "synthesizing calibration inputs (quantc-distill)\n";
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string errMsg;
  // The child's stdout must not mix with ours (`-o -`); it reports on
  // stderr.
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef("/dev/null"),
                                          std::nullopt};
  int rc = llvm::sys::ExecuteAndWait(pythonPath, argRefs, std::nullopt,
                                     redirects, 0, 0, &errMsg);
  if (rc != 0) {
    llvm::sys::fs::remove(out);
    return emitError(loc) << "data distillation failed ("
                          << (errMsg.empty() ? "exit status " +
                                                   std::to_string(rc)
                                             : errMsg)
                          << "); give --calib-data";
  }
  return std::string(out);
}

LogicalResult quantc::compile(MLIRContext &context,
                              const CompileOptions &givenOptions) {
  CompileOptions options = givenOptions;
  Location fileLoc = FileLineColLoc::get(&context, options.inputPath, 0, 0);
  if (options.target != "cpu")
    return emitError(fileLoc) << "unknown --target '" << options.target
                              << "' (supported: cpu)";
  if (std::string bad = checkCPUTarget(options.cpu, options.features);
      !bad.empty())
    return emitError(fileLoc) << bad;
  if (options.emit == EmitKind::QDQONNX && !options.quantize)
    return emitError(fileLoc) << "--emit=qdq-onnx exports quantc's INT8 "
                                 "quantization: it needs --quantize=int8";
  if (options.quantize && !options.calibMethod.empty() &&
      !parseCalibMethod(options.calibMethod))
    return emitError(fileLoc) << "unknown calibration method '"
                              << options.calibMethod
                              << "' (expected minmax, percentile, mse or "
                                 "entropy)";
  ONNXImportOptions importOptions;
  for (const auto &entry : options.inputShapes)
    importOptions.inputShapes[entry.getKey()] = entry.getValue();
  OwningOpRef<ModuleOp> module =
      importONNXFile(context, options.inputPath, importOptions);
  if (!module)
    return failure();
  if (!options.quantize) {
    bool quantized = false, dynamic = false;
    module->walk([&](qc::OnnxOp op) {
      quantized |= llvm::is_contained(
          {"QuantizeLinear", "QLinearConv", "QLinearMatMul"}, op.getOpType());
      dynamic |= op.getOpType() == "DynamicQuantizeLinear";
    });
    if (dynamic)
      emitRemark(fileLoc)
          << "the model is quantized dynamically (DynamicQuantizeLinear): "
             "compiling it in float with its quantized weights; "
             "--quantize=int8 compiles integer-only code with its weights' "
             "scales and calibrated activation ranges";
    else if (quantized)
      emitRemark(fileLoc)
          << "the model is quantized (QuantizeLinear/QLinear nodes): "
             "compiling its float simulation; --quantize=int8 compiles "
             "integer-only code with the model's own scales";
  }

  if (failed(runPipeline(*module, options, [&](OpPassManager &pm) {
        buildQCPipeline(pm, options);
      })))
    return failure();

  std::optional<llvm::FileRemover> distilled;
  if (options.quantize) {
    // A model quantized by another tool carries its own ranges
    // (qc.fake_quant): nothing to distill; calibration asks for data if
    // some are missing.
    bool hasFixedRanges = false;
    module->walk([&](qc::FakeQuantOp) {
      hasFixedRanges = true;
      return WalkResult::interrupt();
    });
    if (options.calibData.empty() && options.loadCalib.empty() &&
        !hasFixedRanges) {
      FailureOr<std::string> data =
          distillCalibrationData(*module, options, fileLoc);
      if (failed(data))
        return failure();
      options.calibData = *data;
      distilled.emplace(*data);
      if (options.calibMethod.empty()) {
        // Distilled inputs have outliers that real data does not: minmax
        // follows them (tiny_darknet: 40.8% top-1), the 99.99th percentile
        // does not (61.3%; docs/quantization.md).
        options.calibMethod = "percentile";
        llvm::errs() << "quantc: note: calibrating distilled data with "
                        "--calib-method=percentile (the default for "
                        "synthesized data)\n";
      }
    }
    if (failed(runPipeline(*module, options, [&](OpPassManager &pm) {
          buildQuantizationPipeline(pm, options);
        })))
      return failure();
  }
  if (options.emit == EmitKind::QC)
    return writeIR(options.outputPath, module->getOperation(), fileLoc);
  if (options.emit == EmitKind::QDQONNX)
    return exportQDQONNX(*module, StringRef(options.outputPath));

  // The ABI is read off the qc-level entry (names, dtypes, shapes).
  auto entry = module->lookupSymbol<func::FuncOp>("main");
  if (!entry)
    return emitError(fileLoc) << "internal error: no entry function";
  FailureOr<ArtifactSignature> signature = getArtifactSignature(entry);
  if (failed(signature))
    return failure();
  addQuantizedForms(entry, *signature);
  signature->prefix = symbolPrefixFor(options);
  return lowerModule(*module, options, *signature, fileLoc);
}
