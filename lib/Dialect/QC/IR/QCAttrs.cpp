//===- QCAttrs.cpp - qc dialect attributes --------------------------------===//
//
// Part of the quantc project.
//
// The typed attributes of the qc dialect, and the dialect's checks of the
// discardable `qc.calib` / `qc.qparams` attributes on ops and arguments.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qc;

#define GET_ATTRDEF_CLASSES
#include "quantc/Dialect/QC/IR/QCOpsAttrs.cpp.inc"

void QCDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quantc/Dialect/QC/IR/QCOpsAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Attributes of values
//===----------------------------------------------------------------------===//

/// The discardable attribute `name` of `v`: of its defining op, or of the
/// function argument.
static Attribute valueAttr(Value v, StringRef name) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp());
    return func && arg.getOwner()->isEntryBlock()
               ? func.getArgAttr(arg.getArgNumber(), name)
               : Attribute();
  }
  return v.getDefiningOp()->getAttr(name);
}

static void setValueAttr(Value v, StringRef name, Attribute attr) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (auto func = dyn_cast<FunctionOpInterface>(arg.getOwner()->getParentOp()))
      func.setArgAttr(arg.getArgNumber(), name, attr);
    return;
  }
  v.getDefiningOp()->setAttr(name, attr);
}

CalibAttr CalibAttr::of(Value v) {
  return dyn_cast_or_null<CalibAttr>(
      valueAttr(v, QCDialect::kCalibAttrName));
}

void CalibAttr::attachTo(Value v) const {
  setValueAttr(v, QCDialect::kCalibAttrName, *this);
}

QParamsAttr QParamsAttr::of(Value v) {
  return dyn_cast_or_null<QParamsAttr>(
      valueAttr(v, QCDialect::kQParamsAttrName));
}

void QParamsAttr::attachTo(Value v) const {
  setValueAttr(v, QCDialect::kQParamsAttrName, *this);
}

//===----------------------------------------------------------------------===//
// Verifiers
//===----------------------------------------------------------------------===//

LogicalResult
CalibAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                  APFloat min, APFloat max, APFloat lo, APFloat hi,
                  std::optional<int64_t> channelAxis,
                  DenseF64ArrayAttr channelMean, bool fixed, bool bound) {
  if (channelAxis.has_value() != (bool)channelMean)
    return emitError() << "channel_axis and channel_mean come together";
  if (channelAxis && *channelAxis < 0)
    return emitError() << "channel_axis " << *channelAxis << " is negative";
  return success();
}

LogicalResult
QParamsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                    APFloat scale, int64_t zeroPoint) {
  if (!scale.isFiniteNonZero() || scale.isNegative() ||
      &scale.getSemantics() != &APFloat::IEEEdouble())
    return emitError() << "scale " << scale.convertToDouble()
                       << " is not a positive, finite f64";
  if (zeroPoint < 0 || zeroPoint > 255)
    return emitError() << "zero_point " << zeroPoint
                       << " is not a u8 code in [0, 255]";
  return success();
}

/// `qc.calib` and `qc.qparams` must be the typed attributes, and a calib's
/// channel means must fit the value they describe.
static LogicalResult verifyValueAttr(Operation *op, NamedAttribute attr,
                                     Type valueType) {
  StringRef name = attr.getName().getValue();
  if (name == QCDialect::kCalibAttrName) {
    auto calib = dyn_cast<CalibAttr>(attr.getValue());
    if (!calib)
      return op->emitError() << "'" << name << "' must be a #qc.calib";
    auto tensor = dyn_cast_or_null<RankedTensorType>(valueType);
    if (!calib.getChannelAxis() || !tensor)
      return success();
    int64_t axis = *calib.getChannelAxis();
    if (axis >= tensor.getRank())
      return op->emitError() << "'" << name << "' channel_axis " << axis
                             << " is not a dimension of a rank-"
                             << tensor.getRank() << " tensor";
    int64_t channels = tensor.getDimSize(axis);
    int64_t means = calib.getChannelMean().size();
    if (!ShapedType::isDynamic(channels) && means != channels)
      return op->emitError() << "'" << name << "' has " << means
                             << " channel means for " << channels
                             << " channels";
    return success();
  }
  if (name == QCDialect::kQParamsAttrName && !isa<QParamsAttr>(attr.getValue()))
    return op->emitError() << "'" << name << "' must be a #qc.qparams";
  return success();
}

LogicalResult QCDialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attr) {
  Type type = op->getNumResults() == 1 ? op->getResult(0).getType() : Type();
  return verifyValueAttr(op, attr, type);
}

LogicalResult QCDialect::verifyRegionArgAttribute(Operation *op,
                                                  unsigned regionIndex,
                                                  unsigned argIndex,
                                                  NamedAttribute attr) {
  Region &region = op->getRegion(regionIndex);
  Type type = region.empty() ? Type()
                             : region.front().getArgument(argIndex).getType();
  return verifyValueAttr(op, attr, type);
}
