//===- QCKOps.h - quantc CPU kernel ops -------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QCK_IR_QCKOPS_H
#define QUANTC_DIALECT_QCK_IR_QCKOPS_H

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "quantc/Dialect/QCK/IR/QCKOpsDialect.h.inc"
#include "quantc/Dialect/QCK/IR/QCKOpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "quantc/Dialect/QCK/IR/QCKOpsAttrs.h.inc"

#define GET_OP_CLASSES
#include "quantc/Dialect/QCK/IR/QCKOps.h.inc"

namespace mlir {
class DialectRegistry;
namespace qck {
/// Registers the bufferization model of the kernel ops.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace qck
} // namespace mlir

#endif // QUANTC_DIALECT_QCK_IR_QCKOPS_H
