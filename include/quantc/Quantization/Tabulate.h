//===- Tabulate.h - Elementwise functions as lookup tables ------*- C++ -*-===//
//
// Part of the quantc project.
//
// The elementwise ops of one input whose integer form is a 256-entry table
// of output codes (qc.table), and their real functions, evaluated in double
// when quantc-integerize fills the table.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_TABULATE_H
#define QUANTC_QUANTIZATION_TABULATE_H

namespace mlir {
class Operation;
} // namespace mlir

namespace quantc {

/// True for the qc ops quantized as a lookup table: sigmoid, tanh, exp,
/// erf, softplus, elu, hard_sigmoid, abs, neg.
bool isTabulated(mlir::Operation *op);

/// The op's function at x (NaN where it is undefined). Only for ops with
/// isTabulated(op).
double evaluateTabulated(mlir::Operation *op, double x);

} // namespace quantc

#endif // QUANTC_QUANTIZATION_TABULATE_H
