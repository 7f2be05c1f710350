//===- QCEnums.h - qc dialect enums -----------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCENUMS_H
#define QUANTC_DIALECT_QC_IR_QCENUMS_H

#include "mlir/IR/OpImplementation.h"

#include "quantc/Dialect/QC/IR/QCOpsEnums.h.inc"

#endif // QUANTC_DIALECT_QC_IR_QCENUMS_H
