//===- Sensitivity.h - Hessian-trace layer sensitivity ----------*- C++ -*-===//
//
// Part of the quantc project.
//
// HAWQ-V2's per-layer sensitivity, computed by quantc itself: the trace of
// each layer's block of the loss Hessian (weights as they will be
// quantized: after BatchNorm folding, biases excluded), estimated with
// Hutchinson's method on exact Hessian-vector products (the gradient of
// <gradient, v>: reverse over reverse) that quantc-differentiate builds and
// quantc's own codegen runs. docs/sensitivity.md describes the method and its
// validation.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_COMPILER_SENSITIVITY_H
#define QUANTC_COMPILER_SENSITIVITY_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quantc {

struct SensitivityOptions {
  std::string inputPath;
  /// Samples the loss averages over (--calib-data).
  std::string calibData;
  /// Class indices, one per image (--labels): cross-entropy. Empty: KL
  /// divergence against the float model's own outputs.
  std::string labels;
  llvm::StringMap<std::vector<int64_t>> inputShapes;
  /// At most this many calibration samples (0: all).
  int calibSamples = 0;
  /// Stop when every layer's standard error is at most this fraction of
  /// its trace (after minProbes), or after maxProbes probes.
  double tolerance = 0.05;
  int minProbes = 10;
  int maxProbes = 200;
  /// Rademacher probes are drawn from a generator seeded with this.
  uint64_t seed = 0;
  /// Images per gradient run when the model's batch is 1 and its graph
  /// allows another (0: min(32, samples)); 1 keeps the model's.
  int batch = 0;
  /// Threads of the compiled gradient (0: every CPU).
  int threads = 0;
  /// A progress line on stderr (the CLI sets it on a terminal).
  bool progress = false;
  /// Each phase's time on stderr.
  bool printTimes = true;
};

struct LayerSensitivity {
  std::string node;   ///< ONNX node name of the layer
  std::string weight; ///< its weight initializer
  std::string op;     ///< "conv2d" or "matmul"
  int64_t params = 0;
  double trace = 0, traceStderr = 0;
  /// omega[b] for b in 2..8: Tr(H)/n * ||Q_b(W) - W||^2 (symmetric per
  /// output channel, round to nearest).
  double omega[9] = {};
};

struct SensitivityReport {
  std::string lossKind; ///< "cross_entropy" or "kl_divergence"
  double loss = 0;      ///< mean over every image
  int probes = 0;
  bool converged = false;
  double tolerance = 0;
  int64_t samples = 0; ///< images the loss averages over
  int64_t batch = 0;   ///< images per gradient run
  uint64_t seed = 0;
  std::vector<LayerSensitivity> layers;
};

/// A layer whose weights the gradient takes: a contraction (conv2d,
/// matmul) with a float constant weight tensor, after BatchNorm folding.
struct SensitivityLayer {
  std::string node, weight, op;
  std::vector<int64_t> shape;
  int64_t channelDim = -1; ///< the output-channel dimension of the weights
  std::vector<float> values;
};

/// The float model's loss and its weight gradients, as sensitivity
/// differentiates them.
struct LossGradient {
  /// The float model, entry `main` (NCHW, BatchNorm folded).
  mlir::OwningOpRef<mlir::ModuleOp> forward;
  /// Entry `main(inputs..., target [N, C], weights...) -> (loss [1, 1],
  /// dloss/dweights...)` with loss = -sum(target * log_softmax(scores))
  /// over the N rows (the scores are a final softmax's input when the
  /// model outputs probabilities). Arguments and results are named
  /// (`target`, the weight initializers, `loss`, `grad_<weight>`).
  mlir::OwningOpRef<mlir::ModuleOp> gradient;
  std::vector<SensitivityLayer> layers;
  int64_t batch = 0;          ///< images per run (rows of the scores)
  int64_t classes = 0;        ///< scores per image
  bool probabilities = false; ///< the model's output is a softmax
};

/// Imports `inputPath` and builds its LossGradient. With `batch` > 1, a
/// model whose batch is 1 (and no `inputShapes`) is re-imported with that
/// batch where its graph allows (otherwise it keeps 1, with a remark).
mlir::FailureOr<LossGradient>
buildLossGradient(mlir::MLIRContext &context, llvm::StringRef inputPath,
                  const llvm::StringMap<std::vector<int64_t>> &inputShapes,
                  int64_t batch);

/// The Hessian-vector product of a LossGradient's loss, by reverse over
/// reverse: `main(inputs..., target, weights..., probes...) -> (<g, v>,
/// hvp_<weight>...)`, the gradient of <g(w), v> with respect to w (exact:
/// a ReLU's mask has no derivative). `gradient` is not changed.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
buildHessianVectorModule(mlir::ModuleOp gradient,
                         llvm::ArrayRef<SensitivityLayer> layers,
                         mlir::Location fileLoc);

/// Computes the report; diagnostics (naming the flag, node or op) go to
/// the context's handler, and failure() follows an error.
mlir::FailureOr<SensitivityReport>
computeSensitivity(mlir::MLIRContext &context,
                   const SensitivityOptions &options);

/// The report as JSON (the `--sensitivity` interface: loss, probes,
/// layers[node, weight, params, trace, trace_stderr, omega]).
std::string sensitivityToJSON(const SensitivityReport &report);

/// Ω(b) of a weight tensor: ||Q_b(W) - W||^2 with Q_b symmetric per output
/// channel along `channelDim` (-1: per tensor) on the grid
/// max|w| / (2^(b-1) - 1).
double quantizationErrorNorm2(llvm::ArrayRef<float> weights,
                              llvm::ArrayRef<int64_t> shape, int64_t channelDim,
                              int bits);

} // namespace quantc

#endif // QUANTC_COMPILER_SENSITIVITY_H
