//===- Compiler.h - The quantc compilation pipeline -------------*- C++ -*-===//
//
// Part of the quantc project.
//
// One entry point, used by the quantc CLI, the Python bindings and the test
// drivers: ONNX file in, artifact (or any intermediate stage) out. The
// stages are pass pipelines also registered for quantc-opt.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_COMPILER_COMPILER_H
#define QUANTC_COMPILER_COMPILER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace quantc {

class LoadedModel;

/// The output stages of `--emit`, in pipeline order.
enum class EmitKind {
  QC,        ///< qc dialect after the frontend pipeline
  Linalg,    ///< linalg/tensor after kernel selection and qc lowering
  LLVMMLIR,  ///< the LLVM dialect
  LLVMIR,    ///< textual LLVM IR (.ll)
  Object,    ///< object file (.o)
  SharedLib, ///< model.so + model.h
  /// An ONNX QDQ model carrying quantc's INT8 quantization (needs
  /// `quantize`); branches off after quantc-quantize, in NCHW.
  QDQONNX
};

std::optional<EmitKind> parseEmitKind(llvm::StringRef text);
llvm::StringRef emitKindName(EmitKind kind);

struct CompileOptions {
  std::string inputPath;
  std::string outputPath;
  EmitKind emit = EmitKind::SharedLib;
  /// "cpu" (x86-64).
  std::string target = "cpu";
  /// -O0..-O3: LLVM optimization level (0 also skips the CPU kernel
  /// generator, leaving the reference lowering).
  unsigned optLevel = 3;
  /// LLVM CPU name and features; "native" is the host.
  std::string cpu = "native";
  std::string features;
  /// Input shapes by ONNX input name (--input-shape).
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// C symbol prefix of the artifact's ABI; derived from the output file
  /// name when empty.
  std::string symbolPrefix;
  /// Write <output>.h next to a shared library.
  bool emitHeader = true;
  /// Keep ONNX's NCHW layout through the frontend (the QDQ export does;
  /// sensitivity differentiates the model in it).
  bool keepNCHW = false;
  /// Print the IR after each pass (debugging).
  bool printIRAfterAll = false;

  /// Static INT8 quantization (--quantize=int8).
  bool quantize = false;
  std::string calibData;     ///< --calib-data
  std::string calibMethod;   ///< --calib-method (empty: the default)
  double percentile = 99.99; ///< --percentile
  std::string saveCalib;     ///< --save-calib
  std::string loadCalib;     ///< --load-calib
  int calibSamples = 0;      ///< --calib-samples (0: all)
  /// Without --calib-data or --load-calib: inputs distilled from the
  /// model's BatchNorm statistics (ZeroQ, quantc-distill.py).
  /// Cancel the mean shift of weight rounding in the biases
  /// (quantc-bias-correct; --bias-correction=false turns it off).
  bool biasCorrection = true;
  int distillSamples = 16; ///< --distill-samples
  int distillIters = 200;  ///< --distill-iters
};

/// The calibration method used when none is given.
extern const char *kDefaultCalibMethod;

/// The options of quantc's named pipelines, for quantc-opt to replay any
/// stage as the driver runs it (`-quantc-linalg-pipeline="opt-level=0
/// mcpu=x86-64-v3"`): the fields of CompileOptions that the pipelines read.
struct PipelineOptions : mlir::PassPipelineOptions<PipelineOptions> {
  Option<unsigned> optLevel{*this, "opt-level",
                            llvm::cl::desc("0..3 (0: no CPU kernels, the "
                                           "reference lowering)"),
                            llvm::cl::init(3)};
  Option<bool> quantize{*this, "quantize",
                        llvm::cl::desc("The pipeline of --quantize=int8"),
                        llvm::cl::init(false)};
  Option<bool> qdqExport{
      *this, "qdq-export",
      llvm::cl::desc("The pipeline of --emit=qdq-onnx: NCHW, and quantized "
                     "types instead of integer code"),
      llvm::cl::init(false)};
  Option<std::string> cpu{*this, "mcpu",
                          llvm::cl::desc("Target CPU (native: the host)"),
                          llvm::cl::init("native")};
  Option<std::string> features{*this, "mattr",
                               llvm::cl::desc("Extra target features")};
  Option<std::string> calibData{*this, "calib-data",
                                llvm::cl::desc("Calibration inputs")};
  Option<std::string> calibMethod{
      *this, "calib-method",
      llvm::cl::desc("minmax, percentile, mse or entropy (default minmax)")};
  Option<double> percentile{*this, "percentile",
                            llvm::cl::desc("Percentile of the percentile "
                                           "method"),
                            llvm::cl::init(99.99)};
  Option<std::string> saveCalib{*this, "save-calib",
                                llvm::cl::desc("Write statistics (JSON)")};
  Option<std::string> loadCalib{*this, "load-calib",
                                llvm::cl::desc("Read statistics (JSON)")};
  Option<int> calibSamples{*this, "calib-samples",
                           llvm::cl::desc("At most this many samples (0: "
                                          "all)"),
                           llvm::cl::init(0)};
  Option<bool> biasCorrection{*this, "bias-correction",
                              llvm::cl::desc("quantc-bias-correct"),
                              llvm::cl::init(true)};

  /// The CompileOptions these options set (the rest default).
  CompileOptions toCompileOptions() const;
};

/// Registers every dialect, interface and translation quantc uses.
void registerAllQuantc(mlir::DialectRegistry &registry);
/// Registers quantc's passes and named pipelines (for quantc-opt).
void registerAllQuantcPasses();

/// Frontend: ONNX legalization, canonicalization and qc-level rewrites
/// (without the NHWC layout conversion for EmitKind::QDQONNX, which exports
/// in ONNX's layout).
void buildQCPipeline(mlir::OpPassManager &pm, const CompileOptions &options);
/// Quantization: calibration, quantized types, dyadic rewriting (which
/// EmitKind::QDQONNX stops before: it exports the quantized types).
void buildQuantizationPipeline(mlir::OpPassManager &pm,
                               const CompileOptions &options);
/// qc -> linalg/tensor (kernel selection + the reference lowering).
void buildLinalgPipeline(mlir::OpPassManager &pm,
                         const CompileOptions &options);
/// linalg/tensor -> LLVM dialect (bufferization, memory planning,
/// parallel outlining, conversion to LLVM).
void buildLLVMPipeline(mlir::OpPassManager &pm, const CompileOptions &options);

/// Runs the whole compilation. Diagnostics go to the context's handler;
/// on failure nothing is left at the output path.
mlir::LogicalResult compile(mlir::MLIRContext &context,
                            const CompileOptions &options);

/// Compiles a qc module (after the frontend, and quantization if any) with
/// the linalg and LLVM pipelines of `options` (level, CPU; the output path
/// is a temporary file) into a shared library and loads it with `threads`
/// threads (0: all CPUs): quantc-calibrate's runner (with the default
/// options: the host), and the tests' way to run IR. The module is
/// consumed. Null with `error` set on failure.
std::unique_ptr<LoadedModel>
compileToLoadedModel(mlir::ModuleOp module, const CompileOptions &options,
                     int threads, std::string &error);

/// Lowers a float qc module whose entry is `main` (after the frontend; NCHW
/// or NHWC) to `options.emit` at `options.outputPath`, the ABI prefixed as
/// compile() does: the artifact of a function quantc builds itself (the
/// loss and weight gradients of `quantc --gradient`). The module is
/// consumed.
mlir::LogicalResult compileQCModule(mlir::ModuleOp module,
                                    const CompileOptions &options);

/// A C identifier made from `text` (for symbol prefixes).
std::string sanitizeIdentifier(llvm::StringRef text);

} // namespace quantc

#endif // QUANTC_COMPILER_COMPILER_H
