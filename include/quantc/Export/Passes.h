//===- Passes.h - quantc export passes --------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_EXPORT_PASSES_H
#define QUANTC_EXPORT_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace mlir {
namespace qc {

#define GEN_PASS_DECL
#include "quantc/Export/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quantc/Export/Passes.h.inc"

} // namespace qc
} // namespace mlir

#endif // QUANTC_EXPORT_PASSES_H
