//===- Interpreter.h - Integer reference of quantized qc IR -----*- C++ -*-===//
//
// Part of the quantc project.
//
// Executes an integerized qc function (after quantc-integerize) with plain
// C++ loops written from docs/quantization.md: no MLIR lowering, no LLVM,
// no vectors. Compiled artifacts must match it bit for bit; the tests check
// they do on real models and real inputs.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_REFERENCE_INTERPRETER_H
#define QUANTC_REFERENCE_INTERPRETER_H

#include "quantc/Support/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace quantc {

/// Runs `func` on `inputs` (dtypes and shapes of its arguments: ui8 codes
/// for @main_quantized, f32 for @main). Returns false with `error` on an op
/// the reference does not implement or a type mismatch.
bool interpret(mlir::func::FuncOp func, const std::vector<HostTensor> &inputs,
               std::vector<HostTensor> &outputs, std::string &error);

} // namespace quantc

#endif // QUANTC_REFERENCE_INTERPRETER_H
