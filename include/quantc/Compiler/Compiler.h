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
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>
#include <vector>

namespace quantc {

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

/// Lets quantc-calibrate compile and run float modules (with the pipelines
/// above); called by compile() and registerAllQuantcPasses().
void installCalibrationCompiler();

/// A C identifier made from `text` (for symbol prefixes).
std::string sanitizeIdentifier(llvm::StringRef text);

} // namespace quantc

#endif // QUANTC_COMPILER_COMPILER_H
