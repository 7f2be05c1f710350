//===- QCTraits.h - qc op traits --------------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
// The C++ side of the traits declared in QCInterfaces.td: op properties
// that passes ask with `op->hasTrait<...>()`, and the verifiers shared by
// an op family.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCTRAITS_H
#define QUANTC_DIALECT_QC_IR_QCTRAITS_H

#include "mlir/IR/OpDefinition.h"

namespace mlir {
namespace OpTrait {
namespace qc {

namespace impl {
LogicalResult verifyUnaryElementwise(Operation *op);
LogicalResult verifyBroadcastingBinary(Operation *op);
} // namespace impl

/// The quantized result has operand 0's scale and zero point.
template <typename ConcreteType>
class KeepsQuantParams : public TraitBase<ConcreteType, KeepsQuantParams> {};

/// The integer form rescales into a result with its own calibrated range.
template <typename ConcreteType>
class RequantizesResult : public TraitBase<ConcreteType, RequantizesResult> {};

/// The result holds exactly operand 0's elements, rearranged.
template <typename ConcreteType>
class RearrangesElements : public TraitBase<ConcreteType, RearrangesElements> {
};

/// Elementwise without axis attributes: commutes with transposes.
template <typename ConcreteType>
class LayoutAgnostic : public TraitBase<ConcreteType, LayoutAgnostic> {};

/// unary_c1, unary_c2.
template <typename ConcreteType>
class UnaryElementwise : public TraitBase<ConcreteType, UnaryElementwise> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return impl::verifyUnaryElementwise(op);
  }
};

/// binary_c1 .. binary_c3.
template <typename ConcreteType>
class BroadcastingBinary : public TraitBase<ConcreteType, BroadcastingBinary> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return impl::verifyBroadcastingBinary(op);
  }
};

} // namespace qc
} // namespace OpTrait
} // namespace mlir

#endif // QUANTC_DIALECT_QC_IR_QCTRAITS_H
