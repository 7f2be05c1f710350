//===- QCKOps.cpp - quantc CPU kernel ops ---------------------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QCK/IR/QCKOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::qck;

#include "quantc/Dialect/QCK/IR/QCKOpsDialect.cpp.inc"
#include "quantc/Dialect/QCK/IR/QCKOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "quantc/Dialect/QCK/IR/QCKOpsAttrs.cpp.inc"

void QCKDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "quantc/Dialect/QCK/IR/QCKOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quantc/Dialect/QCK/IR/QCKOpsAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

/// Memory effects of a kernel op on memrefs: reads every input, writes the
/// init; none on tensors.
static void kernelEffects(
    Operation *op, Value init,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<MemRefType>(operand.get().getType()))
      continue;
    if (operand.get() == init)
      effects.emplace_back(MemoryEffects::Write::get(), &operand,
                           SideEffects::DefaultResource::get());
    else
      effects.emplace_back(MemoryEffects::Read::get(), &operand,
                           SideEffects::DefaultResource::get());
  }
}

/// Result (tensor form) or nothing (memref form), and static shapes.
static LogicalResult verifyForm(Operation *op, Value init) {
  bool tensors = isa<RankedTensorType>(init.getType());
  for (Value v : op->getOperands())
    if (isa<RankedTensorType>(v.getType()) != tensors)
      return op->emitOpError("expected all operands to be tensors or all "
                             "memrefs");
    else if (!cast<ShapedType>(v.getType()).hasStaticShape())
      return op->emitOpError("expected static shapes");
  if (tensors && (op->getNumResults() != 1 ||
                  op->getResult(0).getType() != init.getType()))
    return op->emitOpError("expected one result of the init type");
  if (!tensors && op->getNumResults() != 0)
    return op->emitOpError("expected no result on memrefs");
  return success();
}

static LogicalResult verifyEpilogue(Operation *op, Value bias, Value residual,
                                    Value init, int64_t biasSize) {
  if (bias && (shapeOf(bias).size() != 1 || shapeOf(bias)[0] != biasSize))
    return op->emitOpError() << "expected bias of " << biasSize
                             << " elements";
  if (residual && shapeOf(residual) != shapeOf(init))
    return op->emitOpError("expected residual of the output shape");
  return success();
}

static LogicalResult verifyWindow(Operation *op, ArrayRef<int64_t> in,
                                  ArrayRef<int64_t> out, int64_t kh, int64_t kw,
                                  ArrayRef<int64_t> strides,
                                  ArrayRef<int64_t> dilations) {
  if (in.size() != 4 || out.size() != 4)
    return op->emitOpError("expected 4-d NHWC input and output");
  if (strides.size() != 2 || dilations.size() != 2)
    return op->emitOpError("expected 2 strides and 2 dilations");
  if (in[0] != out[0])
    return op->emitOpError("expected the same batch size");
  for (int i = 0; i < 2; ++i) {
    int64_t k = i == 0 ? kh : kw;
    int64_t need = (out[1 + i] - 1) * strides[i] + dilations[i] * (k - 1) + 1;
    if (need > in[1 + i])
      return op->emitOpError() << "expected a padded input of at least "
                               << need << " in spatial dimension " << i
                               << ", found " << in[1 + i];
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  if (failed(verifyForm(*this, getInit())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter()),
                    out = shapeOf(getInit());
  if (w.size() != 5)
    return emitOpError("expected a packed filter [OB, KH, KW, C, NR]");
  if (failed(verifyWindow(*this, in, out, w[1], w[2], getStrides(),
                          getDilations())))
    return failure();
  if (w[3] != in[3])
    return emitOpError("expected filter channels to match the input");
  if (w[0] * w[4] < out[3] || (w[0] - 1) * w[4] >= out[3])
    return emitOpError("expected ceil(OC / NR) filter blocks");
  return verifyEpilogue(*this, getBias(), getResidual(), getInit(),
                        w[0] * w[4]);
}

void Conv2DOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  kernelEffects(*this, getInit(), effects);
}

LogicalResult DepthwiseConv2DOp::verify() {
  if (failed(verifyForm(*this, getInit())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter()),
                    out = shapeOf(getInit());
  if (w.size() != 3)
    return emitOpError("expected a filter [KH, KW, C]");
  if (failed(verifyWindow(*this, in, out, w[0], w[1], getStrides(),
                          getDilations())))
    return failure();
  if (w[2] != in[3] || out[3] != in[3])
    return emitOpError("expected filter, input and output channels to match");
  return verifyEpilogue(*this, getBias(), getResidual(), getInit(), out[3]);
}

void DepthwiseConv2DOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  kernelEffects(*this, getInit(), effects);
}

LogicalResult MatMulOp::verify() {
  if (failed(verifyForm(*this, getInit())))
    return failure();
  ArrayRef<int64_t> a = shapeOf(getLhs()), b = shapeOf(getRhs()),
                    out = shapeOf(getInit());
  if (a.size() != 2 || b.size() != 3 || out.size() != 2)
    return emitOpError("expected lhs [M, K], rhs [NB, K, NR], out [M, N]");
  if (a[0] != out[0] || a[1] != b[1])
    return emitOpError("expected matching M and K");
  if (b[0] * b[2] < out[1] || (b[0] - 1) * b[2] >= out[1])
    return emitOpError("expected ceil(N / NR) rhs blocks");
  return verifyEpilogue(*this, getBias(), getResidual(), getInit(),
                        b[0] * b[2]);
}

void MatMulOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  kernelEffects(*this, getInit(), effects);
}

LogicalResult Pool2DOp::verify() {
  if (failed(verifyForm(*this, getInit())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getInit());
  if (getKernel().size() != 2)
    return emitOpError("expected 2 kernel sizes");
  if (failed(verifyWindow(*this, in, out, getKernel()[0], getKernel()[1],
                          getStrides(), getDilations())))
    return failure();
  if (in[3] != out[3])
    return emitOpError("expected the same channels");
  if (getDivisors()) {
    if (getKind() != PoolKind::Avg)
      return emitOpError("divisors apply to average pooling only");
    ArrayRef<int64_t> d = shapeOf(getDivisors());
    if (d.size() != 2 || d[0] != out[1] || d[1] != out[2])
      return emitOpError("expected divisors of shape [OH, OW]");
  }
  return success();
}

void Pool2DOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>>
        &effects) {
  kernelEffects(*this, getInit(), effects);
}

#define GET_OP_CLASSES
#include "quantc/Dialect/QCK/IR/QCKOps.cpp.inc"
