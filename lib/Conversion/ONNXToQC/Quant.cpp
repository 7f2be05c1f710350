//===- Quant.cpp - ONNX QDQ and QLinear ops to float qc -------------------===//
//
// Part of the quantc project.
//
// Models quantized by other tools are imported in float: every integer
// tensor becomes the float value it stands for, (q - zero_point) * scale,
// and every QuantizeLinear a `qc.fake_quant` that rounds that value onto its
// grid. DequantizeLinear of a constant is a float constant, of a quantized
// activation the activation itself. QLinearConv and QLinearMatMul are their
// float contraction between those two. quantc-fold-fake-quant later turns
// each grid into the fixed quantization parameters of its tensor, so the
// integer code uses the model's scales.
//
// ConvInteger and MatMulInteger give an int32 accumulator, the float value
// sum (a - za)(w - zw) itself, which a Cast to float and a Mul by the
// scales (ONNX Runtime's dynamic quantization) turn into the real result.
// DynamicQuantizeLinear's scale is only known at run time: its codes are
// imported as the float input at a nominal scale 1, its scale as 1, which
// leaves that Mul the weights' scale; the activation is then calibrated like
// a float model's. The mapping and what is rejected are in
// docs/quantization.md ("Importing quantized models").
//
//===----------------------------------------------------------------------===//

#include "Binder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::onnx_legalize;

namespace {

/// A per-tensor quantization grid.
struct Grid {
  double scale = 1.0;
  int64_t zeroPoint = 0;
  Type storage; // ui8 or i8

  bool operator==(const Grid &o) const {
    return scale == o.scale && zeroPoint == o.zeroPoint && storage == o.storage;
  }
  std::string str() const {
    std::string s;
    llvm::raw_string_ostream os(s);
    os << "scale " << scale << ", zero point " << zeroPoint << " (" << storage
       << ")";
    return s;
  }
};

bool is8Bit(Type t) {
  auto i = dyn_cast_or_null<IntegerType>(t);
  return i && i.getWidth() == 8;
}

/// ui8 for unsigned, i8 (signless, as the importer types ONNX int8)
/// otherwise.
Type storageOf(Type t) {
  auto i = cast<IntegerType>(t);
  return IntegerType::get(t.getContext(), 8,
                          i.isUnsigned() ? IntegerType::Unsigned
                                         : IntegerType::Signless);
}

/// Scales and zero points of inputs `si` / `zi` (the zero point optional):
/// constants of one element, or of `channels` elements when `channels` > 0
/// (per-axis). `storage` is the zero point's type, else `dflt`.
LogicalResult readParams(OnnxBinder &b, unsigned si, unsigned zi,
                         int64_t channels, Type dflt,
                         std::vector<double> &scales, std::vector<int64_t> &zps,
                         Type &storage) {
  if (!b.hasInput(si))
    return b.fail("input #" + Twine(si) + " (scale) is missing");
  std::optional<std::vector<double>> s = b.constantDoubles(si);
  if (!s)
    return b.unimplemented("a scale that is not a constant (input #" +
                           Twine(si) + "); quantc needs static scales");
  auto okCount = [&](size_t n) {
    return n == 1 || (channels > 0 && (int64_t)n == channels);
  };
  if (!okCount(s->size()))
    return channels > 0
               ? b.fail("expected 1 or " + Twine(channels) +
                        " scales (input #" + Twine(si) + "), found " +
                        Twine(s->size()))
               : b.unimplemented("per-axis quantization of an activation (" +
                                 Twine(s->size()) +
                                 " scales); only per-tensor activation "
                                 "parameters are supported");
  for (double v : *s)
    if (!(v > 0) || !std::isfinite(v))
      return b.fail("expected positive finite scales, found " +
                    std::to_string(v));
  scales = *s;
  storage = dflt;
  zps.assign(1, 0);
  if (b.hasInput(zi)) {
    std::optional<std::vector<int64_t>> z = b.constantInts(zi);
    if (!z)
      return b.unimplemented("a zero point that is not a constant (input #" +
                             Twine(zi) + ")");
    if (!okCount(z->size()))
      return b.fail("expected as many zero points as scales (input #" +
                    Twine(zi) + ")");
    zps = *z;
    storage = getElementTypeOrSelf(b.input(zi).getType());
  }
  return success();
}

/// The per-tensor grid of a QuantizeLinear-style (scale, zero point) pair.
FailureOr<Grid> readGrid(OnnxBinder &b, unsigned si, unsigned zi, Type dflt) {
  std::vector<double> scales;
  std::vector<int64_t> zps;
  Type storage;
  if (failed(readParams(b, si, zi, 0, dflt, scales, zps, storage)))
    return failure();
  if (!is8Bit(storage))
    return b.unimplemented(typeStr(storage) +
                           " quantization (only int8 and uint8 are supported)");
  return Grid{(double)(float)scales[0], zps[0], storageOf(storage)};
}

/// The grid a float value was rounded onto: its qc.fake_quant, looking
/// through ops whose outputs are their inputs' codes.
std::optional<Grid> gridOf(Value v) {
  while (Operation *op = v.getDefiningOp()) {
    if (auto fq = dyn_cast<FakeQuantOp>(op))
      return Grid{fq.getScale().convertToDouble(), fq.getZeroPointValue(),
                  fq.getStorage()};
    if (!op->hasTrait<OpTrait::qc::KeepsQuantParams>())
      break;
    v = op->getOperand(0);
  }
  return std::nullopt;
}

std::string nodeName(Operation *op) {
  if (auto n = dyn_cast<NameLoc>(op->getLoc()))
    return n.getName().str();
  return "?";
}

/// The first use of integer tensor `v`, directly or through ops that only
/// move its values (`moves`), that does not take it as the value it stands
/// for: a graph output, a node `reads` does not accept, or (unless
/// `legalizedOk`) an op legalized already. Null when there is none.
OpOperand *firstBadUse(Value v, function_ref<bool(OnnxOp, unsigned)> reads,
                       function_ref<bool(OnnxOp, unsigned)> moves,
                       bool legalizedOk) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<func::ReturnOp>(user))
      return &use;
    auto onnx = dyn_cast<OnnxOp>(user);
    if (!onnx) {
      if (legalizedOk)
        continue;
      return &use;
    }
    if (reads(onnx, use.getOperandNumber()))
      continue;
    if (!moves(onnx, use.getOperandNumber()))
      return &use;
    if (onnx.getOutputs().empty())
      continue;
    if (OpOperand *bad =
            firstBadUse(onnx.getOutputs()[0], reads, moves, legalizedOk))
      return bad;
  }
  return nullptr;
}

/// The problem a bad use (firstBadUse) makes: `asOutput` for the graph
/// output, else what `readBy` says of its user; empty without one.
std::string useProblem(OpOperand *use, StringRef asOutput,
                       function_ref<std::string(Operation *)> readBy) {
  if (!use)
    return "";
  Operation *user = use->getOwner();
  if (isa<func::ReturnOp>(user))
    return asOutput.str();
  return readBy(user);
}

/// Why integer tensor `v` cannot be imported as its float value: a user
/// that would compute on the codes as numbers, or the graph output. Empty
/// when every user takes it as a quantized value (directly or after ops
/// that only move codes). A user legalized already took the float value.
std::string integerUseProblem(Value v) {
  auto reads = [](OnnxOp op, unsigned i) {
    StringRef t = op.getOpType();
    return t == "DequantizeLinear" || t == "QLinearConv" ||
           t == "QLinearMatMul" ||
           ((t == "ConvInteger" || t == "MatMulInteger") && i < 2);
  };
  auto moves = [](OnnxOp op, unsigned i) {
    StringRef t = op.getOpType();
    return llvm::is_contained({"MaxPool", "Reshape", "Transpose", "Flatten",
                               "Squeeze", "Unsqueeze", "Identity", "Slice"},
                              t) ||
           (t == "Gather" && i == 0);
  };
  return useProblem(
      firstBadUse(v, reads, moves, /*legalizedOk=*/true),
      "its integer output is a graph output (unimplemented: integer model "
      "outputs; end the graph with a DequantizeLinear)",
      [](Operation *user) {
        return "its integer output is read by " +
               cast<OnnxOp>(user).getOpType().str() + " node '" +
               nodeName(user) +
               "', which would compute on the codes (unimplemented: only "
               "DequantizeLinear, QLinearConv, QLinearMatMul, ConvInteger, "
               "MatMulInteger and ops that move values may read an integer "
               "tensor)";
      });
}

/// Checks that integer input `i` was legalized to the f32 value it stands
/// for (failure while its producer is not legalized: retried after it is).
LogicalResult checkLegalizedValue(OnnxBinder &b, unsigned i) {
  Value v = b.input(i);
  Type e = getElementTypeOrSelf(v.getType());
  if (isa<IntegerType>(e)) {
    if (isa<BlockArgument>(v))
      return b.unimplemented("an integer graph input (input #" + Twine(i) +
                             "); quantc models take float inputs");
    return b.fail("input #" + Twine(i) +
                  " is an integer tensor of an operator that is not "
                  "supported on integer tensors");
  }
  if (!e.isF32())
    return b.unimplemented("input #" + Twine(i) + " of element type " +
                           typeStr(e));
  return success();
}

/// The float value of quantized activation input `i`, which the node reads
/// with `grid`: the float value its producer was legalized to, checked to
/// lie on the same grid.
FailureOr<Value> activation(OnnxBinder &b, unsigned i, const Grid &grid) {
  if (failed(checkLegalizedValue(b, i)))
    return failure();
  Value v = b.input(i);
  if (getConstantTensor(v))
    return v; // a folded constant: already on its grid
  std::optional<Grid> g = gridOf(v);
  if (!g)
    return b.unimplemented("input #" + Twine(i) +
                           " is not the output of a QuantizeLinear, "
                           "QLinearConv or QLinearMatMul");
  if (!(*g == grid))
    return b.unimplemented("input #" + Twine(i) + " was quantized with " +
                           g->str() + " but is read with " + grid.str());
  return v;
}

/// Which channel's quantization parameters element k of a row-major tensor
/// takes: per tensor (one channel), or per channel along an axis.
struct ChannelIndex {
  int64_t inner = 1, channels = 1;

  /// Per channel along `axis` of `type`.
  static ChannelIndex along(RankedTensorType type, int64_t axis) {
    ChannelIndex c;
    c.channels = type.getDimSize(axis);
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      c.inner *= type.getDimSize(d);
    return c;
  }
  /// The parameter of element `k`: `params[channel]`, or its one element.
  template <typename T> T pick(const std::vector<T> &params, size_t k) const {
    return params[params.size() == 1 ? 0 : (int64_t)(k / inner) % channels];
  }
};

/// A constant integer tensor dequantized to f32, per axis `axis` when the
/// parameters have more than one element.
FailureOr<Value> dequantizeConstant(OnnxBinder &b, unsigned i, unsigned si,
                                    unsigned zi, int64_t axis) {
  ElementsAttr attr = b.constant(i);
  auto type = cast<RankedTensorType>(attr.getType());
  Type e = type.getElementType();
  auto it = dyn_cast<IntegerType>(e);
  if (!it || (it.getWidth() != 8 && it.getWidth() != 32))
    return b.unimplemented("dequantizing a constant of element type " +
                           typeStr(e) +
                           " (int8, uint8 and int32 are supported)");
  // `axis` only matters for per-axis parameters (more than one scale).
  std::optional<std::vector<double>> s = b.constantDoubles(si);
  bool perAxis = s && s->size() > 1;
  std::optional<int64_t> ax =
      perAxis ? normalizeAxis(axis, type.getRank()) : std::optional<int64_t>(0);
  if (!ax)
    return b.fail("axis " + Twine(axis) + " out of range for rank " +
                  Twine(type.getRank()));
  int64_t channels = perAxis ? type.getDimSize(*ax) : 1;
  std::vector<double> scales;
  std::vector<int64_t> zps;
  Type storage;
  if (failed(readParams(b, si, zi, channels, e, scales, zps, storage)))
    return failure();
  std::optional<std::vector<int64_t>> q = getValuesAsInt(attr);
  if (!q)
    return b.fail("cannot read the data of input #" + Twine(i));
  ChannelIndex channel =
      perAxis ? ChannelIndex::along(type, *ax) : ChannelIndex();
  std::vector<double> values(q->size());
  for (size_t k = 0; k < q->size(); ++k) {
    float s = (float)channel.pick(scales, k);
    int64_t z = channel.pick(zps, k);
    // ONNX Runtime's f32 arithmetic: (float)(q - zp) * scale.
    values[k] = (float)((*q)[k] - z) * s;
  }
  auto f32 = RankedTensorType::get(type.getShape(), b.rewriter.getF32Type());
  return b.constantOf(makeElementsAttrFromDoubles(f32, values, "dequantized"));
}

/// Input `i` as a float value: a constant is dequantized (per axis `axis`
/// when its scale has more elements), an activation must be per tensor.
FailureOr<Value> realInput(OnnxBinder &b, unsigned i, unsigned si, unsigned zi,
                           int64_t axis) {
  if (!b.hasInput(i))
    return b.fail("input #" + Twine(i) + " is missing");
  if (ElementsAttr c = b.constant(i)) {
    Type e = getElementTypeOrSelf(c.getType());
    if (isa<IntegerType>(e))
      return dequantizeConstant(b, i, si, zi, axis);
    // A QuantizeLinear of a constant, folded: the values on their grid.
    if (e.isF32())
      return b.input(i);
  }
  Type e = getElementTypeOrSelf(b.input(i).getType());
  FailureOr<Grid> g = readGrid(
      b, si, zi,
      is8Bit(e) ? e : IntegerType::get(b.ctx(), 8, IntegerType::Unsigned));
  if (failed(g))
    return failure();
  return activation(b, i, *g);
}

/// The storage type of output 0 (or of its zero point `zi`; uint8 when
/// neither says).
Type outputStorage(OnnxBinder &b, unsigned zi) {
  if (b.hasInput(zi))
    return getElementTypeOrSelf(b.input(zi).getType());
  if (b.i("output_dtype", 0) == 3) // opset 21: int8 without a zero point
    return IntegerType::get(b.ctx(), 8);
  Type declared = getElementTypeOrSelf(b.declaredType(0));
  if (is8Bit(declared))
    return declared;
  return IntegerType::get(b.ctx(), 8, IntegerType::Unsigned);
}

/// Rounds `y` onto the grid of inputs (si, zi) as the node's integer output.
LogicalResult replaceQuantized(OnnxBinder &b, Value y, unsigned si,
                               unsigned zi) {
  FailureOr<Grid> g = readGrid(b, si, zi, outputStorage(b, zi));
  if (failed(g))
    return failure();
  std::string why = integerUseProblem(b.op.getOutputs()[0]);
  if (!why.empty())
    return b.fail(why);
  return b.replace(
      b.create<FakeQuantOp>(y, g->scale, g->zeroPoint, g->storage).getResult());
}

/// QuantizeLinear of a float constant per axis (weights with a
/// QuantizeLinear/DequantizeLinear pair): its float value, rounded onto
/// each channel's grid, as a constant.
LogicalResult quantizeConstantPerAxis(OnnxBinder &b, ElementsAttr c) {
  auto type = cast<RankedTensorType>(c.getType());
  std::optional<int64_t> ax = normalizeAxis(b.i("axis", 1), type.getRank());
  if (!ax)
    return b.fail("axis out of range for rank " + Twine(type.getRank()));
  int64_t channels = type.getDimSize(*ax);
  std::vector<double> scales;
  std::vector<int64_t> zps;
  Type storage;
  if (failed(readParams(b, 1, 2, channels, outputStorage(b, 2), scales, zps,
                        storage)))
    return failure();
  if (!is8Bit(storage))
    return b.unimplemented(typeStr(storage) +
                           " quantization (only int8 and uint8 are supported)");
  std::string why = integerUseProblem(b.op.getOutputs()[0]);
  if (!why.empty())
    return b.fail(why);
  std::optional<std::vector<float>> values = getF32Values(c);
  if (!values)
    return b.fail("cannot read the data of input #0");
  bool isUnsigned = cast<IntegerType>(storage).isUnsigned();
  float qmin = isUnsigned ? 0 : -128, qmax = isUnsigned ? 255 : 127;
  ChannelIndex channel = ChannelIndex::along(type, *ax);
  std::vector<double> out(values->size());
  for (size_t k = 0; k < values->size(); ++k) {
    float s = (float)channel.pick(scales, k);
    float z = (float)channel.pick(zps, k);
    float q = std::nearbyint((*values)[k] / s) + z;
    q = std::min(std::max(q, qmin), qmax);
    out[k] = (q - z) * s;
  }
  return b.replace(b.constantOf(makeElementsAttrFromDoubles(
      RankedTensorType::get(type.getShape(), b.rewriter.getF32Type()), out,
      "quantized")));
}

LogicalResult quantizeLinear(OnnxBinder &b) {
  if (failed(b.requireStatic(3, /*required=*/2)))
    return failure();
  if (b.i("block_size", 0) != 0)
    return b.unimplemented("blocked quantization (block_size)");
  // Opset 21's output_dtype (TensorProto codes: 2 uint8, 3 int8).
  if (int64_t dtype = b.i("output_dtype", 0);
      dtype != 0 && dtype != 2 && dtype != 3)
    return b.unimplemented("output_dtype " + Twine(dtype) +
                           " (only int8 and uint8 are supported)");
  Type x = getElementTypeOrSelf(b.input(0).getType());
  if (!x.isF32())
    return b.unimplemented("quantizing a tensor of element type " + typeStr(x) +
                           " (only f32)");
  std::optional<std::vector<double>> scales = b.constantDoubles(1);
  if (ElementsAttr c = b.constant(0); c && scales && scales->size() > 1)
    return quantizeConstantPerAxis(b, c);
  return replaceQuantized(b, b.input(0), 1, 2);
}

LogicalResult dequantizeLinear(OnnxBinder &b) {
  if (failed(b.requireStatic(3, /*required=*/2)))
    return failure();
  if (b.i("block_size", 0) != 0)
    return b.unimplemented("blocked quantization (block_size)");
  return b.replace(realInput(b, 0, 1, 2, b.i("axis", 1)));
}

LogicalResult qlinearConv(OnnxBinder &b) {
  if (failed(b.requireStatic(9, /*required=*/8)))
    return failure();
  if (!b.constant(3))
    return b.unimplemented("weights (input #3) that are not a constant");
  FailureOr<Value> x = realInput(b, 0, 1, 2, 1);
  if (failed(x))
    return failure();
  FailureOr<Value> w = realInput(b, 3, 4, 5, 0);
  if (failed(w))
    return failure();
  Value bias;
  if (b.hasInput(8)) {
    // int32 codes at scale x_scale * w_scale[o], zero point 0.
    ElementsAttr bc = b.constant(8);
    std::optional<std::vector<int64_t>> q =
        bc ? getValuesAsInt(bc) : std::nullopt;
    std::optional<std::vector<double>> xs = b.constantDoubles(1),
                                       ws = b.constantDoubles(4);
    if (!q)
      return b.unimplemented("a bias (input #8) that is not a constant");
    int64_t channels = b.staticType(3).getDimSize(0);
    if ((int64_t)q->size() != channels)
      return b.fail("expected a bias of shape [" + Twine(channels) + "]");
    std::vector<double> values(channels);
    for (int64_t o = 0; o < channels; ++o)
      values[o] = (double)(*q)[o] * (float)(*xs)[0] *
                  (float)(*ws)[ws->size() == 1 ? 0 : o];
    bias = b.constantOf(makeElementsAttrFromDoubles(
        RankedTensorType::get({channels}, b.rewriter.getF32Type()), values,
        "dequantized_bias"));
  }
  FailureOr<Value> y = buildConv(b, *x, *w, bias);
  if (failed(y))
    return failure();
  return replaceQuantized(b, *y, 6, 7);
}

LogicalResult qlinearMatMul(OnnxBinder &b) {
  if (failed(b.requireStatic(8, /*required=*/7)))
    return failure();
  FailureOr<Value> lhs = realInput(b, 0, 1, 2, -1);
  if (failed(lhs))
    return failure();
  // Constant weights may be quantized per column (the last axis).
  FailureOr<Value> rhs = realInput(b, 3, 4, 5, -1);
  if (failed(rhs))
    return failure();
  FailureOr<Value> y = buildMatMul(b, *lhs, *rhs);
  if (failed(y))
    return failure();
  return replaceQuantized(b, *y, 6, 7);
}

//===----------------------------------------------------------------------===//
// ConvInteger, MatMulInteger, DynamicQuantizeLinear
//===----------------------------------------------------------------------===//

bool isIntegerContraction(Operation *op) {
  auto onnx = dyn_cast_or_null<OnnxOp>(op);
  return onnx && (onnx.getOpType() == "ConvInteger" ||
                  onnx.getOpType() == "MatMulInteger");
}

/// Input `i` of ONNX node `op`, or null.
Value onnxInput(OnnxOp op, unsigned i) {
  return i < op.getInputs().size() ? op.getInputs()[i] : Value();
}

/// The ONNX Mul node defining `v`, if any (with its two inputs).
OnnxOp mulOf(Value v) {
  auto mul = v.getDefiningOp<OnnxOp>();
  return mul && mul.getOpType() == "Mul" && mul.getInputs().size() == 2
             ? mul
             : OnnxOp();
}

/// How many times `target` is a factor of `v`, a product of Mul nodes.
unsigned timesInProduct(Value v, Value target) {
  if (v == target)
    return 1;
  OnnxOp mul = mulOf(v);
  return mul ? timesInProduct(mul.getInputs()[0], target) +
                   timesInProduct(mul.getInputs()[1], target)
             : 0;
}

/// A DynamicQuantizeLinear's scale may only rescale the accumulators of
/// the contractions that read its codes: every use is a Mul by a constant
/// or by another such scale whose product multiplies a Cast of one of
/// `readers`. Empty when so, else why not.
std::string scaleUseProblem(Value scale, ArrayRef<Operation *> readers) {
  for (OpOperand &use : scale.getUses()) {
    auto mul = dyn_cast<OnnxOp>(use.getOwner());
    if (!mul || mul.getOpType() != "Mul" || mul.getInputs().size() != 2)
      return "its scale is read by " +
             (mul ? mul.getOpType().str() : std::string("an operation")) +
             " node '" + nodeName(use.getOwner()) +
             "' (unimplemented: the scale of a dynamically quantized tensor "
             "may only multiply the int32 results of the ConvInteger and "
             "MatMulInteger nodes that read it)";
    Value other = mul.getInputs()[1 - use.getOperandNumber()];
    auto castOp = other.getDefiningOp<OnnxOp>();
    if (castOp && castOp.getOpType() == "Cast" &&
        llvm::is_contained(readers, castOp.getInputs()[0].getDefiningOp()))
      continue;
    auto otherOnnx = other.getDefiningOp<OnnxOp>();
    bool isScale =
        getConstantTensor(other) ||
        (otherOnnx && otherOnnx.getOpType() == "DynamicQuantizeLinear" &&
         cast<OpResult>(other).getResultNumber() == 1);
    if (!isScale)
      return "its scale is multiplied by the output of " +
             (otherOnnx ? otherOnnx.getOpType().str()
                        : std::string("an operation")) +
             " (unimplemented: the scale of a dynamically quantized tensor "
             "may only multiply constants, other scales and the int32 "
             "results of the ConvInteger and MatMulInteger nodes that read "
             "it)";
    std::string why = scaleUseProblem(mul.getOutputs()[0], readers);
    if (!why.empty())
      return why;
  }
  return "";
}

/// DynamicQuantizeLinear(x) -> (y, y_scale, y_zero_point), read as ONNX
/// Runtime's dynamic quantization reads it: y only by ConvInteger /
/// MatMulInteger with y_zero_point as its zero point, whose int32 result,
/// cast to float, is multiplied by y_scale (times the weights' scale). The
/// product is then conv(x, w - zw) * w_scale whatever y_scale is: y becomes
/// x (nominal scale 1), y_scale 1 and y_zero_point 0, and the range of x
/// is left to calibration.
LogicalResult dynamicQuantizeLinear(OnnxBinder &b) {
  if (failed(b.requireStatic(1)))
    return failure();
  Type e = getElementTypeOrSelf(b.input(0).getType());
  if (!e.isF32())
    return b.unimplemented("quantizing a tensor of element type " + typeStr(e) +
                           " (only f32)");
  // A tensor that already has a grid (a QuantizeLinear's value) read at a
  // run-time scale: its codes would not be the nominal-scale-1 float value
  // the contractions reading them are imported with.
  if (gridOf(b.input(0)))
    return b.unimplemented("dynamically quantizing a tensor that is already "
                           "quantized (a QuantizeLinear's output)");
  Value y = b.op.getOutputs()[0];
  Value scale = b.numOutputs() > 1 ? b.op.getOutputs()[1] : Value();
  Value zp = b.numOutputs() > 2 ? b.op.getOutputs()[2] : Value();
  SmallVector<Operation *> readers;
  for (OpOperand &use : y.getUses()) {
    Operation *user = use.getOwner();
    unsigned i = use.getOperandNumber();
    if (isa<func::ReturnOp>(user))
      return b.fail("its integer output is a graph output (unimplemented: "
                    "integer model outputs)");
    if (!isIntegerContraction(user) || i > 1)
      return b.fail(
          "its integer output is read by " +
          (isa<OnnxOp>(user) ? cast<OnnxOp>(user).getOpType().str()
                             : user->getName().getStringRef().str()) +
          " node '" + nodeName(user) +
          "' (unimplemented: a tensor quantized at run time may only be "
          "read by ConvInteger and MatMulInteger, whose results its scale "
          "then multiplies; quantc needs static scales everywhere else)");
    if (!zp || onnxInput(cast<OnnxOp>(user), i + 2) != zp)
      return b.fail(cast<OnnxOp>(user).getOpType() + " node '" +
                    nodeName(user) +
                    "' reads its integer output with another zero point "
                    "than its own (unimplemented)");
    readers.push_back(user);
  }
  if (zp)
    for (OpOperand &use : zp.getUses()) {
      Operation *user = use.getOwner();
      unsigned i = use.getOperandNumber();
      if (!isIntegerContraction(user) || i < 2 || i > 3 ||
          onnxInput(cast<OnnxOp>(user), i - 2) != y)
        return b.fail("its zero point is read by node '" + nodeName(user) +
                      "' (unimplemented: only as the zero point of the "
                      "ConvInteger/MatMulInteger input it quantizes)");
    }
  // Each reader's result must be rescaled by this scale, once per input
  // of the reader that is y.
  for (Operation *reader : readers) {
    unsigned reads = (onnxInput(cast<OnnxOp>(reader), 0) == y) +
                     (onnxInput(cast<OnnxOp>(reader), 1) == y);
    for (OpOperand &use : reader->getResult(0).getUses()) {
      auto cast = dyn_cast<OnnxOp>(use.getOwner());
      bool rescaled =
          cast && cast.getOpType() == "Cast" && !cast.getOutputs().empty();
      if (rescaled)
        for (OpOperand &castUse : cast.getOutputs()[0].getUses()) {
          auto mul = dyn_cast<OnnxOp>(castUse.getOwner());
          rescaled &=
              mul && mul.getOpType() == "Mul" && mul.getInputs().size() == 2 &&
              scale &&
              timesInProduct(mul.getInputs()[1 - castUse.getOperandNumber()],
                             scale) == reads;
        }
      if (!rescaled)
        return b.fail(
            "the int32 result of " + cast_or_null<OnnxOp>(reader).getOpType() +
            " node '" + nodeName(reader) +
            "', which reads its integer output, is not cast to float and "
            "multiplied by its scale, once per input that reads it "
            "(unimplemented: that result depends on the run-time scale)");
    }
  }
  if (scale) {
    std::string why = scaleUseProblem(scale, readers);
    if (!why.empty())
      return b.fail(why);
  }
  Value one = b.splat({}, b.rewriter.getF32Type(), 1.0);
  Value zero =
      b.splat({}, IntegerType::get(b.ctx(), 8, IntegerType::Unsigned), 0.0);
  return b.replace({b.input(0), one, zero});
}

/// Why the int32 accumulator `v` of a ConvInteger/MatMulInteger cannot be
/// imported as its float value: a user other than a Cast to float (after
/// ops that move values). Empty when there is none. A user legalized first
/// took the int32 value (this node failed to legalize before): it computes
/// on the integers.
std::string accumulatorUseProblem(Value v) {
  auto reads = [](OnnxOp op, unsigned) {
    auto to = dyn_cast_or_null<IntegerAttr>(op.getAttrs().get("to"));
    return op.getOpType() == "Cast" && to && to.getInt() == 1;
  };
  auto moves = [](OnnxOp op, unsigned i) {
    return i == 0 && llvm::is_contained({"Reshape", "Transpose", "Flatten",
                                         "Squeeze", "Unsqueeze", "Identity"},
                                        op.getOpType());
  };
  return useProblem(
      firstBadUse(v, reads, moves, /*legalizedOk=*/false),
      "its int32 output is a graph output (unimplemented: integer model "
      "outputs; cast it to float)",
      [](Operation *user) {
        const char *only = "(unimplemented: only a Cast to float may read the "
                           "accumulator of a ConvInteger or MatMulInteger)";
        if (auto onnx = dyn_cast<OnnxOp>(user))
          return "its int32 output is read by " + onnx.getOpType().str() +
                 " node '" + nodeName(user) + "' " + only;
        return "its int32 output is read by node '" + nodeName(user) + "' (" +
               user->getName().getStringRef().str() +
               "), which would compute on the integers " + only;
      });
}

/// Operand `i` (0 or 1) of a ConvInteger/MatMulInteger, whose zero point is
/// input i + 2, as a float tensor `value` / `scale` equal to its codes minus
/// that zero point. A constant is dequantized at scale 1 (its zero point
/// per tensor or along `zpAxis`), an activation is its float value (its
/// grid's scale; a DynamicQuantizeLinear's output has the nominal scale 1).
struct IntegerOperand {
  Value value;
  double scale = 1.0;
  bool isConstant = false;
};

/// With `build` false, only checks the operand and reports its scale (no
/// constant is created, so that a handler fails before changing the IR).
FailureOr<IntegerOperand> integerOperand(OnnxBinder &b, unsigned i,
                                         int64_t zpAxis, double factor,
                                         bool build = true) {
  Value v = b.input(i);
  if (ElementsAttr c = b.constant(i)) {
    if (!isa<IntegerType>(getElementTypeOrSelf(c.getType())))
      return b.unimplemented("input #" + Twine(i) +
                             " is a folded float constant");
    auto type = cast<RankedTensorType>(c.getType());
    if (!is8Bit(type.getElementType()))
      return b.unimplemented("input #" + Twine(i) + " of element type " +
                             typeStr(type.getElementType()));
    std::optional<std::vector<int64_t>> q = getValuesAsInt(c);
    std::optional<std::vector<int64_t>> z =
        b.hasInput(i + 2) ? b.constantInts(i + 2)
                          : std::optional<std::vector<int64_t>>({0});
    if (!q || !z)
      return b.unimplemented("a zero point (input #" + Twine(i + 2) +
                             ") that is not a constant");
    std::optional<int64_t> ax = normalizeAxis(zpAxis, type.getRank());
    int64_t channels = z->size() > 1 && ax ? type.getDimSize(*ax) : 1;
    if ((int64_t)z->size() != channels)
      return b.fail("expected 1 or " + Twine(ax ? type.getDimSize(*ax) : 1) +
                    " zero points (input #" + Twine(i + 2) + "), found " +
                    Twine(z->size()));
    ChannelIndex channel =
        channels > 1 ? ChannelIndex::along(type, *ax) : ChannelIndex();
    IntegerOperand r;
    r.isConstant = true;
    if (!build)
      return r;
    std::vector<double> values(q->size());
    for (size_t k = 0; k < q->size(); ++k)
      values[k] = (double)((*q)[k] - channel.pick(*z, k)) * factor;
    auto f32 = RankedTensorType::get(type.getShape(), b.rewriter.getF32Type());
    r.value = b.constantOf(makeElementsAttrFromDoubles(f32, values, "codes"));
    return r;
  }
  if (failed(checkLegalizedValue(b, i)))
    return failure();
  int64_t zero = 0;
  if (b.hasInput(i + 2)) {
    std::optional<std::vector<int64_t>> z = b.constantInts(i + 2);
    if (!z || z->size() != 1)
      return b.unimplemented("a zero point of input #" + Twine(i) +
                             " that is not a one-element constant");
    zero = (*z)[0];
  }
  IntegerOperand r;
  r.value = v;
  // Integer activations reach here as QuantizeLinear/QLinear outputs (on a
  // grid) or DynamicQuantizeLinear outputs (whose handler checked that
  // they are only read so).
  if (std::optional<Grid> g = gridOf(v)) {
    if (g->zeroPoint != zero)
      return b.unimplemented("input #" + Twine(i) + " was quantized with " +
                             g->str() + " but is read with zero point " +
                             Twine(zero));
    r.scale = g->scale;
  } else if (zero != 0) {
    return b.fail("input #" + Twine(i) + " is read with zero point " +
                  Twine(zero) + ", not its DynamicQuantizeLinear's");
  }
  return r;
}

/// Checks what reads the node's int32 accumulator.
LogicalResult checkAccumulatorUses(OnnxBinder &b) {
  std::string why = accumulatorUseProblem(b.op.getOutputs()[0]);
  return why.empty() ? success() : b.fail(why);
}

LogicalResult convInteger(OnnxBinder &b) {
  if (failed(b.requireStatic(4, /*required=*/2)))
    return failure();
  if (!b.constant(1))
    return b.unimplemented("weights (input #1) that are not a constant");
  FailureOr<IntegerOperand> x = integerOperand(b, 0, 1, 1.0);
  if (failed(x))
    return failure();
  if (x->isConstant)
    return b.unimplemented("a constant input #0");
  // conv(x / s_x, w - zw) = conv(x, (w - zw) / s_x).
  if (failed(integerOperand(b, 1, 0, 1.0, /*build=*/false)) ||
      failed(checkAccumulatorUses(b)))
    return failure();
  FailureOr<IntegerOperand> w = integerOperand(b, 1, 0, 1.0 / x->scale);
  return b.replace(buildConv(b, x->value, w->value, Value()));
}

LogicalResult matMulInteger(OnnxBinder &b) {
  if (failed(b.requireStatic(4, /*required=*/2)))
    return failure();
  // A's zero point is per tensor or per row, B's per tensor or per column.
  FailureOr<IntegerOperand> lhs = integerOperand(b, 0, -2, 1.0, false);
  if (failed(lhs))
    return failure();
  FailureOr<IntegerOperand> rhs = integerOperand(b, 1, -1, 1.0, false);
  if (failed(rhs) || failed(checkAccumulatorUses(b)))
    return failure();
  // matmul(a / s_a, b / s_b): the activations' scales go into a constant
  // operand when there is one (rounded once), else into a Mul.
  double factor = 1.0 / (lhs->scale * rhs->scale);
  double lhsFactor = 1.0, rhsFactor = 1.0;
  if (rhs->isConstant)
    std::swap(rhsFactor, factor);
  else if (lhs->isConstant)
    std::swap(lhsFactor, factor);
  lhs = integerOperand(b, 0, -2, lhsFactor);
  rhs = integerOperand(b, 1, -1, rhsFactor);
  FailureOr<Value> acc = buildMatMul(b, lhs->value, rhs->value);
  if (failed(acc))
    return failure();
  if (factor != 1.0)
    *acc = b.create<MulOp>((*acc).getType(), *acc,
                           b.splat({}, b.rewriter.getF32Type(), factor));
  return b.replace(*acc);
}

} // namespace

void onnx_legalize::populateQuantHandlers(HandlerRegistry &r) {
  r.add("QuantizeLinear", 10, quantizeLinear);
  r.add("DequantizeLinear", 10, dequantizeLinear);
  r.add("QLinearConv", 10, qlinearConv);
  r.add("QLinearMatMul", 10, qlinearMatMul);
  r.add("DynamicQuantizeLinear", 11, dynamicQuantizeLinear);
  r.add("ConvInteger", 10, convInteger);
  r.add("MatMulInteger", 10, matMulInteger);
}
