//===- QCOps.cpp - qc dialect operations ----------------------------------===//
//
// Part of the quantc project.
//
// Verifier checks carry the constraint ids of docs/dialect.md in comments
// (`// conv2d_c3`); test/Dialect/QC/invalid.mlir has one case per id.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/IR/ConstantUtils.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::qc;

#include "quantc/Dialect/QC/IR/QCOpsDialect.cpp.inc"
#include "quantc/Dialect/QC/IR/QCOpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "quantc/Dialect/QC/IR/QCOpsAttrs.cpp.inc"

void QCDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "quantc/Dialect/QC/IR/QCOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quantc/Dialect/QC/IR/QCOpsAttrs.cpp.inc"
      >();
}

Operation *QCDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  if (isa<NoneType>(type))
    return NoneOp::create(builder, loc);
  if (auto elements = dyn_cast<ElementsAttr>(value))
    if (elements.getType() == type)
      return ConstantOp::create(builder, loc, elements);
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>> qc::broadcastShapes(ArrayRef<int64_t> lhs,
                                                    ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == b || b == 1)
      result[i] = a;
    else if (a == 1)
      result[i] = b;
    else
      return failure();
  }
  return result;
}

int64_t qc::slidingWindowOutputSize(int64_t size, int64_t kernel,
                                    int64_t stride, int64_t padLo,
                                    int64_t padHi, int64_t dilation,
                                    bool ceilMode) {
  int64_t effective = dilation * (kernel - 1) + 1;
  int64_t span = size + padLo + padHi - effective;
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // With ceil_mode the last window must start inside the input or left pad.
  if (ceilMode && (out - 1) * stride >= size + padLo)
    --out;
  return out;
}

LayoutDims qc::getLayoutDims(Layout layout) {
  if (layout == Layout::NCHW)
    return {0, 1, 2, 3};
  return {0, 3, 1, 2};
}

FailureOr<SmallVector<int64_t>>
qc::inferConv2DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> filter,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                     ArrayRef<int64_t> pads, int64_t groups, Layout layout,
                     std::string &why) {
  if (input.size() != 4 || filter.size() != 4) {
    why = "expected 4-d input and filter";
    return failure();
  }
  LayoutDims d = getLayoutDims(layout);
  // Filter dims: NCHW -> OIHW, NHWC -> OHWI.
  int64_t fO = filter[0];
  int64_t fI = layout == Layout::NCHW ? filter[1] : filter[3];
  int64_t kh = layout == Layout::NCHW ? filter[2] : filter[1];
  int64_t kw = layout == Layout::NCHW ? filter[3] : filter[2];
  int64_t c = input[d.c];
  if (groups < 1 || c % groups != 0 || fO % groups != 0) {
    why = "expected groups (" + std::to_string(groups) +
          ") to divide input channels (" + std::to_string(c) +
          ") and output channels (" + std::to_string(fO) + ")";
    return failure();
  }
  if (fI * groups != c) {
    why = "expected filter input channels (" + std::to_string(fI) +
          ") * groups (" + std::to_string(groups) +
          ") to equal input channels (" + std::to_string(c) + ")";
    return failure();
  }
  int64_t oh = slidingWindowOutputSize(input[d.h], kh, strides[0], pads[0],
                                       pads[2], dilations[0], false);
  int64_t ow = slidingWindowOutputSize(input[d.w], kw, strides[1], pads[1],
                                       pads[3], dilations[1], false);
  if (oh < 1 || ow < 1) {
    why = "expected the (dilated) kernel to fit in the padded input";
    return failure();
  }
  SmallVector<int64_t> result(4);
  result[d.n] = input[d.n];
  result[d.c] = fO;
  result[d.h] = oh;
  result[d.w] = ow;
  return result;
}

FailureOr<SmallVector<int64_t>> qc::inferMatMulShape(ArrayRef<int64_t> lhs,
                                                     ArrayRef<int64_t> rhs,
                                                     std::string &why) {
  if (lhs.empty() || rhs.empty()) {
    why = "expected operands of rank >= 1";
    return failure();
  }
  SmallVector<int64_t> a(lhs), b(rhs);
  bool lhsVector = a.size() == 1, rhsVector = b.size() == 1;
  if (lhsVector)
    a.insert(a.begin(), 1);
  if (rhsVector)
    b.push_back(1);
  int64_t k1 = a.back(), k2 = b[b.size() - 2];
  if (k1 != k2) {
    why = "expected contracted dimensions to match (" + std::to_string(k1) +
          " vs " + std::to_string(k2) + ")";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> batch = broadcastShapes(
      ArrayRef<int64_t>(a).drop_back(2), ArrayRef<int64_t>(b).drop_back(2));
  if (failed(batch)) {
    why = "expected broadcastable batch dimensions";
    return failure();
  }
  SmallVector<int64_t> result(*batch);
  if (!lhsVector)
    result.push_back(a[a.size() - 2]);
  if (!rhsVector)
    result.push_back(b.back());
  return result;
}

FailureOr<SmallVector<int64_t>>
qc::inferPool2DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                     ArrayRef<int64_t> dilations, bool ceilMode, Layout layout,
                     std::string &why) {
  if (input.size() != 4) {
    why = "expected a 4-d input";
    return failure();
  }
  LayoutDims d = getLayoutDims(layout);
  int64_t oh = slidingWindowOutputSize(input[d.h], kernel[0], strides[0],
                                       pads[0], pads[2], dilations[0], ceilMode);
  int64_t ow = slidingWindowOutputSize(input[d.w], kernel[1], strides[1],
                                       pads[1], pads[3], dilations[1], ceilMode);
  if (oh < 1 || ow < 1) {
    why = "expected the (dilated) window to fit in the padded input";
    return failure();
  }
  SmallVector<int64_t> result(input);
  result[d.h] = oh;
  result[d.w] = ow;
  return result;
}

SmallVector<int64_t> qc::inferReduceShape(ArrayRef<int64_t> input,
                                          ArrayRef<int64_t> axes,
                                          bool keepdims) {
  SmallVector<int64_t> result;
  for (auto [i, dim] : llvm::enumerate(input)) {
    if (llvm::is_contained(axes, (int64_t)i)) {
      if (keepdims)
        result.push_back(1);
    } else {
      result.push_back(dim);
    }
  }
  return result;
}

std::vector<int64_t> qc::poolWindowCounts(int64_t h, int64_t w, int64_t oh,
                                          int64_t ow, ArrayRef<int64_t> k,
                                          ArrayRef<int64_t> s,
                                          ArrayRef<int64_t> pads,
                                          bool countPad) {
  std::vector<int64_t> counts(oh * ow);
  for (int64_t y = 0; y < oh; ++y)
    for (int64_t x = 0; x < ow; ++x) {
      int64_t y0 = y * s[0] - pads[0], x0 = x * s[1] - pads[1];
      int64_t y1 = y0 + k[0], x1 = x0 + k[1];
      int64_t ylo = std::max<int64_t>(y0, countPad ? -pads[0] : 0);
      int64_t yhi = std::min<int64_t>(y1, countPad ? h + pads[2] : h);
      int64_t xlo = std::max<int64_t>(x0, countPad ? -pads[1] : 0);
      int64_t xhi = std::min<int64_t>(x1, countPad ? w + pads[3] : w);
      counts[y * ow + x] = std::max<int64_t>(0, yhi - ylo) *
                           std::max<int64_t>(0, xhi - xlo);
    }
  return counts;
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

static bool isQuantized(Type t) {
  return isa<quant::QuantizedType>(getElementTypeOrSelf(t));
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

//===----------------------------------------------------------------------===//
// NoneOp / ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult NoneOp::fold(FoldAdaptor) { return UnitAttr::get(getContext()); }

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

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
  // conv2d_c4, conv2d_c5, conv2d_c8
  if (failed(verifyEpilogue(*this, getBias(), getResidual(), getClampMin(),
                            getClampMax(), filterType.getDimSize(0),
                            "conv2d_c4", "conv2d_c5", "conv2d_c8")))
    return failure();
  // conv2d_c6
  if (failed(verifyResultShape(*this, *shape, "conv2d_c6")))
    return failure();
  // conv2d_c7
  if (getRequant() && hasActivation())
    return emitOpError("expected no float activation with a requantization "
                       "(conv2d_c7)");
  return verifyContractionTypes(*this, getInput(), getFilter(), getBias(),
                                getRequantAttr(), filterType.getDimSize(0),
                                "conv2d_c7");
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
  // matmul_c4, matmul_c5, matmul_c8
  if (failed(verifyEpilogue(*this, getBias(), getResidual(), getClampMin(),
                            getClampMax(), n, "matmul_c4", "matmul_c5",
                            "matmul_c8")))
    return failure();
  // matmul_c6
  if (failed(verifyResultShape(*this, *shape, "matmul_c6")))
    return failure();
  // matmul_c7
  if (getRequant() && hasActivation())
    return emitOpError("expected no float activation with a requantization "
                       "(matmul_c7)");
  return verifyContractionTypes(*this, getLhs(), getRhs(), getBias(),
                                getRequantAttr(), n, "matmul_c7");
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyBinary(Operation *op) {
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

/// Folds a binary op over two small constants, computing in double (float
/// types) or int64 (integer types, wrapping like the runtime would not: the
/// importer only folds shape arithmetic this way).
template <typename FloatFn, typename IntFn>
static OpFoldResult foldBinary(Operation *op, Attribute lhsAttr,
                               Attribute rhsAttr, FloatFn floatFn,
                               IntFn intFn) {
  auto lhs = dyn_cast_or_null<ElementsAttr>(lhsAttr);
  auto rhs = dyn_cast_or_null<ElementsAttr>(rhsAttr);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (!lhs || !rhs || isQuantized(resultType) ||
      !resultType.hasStaticShape() || resultType.getNumElements() > (1 << 16))
    return {};
  // 64-bit unsigned values do not fit the int64 evaluation below.
  if (resultType.getElementType().isUnsignedInteger(64))
    return {};
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  ArrayRef<int64_t> shape = resultType.getShape();
  int64_t rank = shape.size();
  auto index = [&](ArrayRef<int64_t> opShape, int64_t linear) {
    // Maps a linear result index to a linear index of a broadcast operand.
    int64_t offset = 0, stride = 1, rem = linear;
    SmallVector<int64_t> coords(rank);
    for (int64_t i = rank - 1; i >= 0; --i) {
      coords[i] = rem % shape[i];
      rem /= shape[i];
    }
    int64_t opRank = opShape.size();
    for (int64_t i = opRank - 1; i >= 0; --i) {
      int64_t c = opShape[i] == 1 ? 0 : coords[i + rank - opRank];
      offset += c * stride;
      stride *= opShape[i];
    }
    return offset;
  };
  int64_t n = resultType.getNumElements();
  if (isa<FloatType>(resultType.getElementType())) {
    auto a = getValuesAsDouble(lhs), b = getValuesAsDouble(rhs);
    if (!a || !b)
      return {};
    std::vector<double> out(n);
    for (int64_t i = 0; i < n; ++i)
      out[i] = floatFn((*a)[index(lhsType.getShape(), i)],
                       (*b)[index(rhsType.getShape(), i)]);
    return makeElementsAttrFromDoubles(resultType, out, "folded");
  }
  if (isa<IntegerType>(resultType.getElementType())) {
    auto a = getValuesAsInt(lhs), b = getValuesAsInt(rhs);
    if (!a || !b)
      return {};
    std::vector<int64_t> out(n);
    for (int64_t i = 0; i < n; ++i) {
      std::optional<int64_t> v = intFn((*a)[index(lhsType.getShape(), i)],
                                       (*b)[index(rhsType.getShape(), i)]);
      if (!v)
        return {};
      out[i] = *v;
    }
    return makeElementsAttrFromInts(resultType, out, "folded");
  }
  return {};
}

#define QC_BINARY_VERIFY(OP)                                                   \
  LogicalResult OP::verify() { return verifyBinary(*this); }
QC_BINARY_VERIFY(AddOp)
QC_BINARY_VERIFY(SubOp)
QC_BINARY_VERIFY(MulOp)
QC_BINARY_VERIFY(DivOp)
QC_BINARY_VERIFY(MaxOp)
QC_BINARY_VERIFY(MinOp)
QC_BINARY_VERIFY(PowOp)
QC_BINARY_VERIFY(PReluOp)
#undef QC_BINARY_VERIFY

using OptInt = std::optional<int64_t>;

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a + b; },
      [](int64_t a, int64_t b) -> OptInt { return a + b; });
}
OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a - b; },
      [](int64_t a, int64_t b) -> OptInt { return a - b; });
}
OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a * b; },
      [](int64_t a, int64_t b) -> OptInt { return a * b; });
}
OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return a / b; },
      [](int64_t a, int64_t b) -> OptInt {
        if (b == 0)
          return std::nullopt;
        return a / b;
      });
}
OpFoldResult MaxOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) {
        // As arith.maximumf: NaN propagates, +0 > -0.
        if (std::isnan(a) || std::isnan(b))
          return std::nan("");
        if (a == b)
          return std::signbit(a) ? b : a;
        return a > b ? a : b;
      },
      [](int64_t a, int64_t b) -> OptInt { return std::max(a, b); });
}
OpFoldResult MinOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) {
        // As arith.minimumf: NaN propagates, -0 < +0.
        if (std::isnan(a) || std::isnan(b))
          return std::nan("");
        if (a == b)
          return std::signbit(a) ? a : b;
        return a < b ? a : b;
      },
      [](int64_t a, int64_t b) -> OptInt { return std::min(a, b); });
}
OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double a, double b) { return std::pow(a, b); },
      [](int64_t a, int64_t b) -> OptInt {
        if (b < 0)
          return std::nullopt;
        // Square-and-multiply with overflow checks: no fold on overflow.
        int64_t r = 1, base = a;
        for (int64_t e = b; e > 0; e >>= 1) {
          if ((e & 1) && __builtin_mul_overflow(r, base, &r))
            return std::nullopt;
          if (e > 1 && __builtin_mul_overflow(base, base, &base))
            return (a == 0 || a == 1 || a == -1)
                       ? OptInt(a == -1 && (b & 1) ? -1 : (a == 0 ? 0 : 1))
                       : std::nullopt;
        }
        return r;
      });
}
OpFoldResult PReluOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getLhs(), adaptor.getRhs(),
      [](double x, double s) { return x >= 0 ? x : s * x; },
      [](int64_t x, int64_t s) -> OptInt { return x >= 0 ? x : s * x; });
}

static LogicalResult verifyUnary(Operation *op) {
  auto in = cast<RankedTensorType>(op->getOperand(0).getType());
  // unary_c1
  if (failed(verifyResultShape(op, in.getShape(), "unary_c1")))
    return failure();
  // unary_c2
  return verifySameElementKind(op, "unary_c2");
}

#define QC_UNARY_VERIFY(OP)                                                    \
  LogicalResult OP::verify() { return verifyUnary(*this); }
QC_UNARY_VERIFY(LeakyReluOp)
QC_UNARY_VERIFY(EluOp)
QC_UNARY_VERIFY(HardSigmoidOp)
QC_UNARY_VERIFY(SigmoidOp)
QC_UNARY_VERIFY(TanhOp)
QC_UNARY_VERIFY(ExpOp)
QC_UNARY_VERIFY(LogOp)
QC_UNARY_VERIFY(SqrtOp)
QC_UNARY_VERIFY(AbsOp)
QC_UNARY_VERIFY(NegOp)
QC_UNARY_VERIFY(ReciprocalOp)
QC_UNARY_VERIFY(FloorOp)
QC_UNARY_VERIFY(CeilOp)
QC_UNARY_VERIFY(ErfOp)
QC_UNARY_VERIFY(SoftplusOp)
#undef QC_UNARY_VERIFY

LogicalResult ClampOp::verify() {
  if (failed(verifyUnary(*this)))
    return failure();
  // clamp_c3
  if (getMin() && getMax() &&
      getMin()->convertToFloat() > getMax()->convertToFloat())
    return emitOpError("expected min <= max (clamp_c3)");
  return success();
}

namespace {
/// clamp(clamp(x, a, b), c, d) -> clamp(x, max(a, c), min(b, d)).
struct MergeClamps : OpRewritePattern<ClampOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClampOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ClampOp>();
    if (!inner || isQuantized(op.getType()) || isQuantized(inner.getType()) ||
        isQuantized(inner.getInput().getType()))
      return rewriter.notifyMatchFailure(op, "operand is not a float clamp");
    auto pick = [](std::optional<APFloat> a, std::optional<APFloat> b,
                   bool takeMax) -> std::optional<float> {
      if (!a && !b)
        return std::nullopt;
      if (!a)
        return b->convertToFloat();
      if (!b)
        return a->convertToFloat();
      return takeMax ? std::max(a->convertToFloat(), b->convertToFloat())
                     : std::min(a->convertToFloat(), b->convertToFloat());
    };
    std::optional<float> lo = pick(inner.getMin(), op.getMin(), true);
    std::optional<float> hi = pick(inner.getMax(), op.getMax(), false);
    if (lo && hi && *lo > *hi)
      return rewriter.notifyMatchFailure(op, "clamp ranges are disjoint");
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(inner.getInput());
      if (lo)
        op.setMinAttr(rewriter.getF32FloatAttr(*lo));
      if (hi)
        op.setMaxAttr(rewriter.getF32FloatAttr(*hi));
    });
    return success();
  }
};
} // namespace

void ClampOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<MergeClamps>(context);
}

LogicalResult CastOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // cast_c1
  return verifyResultShape(*this, in.getShape(), "cast_c1");
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!attr || !getType().hasStaticShape() ||
      getType().getNumElements() > (1 << 16))
    return {};
  Type to = getType().getElementType();
  Type from = getElementTypeOrSelf(attr.getType());
  if (!from.isIntOrFloat() || !to.isIntOrFloat() ||
      from.isUnsignedInteger(64) || to.isUnsignedInteger(64))
    return {};
  if (to.isInteger(1)) {
    // ONNX: any non-zero value is true.
    std::optional<std::vector<double>> values = getValuesAsDouble(attr);
    if (!values)
      return {};
    std::vector<int64_t> bits;
    for (double v : *values)
      bits.push_back(v != 0);
    return makeElementsAttrFromInts(getType(), bits, "folded");
  }
  if (isa<IntegerType>(from) && isa<IntegerType>(to)) {
    // Integer to integer: exact in int64 (wraps like a truncating cast).
    std::optional<std::vector<int64_t>> values = getValuesAsInt(attr);
    if (!values)
      return {};
    return makeElementsAttrFromInts(getType(), *values, "folded");
  }
  std::optional<std::vector<double>> values = getValuesAsDouble(attr);
  if (!values)
    return {};
  if (isa<IntegerType>(to))
    for (double &v : *values)
      v = std::trunc(v);
  return makeElementsAttrFromDoubles(getType(), *values, "folded");
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

LogicalResult QuantizeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // quantize_c1
  if (!isa<FloatType>(in.getElementType()) ||
      !isa<IntegerType>(getType().getElementType()))
    return emitOpError("expected a float input and an integer result "
                       "(quantize_c1)");
  // quantize_c2
  if (!(getScale().convertToDouble() > 0))
    return emitOpError("expected a positive scale (quantize_c2)");
  return verifyResultShape(*this, in.getShape(), "quantize_c3");
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

OpFoldResult FakeQuantOp::fold(FoldAdaptor adaptor) {
  // A second rounding onto the same grid changes nothing.
  if (auto inner = getInput().getDefiningOp<FakeQuantOp>())
    if (inner.getScale() == getScale() &&
        inner.getZeroPointValue() == getZeroPointValue() &&
        inner.getStorage() == getStorage())
      return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  std::optional<std::vector<float>> values =
      attr ? getF32Values(attr) : std::nullopt;
  if (!values)
    return {};
  // The f32 arithmetic of the lowering (and of ONNX Runtime).
  float scale = (float)getScale().convertToDouble();
  float zp = (float)getZeroPointValue();
  float qmin = (float)getQMin(), qmax = (float)getQMax();
  for (float &v : *values) {
    float q = std::nearbyint(v / scale) + zp; // round half to even
    q = std::min(std::max(q, qmin), qmax);
    v = (q - zp) * scale;
  }
  return makeElementsAttrFromDoubles(
      getType(), std::vector<double>(values->begin(), values->end()), "folded");
}

LogicalResult DequantizeOp::verify() {
  auto in = cast<RankedTensorType>(getInput().getType());
  // dequantize_c1
  if (!isa<IntegerType>(in.getElementType()) ||
      !isa<FloatType>(getType().getElementType()))
    return emitOpError("expected an integer input and a float result "
                       "(dequantize_c1)");
  // dequantize_c2
  if (!(getScale().convertToDouble() > 0))
    return emitOpError("expected a positive scale (dequantize_c2)");
  return verifyResultShape(*this, in.getShape(), "dequantize_c3");
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

static LogicalResult verifyReduce(Operation *op, ArrayRef<int64_t> axes,
                                  bool keepdims) {
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
  if (op->hasAttr("requant")) {
    if (!isa<IntegerType>(ie) || !isa<IntegerType>(oe))
      return op->emitOpError("expected integer types with a requantization "
                             "(reduce_c4)");
    return success();
  }
  return verifySameElementKind(op, "reduce_c4");
}

#define QC_REDUCE_VERIFY(OP)                                                   \
  LogicalResult OP::verify() {                                                 \
    if (failed(verifyReduce(*this, getAxes(), getKeepdims())))                 \
      return failure();                                                        \
    /* reduce_c3 */                                                            \
    if (auto rq = getRequantAttr())                                            \
      return verifyRequant(*this, rq, 1, "reduce_c3");                         \
    return success();                                                          \
  }
QC_REDUCE_VERIFY(ReduceSumOp)
QC_REDUCE_VERIFY(ReduceMeanOp)
QC_REDUCE_VERIFY(ReduceMaxOp)
QC_REDUCE_VERIFY(ReduceMinOp)
QC_REDUCE_VERIFY(ReduceProdOp)
#undef QC_REDUCE_VERIFY

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

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  if (!getType().hasStaticShape())
    return {};
  if (auto attr = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return attr.reshape(getType());
  if (auto attr =
          dyn_cast_or_null<DenseResourceElementsAttr>(adaptor.getInput()))
    return DenseResourceElementsAttr::get(getType(), attr.getRawHandle());
  return {};
}

namespace {
struct ComposeReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "operand is not a reshape");
    rewriter.modifyOpInPlace(
        op, [&] { op.getInputMutable().assign(inner.getInput()); });
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<ComposeReshapes>(context);
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

/// Permutes raw row-major bytes of `shape` by `perm` (result dim k is input
/// dim perm[k]).
static std::vector<char> permuteBytes(ArrayRef<char> in,
                                      ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> perm, int64_t width) {
  int64_t rank = shape.size();
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  std::vector<char> out(n * width);
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * shape[i + 1];
  SmallVector<int64_t> outShape, strides;
  for (int64_t p : perm) {
    outShape.push_back(shape[p]);
    strides.push_back(inStrides[p]);
  }
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t o = 0; o < n; ++o) {
    int64_t off = 0;
    for (int64_t k = 0; k < rank; ++k)
      off += idx[k] * strides[k];
    std::memcpy(out.data() + o * width, in.data() + off * width, width);
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (++idx[k] < outShape[k])
        break;
      idx[k] = 0;
    }
  }
  return out;
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= p == (int64_t)i;
  if (identity)
    return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!attr || isQuantized(getType()))
    return {};
  auto inType = cast<RankedTensorType>(attr.getType());
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return {};
  int64_t width = getElementByteWidth(inType.getElementType());
  std::vector<char> out =
      permuteBytes(*bytes, inType.getShape(), perm, width);
  return makeElementsAttr(getType(), out, "transposed");
}

namespace {
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<TransposeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "operand is not a transpose");
    SmallVector<int64_t> perm;
    for (int64_t p : op.getPerm())
      perm.push_back(inner.getPerm()[p]);
    rewriter.modifyOpInPlace(op, [&] {
      op.getInputMutable().assign(inner.getInput());
      op.setPerm(perm);
    });
    return success();
  }
};

/// A transpose that only moves size-1 dimensions keeps the element order:
/// it is a reshape.
struct TransposeOfUnitDimsToReshape : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto in = cast<RankedTensorType>(op.getInput().getType());
    if (isQuantized(in) || in.getElementType() != op.getType().getElementType())
      return rewriter.notifyMatchFailure(op, "quantized or retyping transpose");
    SmallVector<int64_t> nonUnit;
    for (int64_t p : op.getPerm())
      if (in.getDimSize(p) != 1)
        nonUnit.push_back(p);
    if (!llvm::is_sorted(nonUnit))
      return rewriter.notifyMatchFailure(op, "moves non-unit dimensions");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.getInput());
    return success();
  }
};
} // namespace

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<ComposeTransposes, TransposeOfUnitDimsToReshape>(context);
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

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  if (isQuantized(getType()) || !getType().hasStaticShape() ||
      getType().getNumElements() > (1 << 16))
    return {};
  SmallVector<std::vector<char>> parts;
  for (Attribute a : adaptor.getInputs()) {
    auto attr = dyn_cast_or_null<ElementsAttr>(a);
    if (!attr)
      return {};
    std::optional<std::vector<char>> bytes = getRawBytes(attr);
    if (!bytes)
      return {};
    parts.push_back(std::move(*bytes));
  }
  int64_t width = getElementByteWidth(getType().getElementType());
  ArrayRef<int64_t> shape = getType().getShape();
  int64_t outer = 1, inner = width;
  for (int64_t i = 0; i < (int64_t)getAxis(); ++i)
    outer *= shape[i];
  for (int64_t i = (int64_t)getAxis() + 1; i < (int64_t)shape.size(); ++i)
    inner *= shape[i];
  std::vector<char> out;
  out.reserve(getType().getNumElements() * width);
  for (int64_t o = 0; o < outer; ++o)
    for (auto [v, part] : llvm::zip(getInputs(), parts)) {
      int64_t chunk =
          cast<RankedTensorType>(v.getType()).getDimSize(getAxis()) * inner;
      out.insert(out.end(), part.begin() + o * chunk,
                 part.begin() + (o + 1) * chunk);
    }
  return makeElementsAttr(getType(), out, "concat");
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

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto in = cast<RankedTensorType>(getInput().getType());
  if (in == getType() && llvm::all_of(getStarts(), [](int64_t s) {
        return s == 0;
      }) && llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput();
  auto attr = dyn_cast_or_null<ElementsAttr>(adaptor.getInput());
  if (!attr || isQuantized(getType()) || !getType().hasStaticShape() ||
      getType().getNumElements() > (1 << 16))
    return {};
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return {};
  int64_t width = getElementByteWidth(in.getElementType());
  int64_t rank = in.getRank();
  SmallVector<int64_t> inStrides(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i)
    inStrides[i] = inStrides[i + 1] * in.getDimSize(i + 1);
  ArrayRef<int64_t> outShape = getType().getShape();
  int64_t n = getType().getNumElements();
  std::vector<char> out(n * width);
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t o = 0; o < n; ++o) {
    int64_t off = 0;
    for (int64_t k = 0; k < rank; ++k)
      off += (getStarts()[k] + getSteps()[k] * idx[k]) * inStrides[k];
    std::memcpy(out.data() + o * width, bytes->data() + off * width, width);
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (++idx[k] < outShape[k])
        break;
      idx[k] = 0;
    }
  }
  return makeElementsAttr(getType(), out, "slice");
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

OpFoldResult PadOp::fold(FoldAdaptor) {
  if (llvm::all_of(getPads(), [](int64_t p) { return p == 0; }) &&
      getInput().getType() == getType())
    return getInput();
  return {};
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
