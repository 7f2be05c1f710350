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

/// The u8 x s8 -> i32 dot product the integer kernels are built on.
enum class Int8Dot {
  VNNI,   ///< vpdpbusd (AVX512-VNNI or AVX-VNNI): runs of 4 i8 weights
  PMADDWD ///< pmaddwd (AVX2, AVX-512): runs of 2 i16 weights, u8 widened
};

#define GEN_PASS_DECL
#include "quantc/Target/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quantc/Target/CPU/Passes.h.inc"

} // namespace qc
} // namespace mlir

#endif // QUANTC_TARGET_CPU_PASSES_H
