//===- quantc.cpp - The quantc compiler driver ----------------------------===//
//
// Part of the quantc project.
//
//   quantc model.onnx -o model.so
//
// A thin driver over quantc::compile(): it owns the flags and turns MLIR
// diagnostics into one line each, naming the file and the ONNX node.
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"
#include "quantc/Compiler/Sensitivity.h"
#include "quantc/Import/ONNXImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace quantc;

static cl::OptionCategory category("quantc options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required, cl::cat(category));

static cl::opt<std::string>
    outputFile("o", cl::desc("Output file (default: the model name with the "
                             "extension of --emit, in the current directory)"),
               cl::value_desc("path"), cl::cat(category));

static cl::opt<std::string> emit(
    "emit",
    cl::desc("What to write:\n"
             "  qc        - the qc dialect after import and qc-level passes\n"
             "  linalg    - linalg/tensor after kernel selection\n"
             "  llvm-mlir - the LLVM dialect\n"
             "  llvm      - optimized LLVM IR (.ll)\n"
             "  obj       - an object file (.o)\n"
             "  so        - a shared library and its header (default)\n"
             "  qdq-onnx  - ONNX with QuantizeLinear/DequantizeLinear:\n"
             "              quantc's INT8 quantization for any ONNX\n"
             "              runtime (needs --quantize=int8)"),
    cl::init("so"), cl::value_desc("stage"), cl::cat(category));

static cl::opt<std::string>
    target("target", cl::desc("Code generation target (cpu: x86-64)"),
           cl::init("cpu"), cl::cat(category));

static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Shape of an input, e.g. input=1x3x224x224 (repeatable). "
             "Symbolic dimensions not given here default to 1, with a note"),
    cl::value_desc("NAME=D0xD1x..."), cl::cat(category));

static cl::opt<unsigned>
    optLevel("O", cl::desc("Optimization level: -O0 (reference lowering, no "
                           "LLVM optimization) to -O3 (default)"),
             cl::Prefix, cl::init(3), cl::cat(category));

static cl::opt<std::string>
    mcpu("mcpu", cl::desc("Target CPU (default: native, the host's)"),
         cl::init("native"), cl::cat(category));

static cl::opt<std::string>
    mattr("mattr", cl::desc("Extra target features, e.g. -avx512f"),
          cl::init(""), cl::cat(category));

static cl::opt<std::string>
    symbolPrefix("name",
                 cl::desc("C symbol prefix of the artifact's functions "
                          "(default: the output file's name)"),
                 cl::cat(category));

static cl::opt<bool> noHeader("no-header",
                              cl::desc("Do not write <output>.h next to a .so"),
                              cl::cat(category));

static cl::opt<std::string>
    quantize("quantize",
             cl::desc("Quantize: int8 (static, integer-only INT8; calibrated "
                      "on --calib-data, on --load-calib statistics, or, "
                      "with neither, on inputs distilled from the model's "
                      "BatchNorm statistics (ZeroQ); a model quantized by "
                      "another tool (QuantizeLinear/QLinearConv/"
                      "QLinearMatMul) needs no data; one quantized "
                      "dynamically (ConvInteger/MatMulInteger) keeps its "
                      "weights and calibrates its activations)"),
             cl::value_desc("int8"), cl::cat(category));

static cl::opt<std::string> calibData(
    "calib-data",
    cl::desc("Calibration inputs: a .npy stacking N samples along dimension "
             "0, a directory of .npy/.pb files, an .npz, or ONNX "
             "test_data_set_* directories"),
    cl::value_desc("path"), cl::cat(category));

static cl::opt<std::string> calibMethod(
    "calib-method",
    cl::desc("How activation ranges are chosen: minmax, percentile, mse or "
             "entropy (default: minmax, chosen by measurement: docs/accuracy.md)"),
    cl::value_desc("method"), cl::cat(category));

static cl::opt<double>
    percentile("percentile",
               cl::desc("Percentile of --calib-method=percentile (default "
                        "99.99)"),
               cl::init(99.99), cl::cat(category));

static cl::opt<std::string>
    saveCalib("save-calib",
              cl::desc("Write the calibration statistics to a JSON file"),
              cl::value_desc("file.json"), cl::cat(category));

static cl::opt<std::string> loadCalib(
    "load-calib",
    cl::desc("Read calibration statistics from a JSON file instead of "
             "running the model"),
    cl::value_desc("file.json"), cl::cat(category));

static cl::opt<int>
    calibSamples("calib-samples",
                 cl::desc("Use at most this many calibration samples (0: all)"),
                 cl::init(0), cl::cat(category));

static cl::opt<bool> biasCorrection(
    "bias-correction",
    cl::desc("With --quantize=int8: cancel the mean output shift of weight "
             "rounding in each bias, from the calibration data's channel "
             "means (default true)"),
    cl::init(true), cl::cat(category));

static cl::opt<int> distillSamples(
    "distill-samples",
    cl::desc("Inputs to distill without calibration data (default 16)"),
    cl::init(16), cl::cat(category));

static cl::opt<int> distillIters(
    "distill-iters",
    cl::desc("Optimization steps of the distillation (default 200)"),
    cl::init(200), cl::cat(category));

static cl::OptionCategory sensitivityCategory(
    "sensitivity (--sensitivity: per-layer Hessian traces, HAWQ-V2)");

static cl::opt<bool> sensitivity(
    "sensitivity",
    cl::desc("Write each layer's Hessian-trace sensitivity as JSON to -o "
             "(default <model>.sensitivity.json) instead of compiling: "
             "Hutchinson traces of the loss Hessian over --calib-data "
             "(docs/sensitivity.md)"),
    cl::cat(sensitivityCategory));

static cl::opt<bool> gradient(
    "gradient",
    cl::desc("Compile the loss and its weight gradients instead of the "
             "model: main(inputs..., target, weights...) -> (loss, "
             "grad_<weight>...), the function --sensitivity runs (batch "
             "from --input-shape or --sensitivity-batch; docs/sensitivity.md)"),
    cl::cat(sensitivityCategory));

static cl::opt<bool> hessianVector(
    "hessian-vector-product",
    cl::desc("With --gradient: compile the Hessian-vector product instead, "
             "main(inputs..., target, weights..., probes...) -> (<g, v>, "
             "hvp_<weight>...), the function --sensitivity probes"),
    cl::cat(sensitivityCategory));

static cl::opt<std::string>
    labels("labels",
           cl::desc("Class indices of the --calib-data images (.npy, int64 "
                    "[N]): the loss is their cross-entropy (default: KL "
                    "divergence against the float model's outputs)"),
           cl::value_desc("Y.npy"), cl::cat(sensitivityCategory));

static cl::opt<double> sensitivityTol(
    "sensitivity-tol",
    cl::desc("Stop when every layer's standard error is at most this "
             "fraction of its trace (default 0.05)"),
    cl::init(0.05), cl::cat(sensitivityCategory));

static cl::opt<int>
    maxProbes("max-probes",
              cl::desc("At most this many Hutchinson probes (default 200)"),
              cl::init(200), cl::cat(sensitivityCategory));

static cl::opt<int>
    minProbes("min-probes", cl::desc("At least this many probes (default 10)"),
              cl::init(10), cl::cat(sensitivityCategory));

static cl::opt<uint64_t> seed("seed",
                              cl::desc("Seed of the random probes (default 0)"),
                              cl::init(0), cl::cat(sensitivityCategory));

static cl::opt<int> sensitivityBatch(
    "sensitivity-batch",
    cl::desc("Images per gradient run when the model's batch is 1 and its "
             "graph allows more (default: up to 32)"),
    cl::init(0), cl::cat(sensitivityCategory));

static cl::opt<int> threads("sensitivity-threads",
                            cl::desc("Threads of the gradient runs (0: every "
                                     "CPU)"),
                            cl::init(0), cl::cat(sensitivityCategory));

static cl::opt<bool>
    printIRAfterAll("print-ir-after-all",
                    cl::desc("Print the IR after every pass (to stderr)"),
                    cl::cat(category));

/// "file: node 'conv1': message" from a diagnostic's location.
static std::string describeLocation(mlir::Location loc) {
  if (auto name = dyn_cast<mlir::NameLoc>(loc)) {
    std::string inner = describeLocation(name.getChildLoc());
    return inner + (inner.empty() ? "" : ": ") + "node '" +
           name.getName().str() + "'";
  }
  if (auto file = dyn_cast<mlir::FileLineColLoc>(loc)) {
    std::string s = file.getFilename().str();
    if (file.getLine())
      s += ":" + std::to_string(file.getLine()) + ":" +
           std::to_string(file.getColumn());
    return s;
  }
  if (auto fused = dyn_cast<mlir::FusedLoc>(loc)) {
    for (mlir::Location l : fused.getLocations()) {
      std::string s = describeLocation(l);
      if (!s.empty())
        return s;
    }
  }
  if (auto callsite = dyn_cast<mlir::CallSiteLoc>(loc))
    return describeLocation(callsite.getCallee());
  return "";
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // --mlir-print-debuginfo and friends (hidden): --emit=qc with the ONNX
  // node names of its ops.
  mlir::registerAsmPrinterCLOptions();
  cl::HideUnrelatedOptions({&category, &sensitivityCategory});
  cl::AddExtraVersionPrinter([](raw_ostream &os) {
    os << "quantc: ahead-of-time quantizing compiler for ONNX models\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "quantc: compile an ONNX model into a native library with a C ABI\n\n"
      "  quantc model.onnx -o model.so       # model.so + model.h\n"
      "  quantc model.onnx --emit=qc -o -    # inspect the imported IR\n");

  CompileOptions options;
  options.inputPath = inputFile;
  std::optional<EmitKind> kind = parseEmitKind(emit);
  if (!kind) {
    errs() << "quantc: error: unknown --emit value '" << emit
           << "' (expected qc, linalg, llvm-mlir, llvm, obj, so or "
              "qdq-onnx)\n";
    return 1;
  }
  options.emit = *kind;
  if (outputFile.empty() && sensitivity)
    outputFile = (sys::path::stem(inputFile) + ".sensitivity.json").str();
  if (outputFile.empty()) {
    static const char *ext[] = {".qc.mlir", ".linalg.mlir", ".llvm.mlir", ".ll",
                                ".o",       ".so",          ".qdq.onnx"};
    outputFile = (sys::path::stem(inputFile) + ext[(int)*kind]).str();
  }
  options.outputPath = outputFile;
  options.target = target;
  if (optLevel > 3) {
    errs() << "quantc: error: -O" << optLevel << " is not a level (0..3)\n";
    return 1;
  }
  options.optLevel = optLevel;
  options.cpu = mcpu;
  options.features = mattr;
  options.symbolPrefix = symbolPrefix;
  options.emitHeader = !noHeader;
  options.printIRAfterAll = printIRAfterAll;
  if (!quantize.empty()) {
    if (quantize != "int8") {
      errs() << "quantc: error: unknown --quantize value '" << quantize
             << "' (supported: int8)\n";
      return 1;
    }
    options.quantize = true;
  }
  options.calibData = calibData;
  options.calibMethod = calibMethod;
  options.percentile = percentile;
  options.saveCalib = saveCalib;
  options.loadCalib = loadCalib;
  options.calibSamples = calibSamples;
  options.distillSamples = distillSamples;
  options.biasCorrection = biasCorrection;
  options.distillIters = distillIters;
  if (distillSamples <= 0 || distillIters < 0) {
    errs() << "quantc: error: --distill-samples must be positive and "
              "--distill-iters non-negative\n";
    return 1;
  }
  if (!(percentile > 0 && percentile <= 100)) {
    errs() << "quantc: error: --percentile=" << percentile
           << " is not a percentile in (0, 100]\n";
    return 1;
  }
  if (calibSamples < 0) {
    errs() << "quantc: error: --calib-samples=" << calibSamples
           << " is negative (0 means every sample)\n";
    return 1;
  }
  if (sensitivity && (options.quantize || emit.getNumOccurrences())) {
    errs() << "quantc: error: --sensitivity writes a report, it does not "
              "compile: drop --quantize and --emit\n";
    return 1;
  }
  if (!sensitivity && (!labels.empty() || sensitivityTol.getNumOccurrences() ||
                       maxProbes.getNumOccurrences())) {
    errs() << "quantc: error: --labels, --sensitivity-tol and --max-probes "
              "need --sensitivity\n";
    return 1;
  }
  if (sensitivity && !(sensitivityTol > 0)) {
    errs() << "quantc: error: --sensitivity-tol=" << sensitivityTol
           << " must be positive\n";
    return 1;
  }
  if (sensitivity &&
      (maxProbes < 1 || minProbes < 1 || threads < 0 || sensitivityBatch < 0)) {
    errs() << "quantc: error: --max-probes and --min-probes must be at "
              "least 1, --sensitivity-threads and --sensitivity-batch "
              "non-negative\n";
    return 1;
  }
  if (hessianVector && !gradient) {
    errs() << "quantc: error: --hessian-vector-product needs --gradient\n";
    return 1;
  }
  if (gradient && (sensitivity || options.quantize)) {
    errs() << "quantc: error: --gradient compiles the float model's loss "
              "gradient: drop --sensitivity and --quantize\n";
    return 1;
  }
  if (sensitivity && calibData.empty()) {
    errs() << "quantc: error: --sensitivity needs --calib-data (the images "
              "the loss is a mean over)\n";
    return 1;
  }
  if (!options.quantize && !sensitivity &&
      (!calibData.empty() || !loadCalib.empty() || !saveCalib.empty() ||
       !calibMethod.empty())) {
    errs() << "quantc: error: calibration flags need --quantize=int8\n";
    return 1;
  }
  for (const std::string &spec : inputShapes) {
    std::string name;
    std::vector<int64_t> dims;
    if (!parseInputShapeSpec(spec, name, dims)) {
      errs() << "quantc: error: malformed --input-shape '" << spec
             << "' (expected NAME=D0xD1x..., e.g. input=1x3x224x224)\n";
      return 1;
    }
    options.inputShapes[name] = dims;
  }
  if (*kind == EmitKind::QDQONNX && !options.quantize) {
    errs() << "quantc: error: --emit=qdq-onnx exports quantc's INT8 "
              "quantization: it needs --quantize=int8\n";
    return 1;
  }
  if ((*kind == EmitKind::SharedLib || *kind == EmitKind::Object ||
       *kind == EmitKind::QDQONNX) &&
      outputFile == "-") {
    errs() << "quantc: error: --emit=" << emit << " needs an output file\n";
    return 1;
  }

  mlir::DialectRegistry registry;
  registerAllQuantc(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // One line per diagnostic: the location names the ONNX node already.
  context.printOpOnDiagnostic(false);

  bool failedAny = false;
  context.getDiagEngine().registerHandler([&](mlir::Diagnostic &diag) {
    const char *severity = "note";
    switch (diag.getSeverity()) {
    case mlir::DiagnosticSeverity::Error:
      severity = "error";
      failedAny = true;
      break;
    case mlir::DiagnosticSeverity::Warning:
      severity = "warning";
      break;
    default:
      break;
    }
    std::string where = describeLocation(diag.getLocation());
    errs() << "quantc: " << severity << ": " << where << (where.empty() ? "" : ": ")
           << diag.str() << "\n";
    for (const mlir::Diagnostic &note : diag.getNotes())
      errs() << "quantc: note: " << note.str() << "\n";
  });

  if (gradient) {
    mlir::FailureOr<LossGradient> lg = buildLossGradient(
        context, inputFile, options.inputShapes, sensitivityBatch);
    if (mlir::failed(lg) || failedAny)
      return 1; // nothing written yet
    mlir::OwningOpRef<mlir::ModuleOp> module = std::move(lg->gradient);
    if (hessianVector) {
      auto hvp = buildHessianVectorModule(
          *module, lg->layers,
          mlir::FileLineColLoc::get(&context, inputFile, 0, 0));
      if (mlir::failed(hvp))
        return 1;
      module = std::move(*hvp);
    }
    if (mlir::failed(compileQCModule(*module, options)) || failedAny) {
      sys::fs::remove(options.outputPath);
      return 1;
    }
    return 0;
  }
  if (sensitivity) {
    SensitivityOptions so;
    so.inputPath = inputFile;
    so.calibData = calibData;
    so.labels = labels;
    so.inputShapes = options.inputShapes;
    so.calibSamples = calibSamples;
    so.tolerance = sensitivityTol;
    so.minProbes = minProbes;
    so.maxProbes = maxProbes;
    so.seed = seed;
    so.batch = sensitivityBatch;
    so.threads = threads;
    so.progress = errs().is_displayed();
    mlir::FailureOr<SensitivityReport> report = computeSensitivity(context, so);
    if (mlir::failed(report) || failedAny)
      return 1; // nothing written
    std::string json = sensitivityToJSON(*report);
    if (outputFile == "-") {
      outs() << json;
      return 0;
    }
    std::error_code ec;
    raw_fd_ostream os(outputFile, ec);
    if (ec) {
      errs() << "quantc: error: cannot write " << outputFile << ": "
             << ec.message() << "\n";
      return 1;
    }
    os << json;
    return 0;
  }

  if (mlir::failed(compile(context, options)) || failedAny) {
    // Never leave a partial artifact behind.
    if (*kind == EmitKind::SharedLib || *kind == EmitKind::Object) {
      sys::fs::remove(outputFile);
      if (*kind == EmitKind::SharedLib) {
        SmallString<256> header(outputFile.getValue());
        sys::path::replace_extension(header, ".h");
        sys::fs::remove(header);
      }
    }
    return 1;
  }
  return 0;
}
