//===- Requant.h - The one builder of #qc.requant arithmetic ----*- C++ -*-===//
//
// Part of the quantc project.
//
// Every lowering that computes a #qc.requant (the reference linalg lowering
// of conv2d, matmul, pools, means, rescale and rescale_mul; the CPU kernels'
// vector epilogues) builds it here, so the artifacts agree with quantc-ref
// bit for bit by construction. unittests/RequantTest.cpp pins it against the
// reference over edge values.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_UTILS_REQUANT_H
#define QUANTC_DIALECT_QC_UTILS_REQUANT_H

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/Builders.h"

namespace mlir {
namespace qc {

/// The requantization of docs/quantization.md, in 64-bit integers:
///
///   t = (x - input_zp) * m'  [+ (r - residual_zp) * residual_multiplier]
///   y = clamp(output_zp + ((t + 2^(shift-1)) >> shift), min, max)
///
/// with m' = mneg when mneg is given and x - input_zp < 0, else m. `x`, `m`,
/// `mneg` and `r` are integer scalars, or vectors of one shape (then every
/// constant is a splat): `x`, `m`, `mneg` are sign-extended, `r` (null when
/// there is no residual term) zero-extended when `residualUnsigned` (ui8
/// codes). Returns y truncated to `outElem` (or a vector of it).
Value buildRequant(OpBuilder &b, Location loc, RequantAttr rq, Value x, Value m,
                   Value mneg, Value r, bool residualUnsigned, Type outElem);

/// An i64 constant, or an i64 splat of `like`'s vector shape.
Value buildI64Constant(OpBuilder &b, Location loc, Type like, int64_t value);

} // namespace qc
} // namespace mlir

#endif // QUANTC_DIALECT_QC_UTILS_REQUANT_H
