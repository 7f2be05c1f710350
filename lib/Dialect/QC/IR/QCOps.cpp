//===- QCOps.cpp - qc dialect operations ----------------------------------===//
//
// Part of the quantc project.
//
// Verifier checks carry the constraint ids of docs/dialect.md in comments
// (`// conv2d_c3`); test/Dialect/QC/invalid.mlir has one case per id.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qc;

#include "quantc/Dialect/QC/IR/QCOpsDialect.cpp.inc"
#include "quantc/Dialect/QC/IR/QCOpsEnums.cpp.inc"

#include "quantc/Dialect/QC/IR/QCInterfaces.cpp.inc"

void QCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "quantc/Dialect/QC/IR/QCOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *QCDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  if (isa<NoneType>(type))
    return NoneOp::create(builder, loc, builder.getNoneType());
  if (auto elements = dyn_cast<ElementsAttr>(value))
    if (elements.getType() == type)
      return ConstantOp::create(builder, loc, elements);
  return nullptr;
}

bool qc::isQuantized(Type type) {
  return isa<quant::QuantizedType>(getElementTypeOrSelf(type));
}

Type qc::getElementTypeOrExpressed(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (auto q = dyn_cast<quant::QuantizedType>(element))
    return q.getExpressedType();
  return element;
}

//===----------------------------------------------------------------------===//
// Verifier helpers
//===----------------------------------------------------------------------===//

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "[";
  llvm::interleave(shape, os, "x");
  os << "]";
  return s;
}

static LogicalResult verifyResultShape(Operation *op,
                                       ArrayRef<int64_t> expected,
                                       StringRef id) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (type.getShape() != expected)
    return op->emitOpError() << "expected result shape " << shapeStr(expected)
                             << ", found " << shapeStr(type.getShape())
                             << " (" << id << ")";
  return success();
}


/// Float ops keep one element type throughout; quantized ops may change
/// scales but keep the expressed type.
static LogicalResult verifySameElementKind(Operation *op, StringRef id) {
  Type first;
  for (Type t : llvm::concat<Type>(op->getOperandTypes(),
                                   op->getResultTypes())) {
    if (!isa<RankedTensorType>(t))
      continue;
    Type e = isQuantized(t) ? getElementTypeOrExpressed(t)
                            : getElementTypeOrSelf(t);
    if (!first)
      first = e;
    else if (e != first)
      return op->emitOpError()
             << "expected operands and result to share the element type "
             << first << ", found " << e << " (" << id << ")";
  }
  return success();
}

static LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> a,
                                       size_t n, StringRef what,
                                       bool allowZero, StringRef id) {
  if (a.size() != n)
    return op->emitOpError() << "expected " << n << " values in '" << what
                             << "', found " << a.size() << " (" << id << ")";
  for (int64_t v : a)
    if (v < (allowZero ? 0 : 1))
      return op->emitOpError()
             << "expected " << (allowZero ? "non-negative" : "positive")
             << " values in '" << what << "', found " << v << " (" << id
             << ")";
  return success();
}

static LogicalResult verifyEpilogue(Operation *op, Value bias, Value residual,
                                    std::optional<APFloat> lo,
                                    std::optional<APFloat> hi,
                                    int64_t channels, StringRef biasId,
                                    StringRef residualId, StringRef clampId) {
  if (bias) {
    auto type = cast<RankedTensorType>(bias.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != channels)
      return op->emitOpError()
             << "expected bias of shape [" << channels << "], found "
             << shapeStr(type.getShape()) << " (" << biasId << ")";
  }
  // The residual has the result's shape; quantized and integer forms may
  // carry it at another scale (its own codes).
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (residual) {
    auto rt = cast<RankedTensorType>(residual.getType());
    bool sameKind =
        isa<FloatType>(rt.getElementType())
            ? rt.getElementType() == resultType.getElementType()
            : !isa<FloatType>(getElementTypeOrSelf(resultType));
    if (rt.getShape() != resultType.getShape() || !sameKind)
      return op->emitOpError() << "expected residual of the result type "
                               << resultType << ", found " << rt << " ("
                               << residualId << ")";
  }
  if (lo && hi && lo->convertToFloat() > hi->convertToFloat())
    return op->emitOpError() << "expected clamp_min <= clamp_max ("
                             << clampId << ")";
  return success();
}

/// A requantization: shift in [0, 62], clamp bounds ordered and inside the
/// result type, one multiplier or one per channel.
static LogicalResult verifyRequant(Operation *op, RequantAttr rq,
                                   int64_t channels, StringRef id) {
  if (rq.getShift() < 0 || rq.getShift() > 62)
    return op->emitOpError() << "expected a requant shift in [0, 62], found "
                             << rq.getShift() << " (" << id << ")";
  if (rq.getMin() > rq.getMax())
    return op->emitOpError() << "expected requant min <= max (" << id << ")";
  int64_t n = rq.getMultiplier().size();
  if (n != 1 && n != channels)
    return op->emitOpError() << "expected 1 or " << channels
                             << " requant multipliers, found " << n << " ("
                             << id << ")";
  if (rq.getNegMultiplier() && (int64_t)rq.getNegMultiplier().size() != n)
    return op->emitOpError() << "expected as many negative multipliers as "
                                "multipliers ("
                             << id << ")";
  Type out = getElementTypeOrSelf(op->getResult(0).getType());
  if (auto it = dyn_cast<IntegerType>(out)) {
    unsigned w = it.getWidth();
    bool u = it.isUnsigned();
    int64_t lo = u ? 0 : -(int64_t(1) << (w - 1));
    int64_t hi = u ? (int64_t(1) << w) - 1 : (int64_t(1) << (w - 1)) - 1;
    if (w < 64 && (rq.getMin() < lo || rq.getMax() > hi))
      return op->emitOpError() << "expected requant bounds within " << out
                               << " (" << id << ")";
  }
  return success();
}

/// Contraction element types: all float; quantized; or integer (ui8/i8
/// input, i8 filter, i32 bias) with an i32 accumulator result, or, with a
/// requantization, a ui8/i8/i32 result.
static LogicalResult verifyContractionTypes(Operation *op, Value input,
                                            Value filter, Value bias,
                                            RequantAttr requant,
                                            int64_t channels, StringRef id) {
  Type in = getElementTypeOrSelf(input.getType());
  Type w = getElementTypeOrSelf(filter.getType());
  Type out = getElementTypeOrSelf(op->getResult(0).getType());
  if (isa<FloatType>(in) || isa<FloatType>(w) || isa<FloatType>(out)) {
    if (requant)
      return op->emitOpError() << "expected integer operands with a "
                                  "requantization ("
                               << id << ")";
    return verifySameElementKind(op, id);
  }
  if (isa<IntegerType>(in) && isa<IntegerType>(w)) {
    if (bias && !getElementTypeOrSelf(bias.getType()).isInteger(32))
      return op->emitOpError() << "expected an i32 bias for integer operands ("
                               << id << ")";
    if (!requant && !out.isInteger(32))
      return op->emitOpError()
             << "expected an i32 result for integer operands (" << id << ")";
    if (requant) {
      auto ot = dyn_cast<IntegerType>(out);
      if (!ot || !(ot.getWidth() == 8 || ot.getWidth() == 32))
        return op->emitOpError() << "expected an 8- or 32-bit integer result "
                                    "of a requantization ("
                                 << id << ")";
      return verifyRequant(op, requant, channels, id);
    }
    return success();
  }
  if (isQuantized(input.getType()) && isQuantized(filter.getType()))
    return success();
  return op->emitOpError() << "expected float, integer or quantized operands"
                           << " (" << id << ")";
}

/// The constraint ids of the checks conv2d and matmul share, c4 to c8 of
/// each op in docs/dialect.md.
struct ContractionIds {
  StringRef bias, residual, resultShape, types, clamp;
};

/// The checks every contraction makes once its result shape is inferred:
/// the epilogue, the result shape, and the element types with the
/// requantization (no float activation alongside one).
static LogicalResult verifyContraction(ContractionOpInterface op,
                                       ArrayRef<int64_t> shape,
                                       int64_t channels,
                                       const ContractionIds &ids) {
  std::optional<APFloat> lo, hi;
  if (FloatAttr a = op.getClampMinAttr())
    lo = a.getValue();
  if (FloatAttr a = op.getClampMaxAttr())
    hi = a.getValue();
  if (failed(verifyEpilogue(op, op.getBias(), op.getResidual(), lo, hi,
                            channels, ids.bias, ids.residual, ids.clamp)) ||
      failed(verifyResultShape(op, shape, ids.resultShape)))
    return failure();
  if (op.getRequantAttr() && op.hasActivation())
    return op->emitOpError()
           << "expected no float activation with a requantization ("
           << ids.types << ")";
  return verifyContractionTypes(op, op.getActivation(), op.getWeights(),
                                op.getBias(), op.getRequantAttr(), channels,
                                ids.types);
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto filterType = cast<RankedTensorType>(getFilter().getType());
  // conv2d_c1
  if (inputType.getRank() != 4 || filterType.getRank() != 4)
    return emitOpError("expected 4-d input and filter (conv2d_c1)");
  // conv2d_c2
  if (failed(verifyWindowAttrs(*this, getStrides(), 2, "strides", false,
                               "conv2d_c2")) ||
      failed(verifyWindowAttrs(*this, getDilations(), 2, "dilations", false,
                               "conv2d_c2")) ||
      failed(verifyWindowAttrs(*this, getPads(), 4, "pads", true,
                               "conv2d_c2")))
    return failure();
  // conv2d_c3
  std::string why;
  FailureOr<SmallVector<int64_t>> shape = inferConv2DShape(
      inputType.getShape(), filterType.getShape(), getStrides(),
      getDilations(), getPads(), getGroups(), getLayout(), why);
  if (failed(shape))
    return emitOpError() << why << " (conv2d_c3)";
  // conv2d_c4 .. conv2d_c8
  return verifyContraction(
      *this, *shape, filterType.getDimSize(0),
      {"conv2d_c4", "conv2d_c5", "conv2d_c6", "conv2d_c7", "conv2d_c8"});
}

//===----------------------------------------------------------------------===//
// ConvTranspose2DOp
//===----------------------------------------------------------------------===//

LogicalResult ConvTranspose2DOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  auto filter = cast<RankedTensorType>(getFilter().getType());
  // conv_transpose2d_c1
  if (in.getRank() != 4 || filter.getRank() != 4)
    return emitOpError("expected 4-d input and filter (conv_transpose2d_c1)");
  // conv_transpose2d_c2
  if (failed(verifyWindowAttrs(*this, getStrides(), 2, "strides", false,
                               "conv_transpose2d_c2")) ||
      failed(verifyWindowAttrs(*this, getDilations(), 2, "dilations", false,
                               "conv_transpose2d_c2")) ||
      failed(verifyWindowAttrs(*this, getPads(), 4, "pads", true,
                               "conv_transpose2d_c2")) ||
      failed(verifyWindowAttrs(*this, getOutputPadding(), 2, "output_padding",
                               true, "conv_transpose2d_c2")))
    return failure();
  // conv_transpose2d_c3
  int64_t groups = getGroups();
  if (groups < 1 || in.getDimSize(1) != filter.getDimSize(0) ||
      in.getDimSize(1) % groups != 0)
    return emitOpError() << "expected the filter's first dimension ("
                         << filter.getDimSize(0)
                         << ") to equal the input channels ("
                         << in.getDimSize(1) << ") and groups (" << groups
                         << ") to divide them (conv_transpose2d_c3)";
  SmallVector<int64_t> shape{in.getDimSize(0), filter.getDimSize(1) * groups};
  for (int k = 0; k < 2; ++k) {
    int64_t size = transposedWindowOutputSize(
        in.getDimSize(2 + k), filter.getDimSize(2 + k), getStrides()[k],
        getPads()[k], getPads()[k + 2], getDilations()[k],
        getOutputPadding()[k]);
    if (size < 1)
      return emitOpError("expected the pads to leave a non-empty result "
                         "(conv_transpose2d_c3)");
    shape.push_back(size);
  }
  if (failed(verifyResultShape(*this, shape, "conv_transpose2d_c3")))
    return failure();
  // conv_transpose2d_c4
  if (Value bias = getBias()) {
    auto type = cast<RankedTensorType>(bias.getType());
    if (type.getRank() != 1 || type.getDimSize(0) != shape[1])
      return emitOpError() << "expected a bias of shape [" << shape[1]
                           << "] (conv_transpose2d_c4)";
  }
  // conv_transpose2d_c5
  Type element = in.getElementType();
  if (!isa<FloatType>(element) || filter.getElementType() != element ||
      getType().getElementType() != element ||
      (getBias() && getElementTypeOrSelf(getBias().getType()) != element))
    return emitOpError("expected float operands and result of one element "
                       "type (conv_transpose2d_c5)");
  return success();
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::verify() {
  auto lhsType = cast<RankedTensorType>(getLhs().getType());
  auto rhsType = cast<RankedTensorType>(getRhs().getType());
  std::string why;
  // matmul_c1, matmul_c2, matmul_c3
  FailureOr<SmallVector<int64_t>> shape =
      inferMatMulShape(lhsType.getShape(), rhsType.getShape(), why);
  if (failed(shape)) {
    StringRef id = StringRef(why).contains("contracted") ? "matmul_c2"
                   : StringRef(why).contains("batch")    ? "matmul_c3"
                                                         : "matmul_c1";
    return emitOpError() << why << " (" << id << ")";
  }
  int64_t n = rhsType.getRank() == 1 ? 1 : rhsType.getShape().back();
  // matmul_c4 .. matmul_c8
  return verifyContraction(
      *this, *shape, n,
      {"matmul_c4", "matmul_c5", "matmul_c6", "matmul_c7", "matmul_c8"});
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

LogicalResult OpTrait::qc::impl::verifyBroadcastingBinary(Operation *op) {
  auto lhs = cast<RankedTensorType>(op->getOperand(0).getType());
  auto rhs = cast<RankedTensorType>(op->getOperand(1).getType());
  // binary_c1
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return op->emitOpError() << "expected broadcastable operand shapes, found "
                             << shapeStr(lhs.getShape()) << " and "
                             << shapeStr(rhs.getShape()) << " (binary_c1)";
  // binary_c2
  if (failed(verifyResultShape(op, *shape, "binary_c2")))
    return failure();
  // binary_c3
  return verifySameElementKind(op, "binary_c3");
}

LogicalResult OpTrait::qc::impl::verifyUnaryElementwise(Operation *op) {
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  // unary_c1
  if (failed(verifyResultShape(op, in.getShape(), "unary_c1")))
    return failure();
  // unary_c2
  return verifySameElementKind(op, "unary_c2");
}

LogicalResult ClampOp::verify() {
  // clamp_c3 (unary_c1, unary_c2: QC_UnaryElementwise)
  if (getMin() && getMax() &&
      getMin()->convertToFloat() > getMax()->convertToFloat())
    return emitOpError("expected min <= max (clamp_c3)");
  return success();
}

LogicalResult CompareOp::verify() {
  auto lhs = cast<RankedTensorType>(getLhs().getType());
  auto rhs = cast<RankedTensorType>(getRhs().getType());
  // compare_c1
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape))
    return emitOpError() << "expected broadcastable operand shapes, found "
                         << shapeStr(lhs.getShape()) << " and "
                         << shapeStr(rhs.getShape()) << " (compare_c1)";
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError("expected operands of one element type (compare_c1)");
  if (failed(verifyResultShape(*this, *shape, "compare_c1")))
    return failure();
  // compare_c2
  if (!getType().getElementType().isInteger(1))
    return emitOpError("expected an i1 result (compare_c2)");
  return success();
}

LogicalResult SelectOp::verify() {
  auto cond = cast<RankedTensorType>(getCondition().getType());
  auto t = cast<RankedTensorType>(getTrueValue().getType());
  auto f = cast<RankedTensorType>(getFalseValue().getType());
  // select_c1
  if (!cond.getElementType().isInteger(1))
    return emitOpError("expected an i1 condition (select_c1)");
  // select_c2
  FailureOr<SmallVector<int64_t>> shape =
      broadcastShapes(t.getShape(), f.getShape());
  if (succeeded(shape))
    shape = broadcastShapes(cond.getShape(), *shape);
  if (failed(shape))
    return emitOpError() << "expected broadcastable operand shapes, found "
                         << shapeStr(cond.getShape()) << ", "
                         << shapeStr(t.getShape()) << " and "
                         << shapeStr(f.getShape()) << " (select_c2)";
  if (failed(verifyResultShape(*this, *shape, "select_c2")))
    return failure();
  // select_c3
  if (t.getElementType() != f.getElementType() ||
      t.getElementType() != getType().getElementType())
    return emitOpError("expected values and result of one element type "
                       "(select_c3)");
  return success();
}

LogicalResult CastOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // cast_c1
  return verifyResultShape(*this, in.getShape(), "cast_c1");
}

//===----------------------------------------------------------------------===//
// Integer-only and boundary ops
//===----------------------------------------------------------------------===//

LogicalResult RescaleOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // rescale_c1
  if (!isa<IntegerType>(in.getElementType()) ||
      !isa<IntegerType>(getType().getElementType()))
    return emitOpError("expected integer input and result (rescale_c1)");
  // rescale_c2
  if (failed(verifyResultShape(*this, in.getShape(), "rescale_c2")))
    return failure();
  // rescale_c3
  if (getAddend()) {
    auto a = cast<RankedTensorType>(getAddend().getType());
    auto shape = broadcastShapes(in.getShape(), a.getShape());
    if (failed(shape) || ArrayRef<int64_t>(*shape) != in.getShape() ||
        !isa<IntegerType>(a.getElementType()))
      return emitOpError("expected an integer addend broadcastable to the "
                         "input (rescale_c3)");
  }
  // rescale_c4
  int64_t channels = in.getRank() ? in.getShape().back() : 1;
  return verifyRequant(*this, getRequant(), channels, "rescale_c4");
}

LogicalResult RescaleMulOp::verify() {
  auto lhs = cast<RankedTensorType>(getLhs().getType());
  auto rhs = cast<RankedTensorType>(getRhs().getType());
  // rescale_mul_c1: 8-bit codes (the product and its multiplier then fit
  // 64 bits), zero points within them.
  auto is8 = [](Type t) {
    auto i = dyn_cast<IntegerType>(t);
    return i && i.getWidth() == 8;
  };
  if (!is8(lhs.getElementType()) || !is8(rhs.getElementType()) ||
      !isa<IntegerType>(getType().getElementType()))
    return emitOpError("expected 8-bit integer operands and an integer result "
                       "(rescale_mul_c1)");
  auto inRange = [](Type t, int64_t zp) {
    return cast<IntegerType>(t).isUnsigned() ? zp >= 0 && zp <= 255
                                             : zp >= -128 && zp <= 127;
  };
  if (!inRange(lhs.getElementType(), getLhsZp()) ||
      !inRange(rhs.getElementType(), getRhsZp()))
    return emitOpError("expected zero points within the operands' element "
                       "types (rescale_mul_c1)");
  // rescale_mul_c2
  auto shape = broadcastShapes(lhs.getShape(), rhs.getShape());
  if (failed(shape) || ArrayRef<int64_t>(*shape) != lhs.getShape())
    return emitOpError("expected rhs broadcastable to lhs (rescale_mul_c2)");
  if (failed(verifyResultShape(*this, lhs.getShape(), "rescale_mul_c2")))
    return failure();
  // rescale_mul_c3
  RequantAttr rq = getRequant();
  if (rq.getMultiplier().size() != 1 || rq.getNegMultiplier() ||
      rq.getResidualMultiplier() != 0 || rq.getResidualZp() != 0 ||
      rq.getInputZp() != 0)
    return emitOpError("expected one multiplier, no negative multiplier, no "
                       "residual term and input_zp = 0 (rescale_mul_c3)");
  return verifyRequant(*this, rq, 1, "rescale_mul_c3");
}

LogicalResult TableOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // table_c1
  auto inElement = dyn_cast<IntegerType>(in.getElementType());
  if (!inElement || inElement.getWidth() != 8 || !inElement.isUnsigned())
    return emitOpError("expected ui8 input codes (table_c1)");
  // table_c2
  auto table = cast<RankedTensorType>(getTable().getType());
  Type e = getType().getElementType();
  auto outElement = dyn_cast<IntegerType>(e);
  if (!outElement || outElement.getWidth() != 8 ||
      table.getShape() != ArrayRef<int64_t>{256} || table.getElementType() != e)
    return emitOpError("expected a 256-entry table of the result's 8-bit "
                       "integer element type (table_c2)");
  return verifyResultShape(*this, in.getShape(), "table_c2");
}

/// qc.quantize (float to integer codes) and qc.dequantize (back): the
/// element kinds, a positive scale, the operand's shape.
template <typename OpTy>
static LogicalResult verifyScaleConversion(OpTy op, bool toCodes) {
  auto in = cast<RankedTensorType>(op.getInput().getType());
  Type from = in.getElementType(), to = op.getType().getElementType();
  std::string id = op->getName().stripDialect().str() + "_c";
  // quantize_c1, dequantize_c1
  if (toCodes ? !isa<FloatType>(from) || !isa<IntegerType>(to)
              : !isa<IntegerType>(from) || !isa<FloatType>(to))
    return op.emitOpError()
           << (toCodes ? "expected a float input and an integer result"
                       : "expected an integer input and a float result")
           << " (" << id << "1)";
  // quantize_c2, dequantize_c2
  if (!(op.getScale().convertToDouble() > 0))
    return op.emitOpError() << "expected a positive scale (" << id << "2)";
  // quantize_c3, dequantize_c3
  return verifyResultShape(op, in.getShape(), id + "3");
}

LogicalResult QuantizeOp::verify() {
  return verifyScaleConversion(*this, /*toCodes=*/true);
}

LogicalResult FakeQuantOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // fake_quant_c1
  if (!in.getElementType().isF32())
    return emitOpError() << "expected an f32 tensor, found " << in
                         << " (fake_quant_c1)";
  // fake_quant_c2
  double scale = getScale().convertToDouble();
  if (!(scale > 0) || !std::isfinite(scale) || (double)(float)scale != scale)
    return emitOpError() << "expected a positive, finite f32 scale, found "
                         << scale << " (fake_quant_c2)";
  // fake_quant_c3
  auto storage = dyn_cast<IntegerType>(getStorage());
  if (!storage || storage.getWidth() != 8)
    return emitOpError() << "expected storage ui8 or i8, found " << getStorage()
                         << " (fake_quant_c3)";
  // fake_quant_c4
  if (getZeroPointValue() < getQMin() || getZeroPointValue() > getQMax())
    return emitOpError() << "expected a zero point in [" << getQMin() << ", "
                         << getQMax() << "], found " << getZeroPointValue()
                         << " (fake_quant_c4)";
  return success();
}

LogicalResult DequantizeOp::verify() {
  return verifyScaleConversion(*this, /*toCodes=*/false);
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // batch_norm_c1
  if (in.getRank() < 2)
    return emitOpError("expected an input of rank >= 2 (batch_norm_c1)");
  // batch_norm_c2
  for (Value v : {getScale(), getBias(), getMean(), getVariance()}) {
    auto t = cast<RankedTensorType>(v.getType());
    if (t.getRank() != 1 || t.getDimSize(0) != in.getDimSize(1))
      return emitOpError() << "expected per-channel operands of shape ["
                           << in.getDimSize(1) << "], found "
                           << shapeStr(t.getShape()) << " (batch_norm_c2)";
  }
  // batch_norm_c3
  if (getType() != in)
    return emitOpError("expected the result type to equal the input type "
                       "(batch_norm_c3)");
  return success();
}

LogicalResult LRNOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // lrn_c1
  if (in.getRank() < 3)
    return emitOpError("expected an input of rank >= 3 (lrn_c1)");
  // lrn_c2
  if (getSize() < 1)
    return emitOpError("expected size >= 1 (lrn_c2)");
  // lrn_c3
  if (getType() != in)
    return emitOpError(
        "expected the result type to equal the input type (lrn_c3)");
  return success();
}

template <typename OpTy>
static LogicalResult verifySoftmax(OpTy op) {
  auto in = cast<RankedTensorType>(op.getInput().getType());
  // softmax_c1
  int64_t axis = op.getAxis();
  if (axis < 0 || axis >= in.getRank())
    return op.emitOpError() << "expected axis in [0, " << in.getRank()
                            << "), found " << axis << " (softmax_c1)";
  // softmax_c2
  if (op.getType() != in)
    return op.emitOpError(
        "expected the result type to equal the input type (softmax_c2)");
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifySoftmax(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmax(*this); }

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult verifyPool(OpTy op, ArrayRef<int64_t> dilations) {
  auto in = cast<RankedTensorType>(op.getInput().getType());
  // pool_c1
  if (in.getRank() != 4)
    return op.emitOpError("expected a 4-d input (pool_c1)");
  // pool_c2
  if (failed(verifyWindowAttrs(op, op.getKernel(), 2, "kernel", false,
                               "pool_c2")) ||
      failed(verifyWindowAttrs(op, op.getStrides(), 2, "strides", false,
                               "pool_c2")) ||
      failed(verifyWindowAttrs(op, op.getPads(), 4, "pads", true,
                               "pool_c2")) ||
      failed(verifyWindowAttrs(op, dilations, 2, "dilations", false,
                               "pool_c2")))
    return failure();
  // pool_c3
  std::string why;
  FailureOr<SmallVector<int64_t>> shape =
      inferPool2DShape(in.getShape(), op.getKernel(), op.getStrides(),
                       op.getPads(), dilations, op.getCeilMode(),
                       op.getLayout(), why);
  if (failed(shape))
    return op.emitOpError() << why << " (pool_c3)";
  if (failed(verifyResultShape(op, *shape, "pool_c3")))
    return failure();
  // pool_c4
  return verifySameElementKind(op, "pool_c4");
}

LogicalResult MaxPool2DOp::verify() {
  SmallVector<int64_t> dilations{1, 1};
  if (getDilations())
    dilations = llvm::to_vector(*getDilations());
  return verifyPool(*this, dilations);
}

LogicalResult AvgPool2DOp::verify() {
  if (failed(verifyPool(*this, {1, 1})))
    return failure();
  // pool_c5
  if (auto rq = getRequantAttr()) {
    auto t = cast<RankedTensorType>(getType());
    LayoutDims d = getLayoutDims(getLayout());
    return verifyRequant(*this, rq, t.getDimSize(d.h) * t.getDimSize(d.w),
                         "pool_c5");
  }
  return success();
}

int64_t AvgPool2DOp::getAveragedCount() {
  return getKernel()[0] * getKernel()[1];
}

int64_t ReduceMeanOp::getAveragedCount() {
  auto in = cast<RankedTensorType>(getInput().getType());
  int64_t count = 1;
  for (int64_t a : getAxes())
    count *= in.getDimSize(a);
  return count;
}

/// The verifier of every reduction (QC_ReduceOp in QCOps.td).
static LogicalResult verifyReduceOp(Operation *op, ArrayRef<int64_t> axes,
                                    bool keepdims, RequantAttr rq) {
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  // reduce_c1
  for (auto [i, axis] : llvm::enumerate(axes))
    if (axis < 0 || axis >= in.getRank() || (i > 0 && axes[i - 1] >= axis))
      return op->emitOpError() << "expected sorted, unique axes in [0, "
                               << in.getRank() << ") (reduce_c1)";
  // reduce_c2
  if (failed(verifyResultShape(
          op, inferReduceShape(in.getShape(), axes, keepdims), "reduce_c2")))
    return failure();
  // reduce_c4: one element kind, except integer requantizing reductions.
  Type ie = getElementTypeOrSelf(in), oe = getElementTypeOrSelf(
                                          op->getResult(0).getType());
  if (!rq)
    return verifySameElementKind(op, "reduce_c4");
  if (!isa<IntegerType>(ie) || !isa<IntegerType>(oe))
    return op->emitOpError("expected integer types with a requantization "
                           "(reduce_c4)");
  // reduce_c3
  return verifyRequant(op, rq, 1, "reduce_c3");
}

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // reshape_c1
  if (in.hasStaticShape() && getType().hasStaticShape() &&
      in.getNumElements() != getType().getNumElements())
    return emitOpError() << "expected the same number of elements, found "
                         << in.getNumElements() << " and "
                         << getType().getNumElements() << " (reshape_c1)";
  // reshape_c2
  if (getElementTypeOrSelf(in) != getElementTypeOrSelf(getType()))
    return emitOpError("expected the same element type (reshape_c2)");
  return success();
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

LogicalResult TransposeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  ArrayRef<int64_t> perm = getPerm();
  // transpose_c1
  SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  bool isPerm = (int64_t)perm.size() == in.getRank();
  for (auto [i, v] : llvm::enumerate(sorted))
    isPerm &= v == (int64_t)i;
  if (!isPerm)
    return emitOpError() << "expected 'perm' to be a permutation of [0, "
                         << in.getRank() << ") (transpose_c1)";
  // transpose_c2
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(in.getDimSize(p));
  if (failed(verifyResultShape(*this, shape, "transpose_c2")))
    return failure();
  // transpose_c3
  if (getElementTypeOrExpressed(in) != getElementTypeOrExpressed(getType()))
    return emitOpError("expected the input element type (transpose_c3)");
  return success();
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  // concat_c1
  if (getInputs().empty())
    return emitOpError("expected at least one input (concat_c1)");
  auto first = cast<RankedTensorType>(getInputs().front().getType());
  int64_t rank = first.getRank();
  // concat_c2
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "expected axis in [0, " << rank << "), found "
                         << axis << " (concat_c2)";
  SmallVector<int64_t> shape(first.getShape());
  shape[getAxis()] = 0;
  for (Value v : getInputs()) {
    auto t = cast<RankedTensorType>(v.getType());
    // concat_c1
    if (t.getRank() != rank)
      return emitOpError("expected inputs of the same rank (concat_c1)");
    // concat_c3
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis && t.getDimSize(i) != first.getDimSize(i))
        return emitOpError() << "expected inputs to agree on dimension " << i
                             << " (concat_c3)";
    shape[getAxis()] += t.getDimSize(getAxis());
  }
  // concat_c4
  if (failed(verifyResultShape(*this, shape, "concat_c4")))
    return failure();
  // concat_c5
  return verifySameElementKind(*this, "concat_c5");
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  int64_t rank = in.getRank();
  // slice_c1
  if ((int64_t)getStarts().size() != rank || (int64_t)getSteps().size() != rank)
    return emitOpError() << "expected " << rank
                         << " values in 'starts' and 'steps' (slice_c1)";
  if (getType().getRank() != rank)
    return emitOpError("expected the result rank to equal the input rank "
                       "(slice_c1)");
  for (int64_t i = 0; i < rank; ++i) {
    int64_t step = getSteps()[i], start = getStarts()[i];
    int64_t count = getType().getDimSize(i), dim = in.getDimSize(i);
    // slice_c2
    if (step == 0)
      return emitOpError("expected non-zero steps (slice_c2)");
    // slice_c3
    if (count > 0 && (start < 0 || start >= dim ||
                      start + step * (count - 1) < 0 ||
                      start + step * (count - 1) >= dim))
      return emitOpError() << "expected the slice of dimension " << i
                           << " to stay in [0, " << dim << ") (slice_c3)";
  }
  return verifySameElementKind(*this, "slice_c4");
}

//===----------------------------------------------------------------------===//
// PadOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  int64_t rank = in.getRank();
  // pad_c1
  if (failed(verifyWindowAttrs(*this, getPads(), 2 * rank, "pads", true,
                               "pad_c1")))
    return failure();
  // pad_c2
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(in.getDimSize(i) + getPads()[i] + getPads()[i + rank]);
  if (failed(verifyResultShape(*this, shape, "pad_c2")))
    return failure();
  // pad_c3
  for (int64_t i = 0; i < rank; ++i) {
    int64_t lo = getPads()[i], hi = getPads()[i + rank], d = in.getDimSize(i);
    if (getMode() == PadMode::Reflect && (lo >= d || hi >= d) && (lo || hi))
      return emitOpError() << "expected reflect pads of dimension " << i
                           << " to be smaller than its size " << d
                           << " (pad_c3)";
    if (getMode() == PadMode::Edge && d == 0 && (lo || hi))
      return emitOpError("expected a non-empty dimension to pad by edge "
                         "(pad_c3)");
  }
  return verifySameElementKind(*this, "pad_c4");
}

//===----------------------------------------------------------------------===//
// GatherOp
//===----------------------------------------------------------------------===//

LogicalResult GatherOp::verify() {
  auto data = cast<RankedTensorType>(getData().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  // gather_c1
  int64_t axis = getAxis();
  if (axis < 0 || axis >= data.getRank())
    return emitOpError() << "expected axis in [0, " << data.getRank()
                         << "), found " << axis << " (gather_c1)";
  // gather_c2
  if (!isa<IntegerType>(indices.getElementType()))
    return emitOpError("expected integer indices (gather_c2)");
  // gather_c3
  SmallVector<int64_t> shape(data.getShape().take_front(getAxis()));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(getAxis() + 1));
  if (failed(verifyResultShape(*this, shape, "gather_c3")))
    return failure();
  // gather_c4
  if (getElementTypeOrSelf(data) != getElementTypeOrSelf(getType()))
    return emitOpError("expected the data element type (gather_c4)");
  return success();
}

#define GET_OP_CLASSES
#include "quantc/Dialect/QC/IR/QCOps.cpp.inc"
