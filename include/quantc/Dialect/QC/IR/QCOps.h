//===- QCOps.h - qc dialect operations --------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCOPS_H
#define QUANTC_DIALECT_QC_IR_QCOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "quantc/Dialect/QC/IR/QCDialect.h"
#include "quantc/Dialect/QC/IR/QCEnums.h"
#include "quantc/Dialect/QC/IR/QCTraits.h"

#include <array>

#define GET_ATTRDEF_CLASSES
#include "quantc/Dialect/QC/IR/QCOpsAttrs.h.inc"

#include "quantc/Dialect/QC/IR/QCInterfaces.h.inc"

#define GET_OP_CLASSES
#include "quantc/Dialect/QC/IR/QCOps.h.inc"

namespace mlir {
namespace qc {

/// True when the element type of `type` (or `type`) is quantized.
bool isQuantized(Type type);

/// The element type of `type` (or `type`), a quantized type replaced by its
/// expressed type.
Type getElementTypeOrExpressed(Type type);

/// The two operands of a commutative binary op in both orders, (lhs, rhs)
/// and (rhs, lhs), for patterns that match a value on either side.
inline std::array<std::pair<Value, Value>, 2> bothOrders(Operation *op) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1);
  return {{{lhs, rhs}, {rhs, lhs}}};
}

} // namespace qc
} // namespace mlir

#endif // QUANTC_DIALECT_QC_IR_QCOPS_H
