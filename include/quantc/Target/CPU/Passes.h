//===- Passes.h - quantc CPU target passes ----------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TARGET_CPU_PASSES_H
#define QUANTC_TARGET_CPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "quantc/Dialect/QCK/IR/QCKOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace qc {

#define GEN_PASS_DECL
#include "quantc/Target/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quantc/Target/CPU/Passes.h.inc"

} // namespace qc
} // namespace mlir

#endif // QUANTC_TARGET_CPU_PASSES_H
