//===- QCDialect.h - qc dialect ---------------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCDIALECT_H
#define QUANTC_DIALECT_QC_IR_QCDIALECT_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "quantc/Dialect/QC/IR/QCOpsDialect.h.inc"

#endif // QUANTC_DIALECT_QC_IR_QCDIALECT_H
