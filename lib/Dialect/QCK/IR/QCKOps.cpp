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
  if (kh < 1 || kw < 1 || llvm::any_of(strides, [](int64_t v) { return v < 1; }) ||
      llvm::any_of(dilations, [](int64_t v) { return v < 1; }))
    return op->emitOpError("expected positive kernel sizes, strides and "
                           "dilations");
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
// Float and integer forms
//===----------------------------------------------------------------------===//

static Type elementOf(Value v) {
  return cast<ShapedType>(v.getType()).getElementType();
}

static bool isInt(Type t, unsigned width) {
  auto i = dyn_cast<IntegerType>(t);
  return i && i.getWidth() == width;
}

/// True for the integer form (8-bit codes in), checked against the rest.
static bool isIntegerForm(Value input) { return isInt(elementOf(input), 8); }

/// The float form: every operand f32, no integer epilogue.
static LogicalResult verifyFloatForm(Operation *op, ValueRange operands,
                                     Attribute requant, Value multipliers) {
  for (Value v : operands)
    if (v && !elementOf(v).isF32())
      return op->emitOpError("expected f32 operands (or an integer kernel: "
                             "8-bit input codes)");
  if (requant || multipliers)
    return op->emitOpError("requantization on a float kernel");
  return success();
}

/// The integer epilogue of conv2d, depthwise_conv2d and matmul over
/// `channels` (padded) output channels.
template <typename OpTy>
static LogicalResult verifyIntegerEpilogue(OpTy op, int64_t channels) {
  if (op.getClampMin() || op.getClampMax() || op.getLeakyAlpha())
    return op.emitOpError("float epilogue attributes on an integer kernel "
                          "(fold them into 'requant')");
  qc::RequantAttr rq = op.getRequantAttr();
  if (!rq)
    return op.emitOpError("an integer kernel needs a requantization "
                          "('requant')");
  Type out = elementOf(op.getInit());
  if (!isInt(out, 8) && !isInt(out, 32))
    return op.emitOpError("expected 8-bit or i32 output codes");
  if (op.getBias() && !isInt(elementOf(op.getBias()), 32))
    return op.emitOpError("expected an i32 bias");
  if (op.getResidual() && !isInt(elementOf(op.getResidual()), 8))
    return op.emitOpError("expected 8-bit residual codes");
  if (Value m = op.getMultipliers()) {
    ArrayRef<int64_t> ms = shapeOf(m);
    int64_t rows = rq.getNegMultiplier() ? 2 : 1;
    bool ok = isInt(elementOf(m), 32) &&
              (rows == 1 ? ms == ArrayRef<int64_t>{channels}
                         : ms == ArrayRef<int64_t>{2, channels});
    if (!ok)
      return op.emitOpError() << "expected i32 multipliers of shape "
                              << (rows == 2 ? "[2, " : "[") << channels << "]";
  } else if (rq.getMultiplier().size() != 1 ||
             (rq.getNegMultiplier() && rq.getNegMultiplier().size() != 1)) {
    return op.emitOpError("per-channel multipliers need the 'multipliers' "
                          "operand");
  }
  return success();
}

/// The form of a conv2d, depthwise_conv2d or matmul: tensors or memrefs
/// (verifyForm), and `integer` (8-bit codes for `input`) or float, whose
/// operands are all f32.
template <typename OpTy>
static LogicalResult verifyKernelForm(OpTy op, Value input, bool &integer) {
  if (failed(verifyForm(op, op.getInit())))
    return failure();
  integer = isIntegerForm(input);
  if (integer)
    return success();
  return verifyFloatForm(op, op->getOperands(), op.getRequantAttr(),
                         op.getMultipliers());
}

/// The epilogue of a kernel over `channels` output channels: its bias and
/// residual shapes, and in the integer form its requantization.
template <typename OpTy>
static LogicalResult verifyKernelEpilogue(OpTy op, int64_t channels,
                                          bool integer) {
  if (failed(verifyEpilogue(op, op.getBias(), op.getResidual(), op.getInit(),
                            channels)))
    return failure();
  return integer ? verifyIntegerEpilogue(op, channels) : success();
}

/// True when `blocks` blocks of `size` cover `n`, the last one (only)
/// partly.
static bool coversInBlocks(int64_t blocks, int64_t size, int64_t n) {
  return blocks * size >= n && (blocks - 1) * size < n;
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  bool integer;
  if (failed(verifyKernelForm(*this, getInput(), integer)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter()),
                    out = shapeOf(getInit());
  if (!integer) {
    if (w.size() != 5)
      return emitOpError("expected a packed filter [OB, KH, KW, C, NR]");
    if (failed(verifyWindow(*this, in, out, w[1], w[2], getStrides(),
                            getDilations())))
      return failure();
    if (w[3] != in[3])
      return emitOpError("expected filter channels to match the input");
    if (!coversInBlocks(w[0], w[4], out[3]))
      return emitOpError("expected ceil(OC / NR) filter blocks");
    return verifyKernelEpilogue(*this, w[0] * w[4], /*integer=*/false);
  }
  // Integer form: filter [OB, KH, G, NR, P].
  if (w.size() != 5)
    return emitOpError("expected a packed integer filter [OB, KH, G, NR, P]");
  int64_t p = w[4];
  Type fe = elementOf(getFilter());
  if (!((p == 4 && isInt(fe, 8)) || (p == 2 && isInt(fe, 16))))
    return emitOpError("expected runs of 4 i8 or 2 i16 filter values");
  std::optional<ArrayRef<int64_t>> k = getKernel();
  if (!k || k->size() != 2 || (*k)[0] != w[1] || (*k)[0] < 1 || (*k)[1] < 1)
    return emitOpError("expected 'kernel' = [KH, KW] matching the filter");
  if (failed(verifyWindow(*this, in, out, (*k)[0], (*k)[1], getStrides(),
                          getDilations())))
    return failure();
  int64_t c = in[3], kw = (*k)[1];
  int64_t g = getDilations()[1] == 1 ? (kw * c + p - 1) / p : kw * c / p;
  if (getDilations()[1] != 1 && c % p != 0)
    return emitOpError("dilated integer filters need C to be a multiple of ")
           << p;
  if (w[2] != g)
    return emitOpError() << "expected " << g << " runs of " << p
                         << " filter values per filter row, found " << w[2];
  if (!coversInBlocks(w[0], w[3], out[3]))
    return emitOpError("expected ceil(OC / NR) filter blocks");
  return verifyKernelEpilogue(*this, w[0] * w[3], /*integer=*/true);
}

LogicalResult DepthwiseConv2DOp::verify() {
  bool integer;
  if (failed(verifyKernelForm(*this, getInput(), integer)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), w = shapeOf(getFilter()),
                    out = shapeOf(getInit());
  if (w.size() != 3)
    return emitOpError("expected a filter [KH, KW, C]");
  if (integer && !isInt(elementOf(getFilter()), 8))
    return emitOpError("expected an i8 filter");
  if (failed(verifyWindow(*this, in, out, w[0], w[1], getStrides(),
                          getDilations())))
    return failure();
  if (w[2] != in[3] || out[3] != in[3])
    return emitOpError("expected filter, input and output channels to match");
  return verifyKernelEpilogue(*this, out[3], integer);
}

LogicalResult MatMulOp::verify() {
  bool integer;
  if (failed(verifyKernelForm(*this, getLhs(), integer)))
    return failure();
  ArrayRef<int64_t> a = shapeOf(getLhs()), b = shapeOf(getRhs()),
                    out = shapeOf(getInit());
  if (!integer) {
    if (a.size() != 2 || b.size() != 3 || out.size() != 2)
      return emitOpError("expected lhs [M, K], rhs [NB, K, NR], out [M, N]");
    if (a[0] != out[0] || a[1] != b[1])
      return emitOpError("expected matching M and K");
    if (!coversInBlocks(b[0], b[2], out[1]))
      return emitOpError("expected ceil(N / NR) rhs blocks");
    return verifyKernelEpilogue(*this, b[0] * b[2], /*integer=*/false);
  }
  if (a.size() != 2 || b.size() != 4 || out.size() != 2)
    return emitOpError("expected lhs [M, K], rhs [NB, G, NR, P], out [M, N]");
  int64_t p = b[3];
  Type be = elementOf(getRhs());
  if (!((p == 4 && isInt(be, 8)) || (p == 2 && isInt(be, 16))))
    return emitOpError("expected runs of 4 i8 or 2 i16 rhs values");
  if (a[0] != out[0] || b[1] != (a[1] + p - 1) / p)
    return emitOpError("expected matching M and ceil(K / P) rhs runs");
  if (!coversInBlocks(b[0], b[2], out[1]))
    return emitOpError("expected ceil(N / NR) rhs blocks");
  return verifyKernelEpilogue(*this, b[0] * b[2], /*integer=*/true);
}

LogicalResult Pool2DOp::verify() {
  if (failed(verifyForm(*this, getInit())))
    return failure();
  ArrayRef<int64_t> in = shapeOf(getInput()), out = shapeOf(getInit());
  if (getKernel().size() != 2)
    return emitOpError("expected 2 kernel sizes");
  if (llvm::any_of(getKernel(), [](int64_t k) { return k < 1; }) ||
      llvm::any_of(getStrides(), [](int64_t v) { return v < 1; }) ||
      llvm::any_of(getDilations(), [](int64_t v) { return v < 1; }))
    return emitOpError("expected positive kernel sizes, strides and "
                       "dilations");
  if (failed(verifyWindow(*this, in, out, getKernel()[0], getKernel()[1],
                          getStrides(), getDilations())))
    return failure();
  if (in[3] != out[3])
    return emitOpError("expected the same channels");
  Type ie = elementOf(getInput()), oe = elementOf(getInit());
  bool integer = isInt(ie, 8);
  if (!integer && (!ie.isF32() || !oe.isF32()))
    return emitOpError("expected f32 or 8-bit integer codes");
  if (integer && !isInt(oe, 8))
    return emitOpError("expected 8-bit output codes");
  if (getRequantAttr() && (!integer || getKind() != PoolKind::Avg))
    return emitOpError("a requantization applies to integer average "
                       "pooling only");
  if (integer && getKind() == PoolKind::Avg && !getRequantAttr())
    return emitOpError("integer average pooling needs a requantization");
  if (getDivisors()) {
    if (getKind() != PoolKind::Avg)
      return emitOpError("divisors apply to average pooling only");
    ArrayRef<int64_t> d = shapeOf(getDivisors());
    if (d.size() != 2 || d[0] != out[1] || d[1] != out[2])
      return emitOpError("expected divisors of shape [OH, OW]");
    if (!(integer ? isInt(elementOf(getDivisors()), 32)
                  : elementOf(getDivisors()).isF32()))
      return emitOpError("expected f32 divisors (i32 multipliers for "
                         "integer codes)");
  } else if (integer && getKind() == PoolKind::Avg &&
             getRequantAttr().getMultiplier().size() != 1) {
    return emitOpError("per-position multipliers need the 'divisors' "
                       "operand");
  }
  return success();
}

#define GET_OP_CLASSES
#include "quantc/Dialect/QCK/IR/QCKOps.cpp.inc"
