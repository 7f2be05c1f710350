//===- Passes.h - quantc quantization passes --------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_PASSES_H
#define QUANTC_QUANTIZATION_PASSES_H

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Quantization/Calibration.h"
#include "quantc/Support/LoadedModel.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Pass/Pass.h"

#include <functional>
#include <memory>

namespace mlir {
namespace qc {

#define GEN_PASS_DECL
#include "quantc/Quantization/Passes.h.inc"

/// How quantc-calibrate runs a float module: compiles it (the module is a
/// private copy the callee may consume) and loads it with `threads`
/// threads; null with `error` set on failure. The compiler library
/// (lib/Compiler), which owns the pipelines, provides it
/// (quantc::compileToLoadedModel); the pass does not depend on it.
using CalibrationRunner = std::function<std::unique_ptr<quantc::LoadedModel>(
    ModuleOp module, int threads, std::string &error)>;

/// quantc-calibrate with `runner`. (createCalibrate() without one only
/// applies statistics: `load=FILE`, or an imported model's fixed ranges.)
std::unique_ptr<Pass> createCalibrate(CalibrateOptions options,
                                      CalibrationRunner runner);

/// The one dimension along which `values` (row-major, of `shape`) vary: -1
/// when they are all equal, std::nullopt when they vary along several (a
/// constant factor quantizes per axis along it, and folds into per-channel
/// multipliers).
std::optional<int64_t> varyingAxis(ArrayRef<double> values,
                                   ArrayRef<int64_t> shape);

#define GEN_PASS_REGISTRATION_ADDQUANTIZEDENTRY
#define GEN_PASS_REGISTRATION_BIASCORRECT
#define GEN_PASS_REGISTRATION_FOLDFAKEQUANT
#define GEN_PASS_REGISTRATION_INTEGERIZE
#define GEN_PASS_REGISTRATION_QUANTIZE
#include "quantc/Quantization/Passes.h.inc"

/// Registers the quantization passes, quantc-calibrate with `runner`.
/// The entry function @main of `module`; null, after an error naming
/// `pass`, when there is none.
func::FuncOp getEntryFunction(ModuleOp module, StringRef pass);

inline void registerQuantcQuantizationPasses(CalibrationRunner runner) {
  registerAddQuantizedEntry();
  registerBiasCorrect();
  registerFoldFakeQuant();
  registerIntegerize();
  registerQuantize();
  ::mlir::registerPass([runner]() -> std::unique_ptr<::mlir::Pass> {
    return createCalibrate(CalibrateOptions(), runner);
  });
}

} // namespace qc
} // namespace mlir

#endif // QUANTC_QUANTIZATION_PASSES_H
