//===- Artifact.h - Emitting model.so and model.h ---------------*- C++ -*-===//
//
// Part of the quantc project.
//
// The last steps of a CPU compile: the C ABI glue (model descriptor and
// prefixed entry points, in LLVM IR), LLVM optimization and object
// emission for the target CPU, linking with the runtime into a shared
// library, and the generated header.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TARGET_CPU_ARTIFACT_H
#define QUANTC_TARGET_CPU_ARTIFACT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace quantc {

/// One input or output of the artifact.
struct TensorSignature {
  std::string name;
  int32_t dtype = 1; ///< quantc_dtype
  std::vector<int64_t> shape;
  /// Quantized form (run_quantized); quantDtype 0 when none.
  int32_t quantDtype = 0;
  int32_t zeroPoint = 0;
  float scale = 0.0f;
};

struct ArtifactSignature {
  std::vector<TensorSignature> inputs, outputs;
  /// Scratch bytes of the model body (from quantc-plan-memory).
  uint64_t workspaceSize = 0;
  /// Symbol prefix of the C ABI.
  std::string prefix = "model";
  /// Name of the lowered entry function.
  std::string entry = "main";
  std::string entryQuantized; ///< empty when none
};

/// The ABI dtype code of an MLIR element type (0 if none).
int32_t dtypeCode(mlir::Type elementType);

/// Reads names, dtypes and shapes from the qc-level entry function.
mlir::FailureOr<ArtifactSignature> getArtifactSignature(mlir::func::FuncOp func);

/// Target facts the kernel generator needs.
struct CPUTarget {
  std::string cpu;      ///< resolved CPU name (never "native")
  std::string features; ///< resolved +feature list
  unsigned vectorBits = 256;
  bool avx512 = false;
  bool avxvnni = false;    ///< 256-bit VNNI (vpdpbusd on ymm)
  bool avx512vnni = false; ///< 512-bit VNNI
};
/// Checks -mcpu / -mattr values against LLVM's x86 target; returns a
/// one-line reason, or "" when both are valid.
std::string checkCPUTarget(llvm::StringRef cpu, llvm::StringRef features);
/// Resolves "native" to the host CPU and its features.
CPUTarget resolveCPUTarget(llvm::StringRef cpu, llvm::StringRef features);

std::unique_ptr<llvm::TargetMachine>
createTargetMachine(const CPUTarget &target, unsigned optLevel,
                    std::string &error);

/// Adds the descriptor, the prefixed C entry points and
/// quantc_model_api_get to `module`, and hides every other symbol.
mlir::LogicalResult addArtifactABI(llvm::Module &module,
                                   const ArtifactSignature &signature,
                                   std::string &error);

/// Runs LLVM's optimizer at `optLevel` and writes an object file.
mlir::LogicalResult emitObjectFile(llvm::Module &module,
                                   llvm::TargetMachine &machine,
                                   unsigned optLevel, llvm::StringRef path,
                                   std::string &error);
/// Same, returning textual LLVM IR after optimization.
mlir::LogicalResult optimizeModule(llvm::Module &module,
                                   llvm::TargetMachine &machine,
                                   unsigned optLevel, std::string &error);

/// Links `objectPath` with the runtime into a shared library at
/// `outputPath` (written to a temporary and renamed, so a failed link
/// leaves nothing behind).
mlir::LogicalResult linkSharedLibrary(llvm::StringRef objectPath,
                                      llvm::StringRef outputPath,
                                      std::string &error);

/// The text of model.h.
std::string generateHeader(const ArtifactSignature &signature);

} // namespace quantc

#endif // QUANTC_TARGET_CPU_ARTIFACT_H
