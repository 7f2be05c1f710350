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
// integer code uses the model's scales. The mapping and what is rejected
// are in docs/quantization.md ("Importing quantized models").
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
    if (!isa<ReshapeOp, TransposeOp, MaxPool2DOp, SliceOp, GatherOp>(op))
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

/// Why integer tensor `v` cannot be imported as its float value: a user
/// that would compute on the codes as numbers, or the graph output. Empty
/// when every user takes it as a quantized value (directly or after ops
/// that only move codes).
std::string integerUseProblem(Value v) {
  for (OpOperand &use : v.getUses()) {
    Operation *user = use.getOwner();
    if (isa<func::ReturnOp>(user))
      return "its integer output is a graph output (unimplemented: integer "
             "model outputs; end the graph with a DequantizeLinear)";
    auto onnx = dyn_cast<OnnxOp>(user);
    if (!onnx)
      continue; // legalized already: it took the float value
    StringRef t = onnx.getOpType();
    if (t == "DequantizeLinear" || t == "QLinearConv" || t == "QLinearMatMul")
      continue;
    bool movesCodes =
        llvm::is_contained({"MaxPool", "Reshape", "Transpose", "Flatten",
                            "Squeeze", "Unsqueeze", "Identity", "Slice"},
                           t) ||
        (t == "Gather" && use.getOperandNumber() == 0);
    if (movesCodes) {
      if (onnx.getOutputs().empty())
        continue;
      std::string why = integerUseProblem(onnx.getOutputs()[0]);
      if (!why.empty())
        return why;
      continue;
    }
    return "its integer output is read by " + t.str() + " node '" +
           nodeName(user) +
           "', which would compute on the codes (unimplemented: only "
           "DequantizeLinear, QLinearConv, QLinearMatMul and ops that move "
           "values may read an integer tensor)";
  }
  return "";
}

/// The float value of quantized activation input `i`, which the node reads
/// with `grid`: the float value its producer was legalized to, checked to
/// lie on the same grid.
FailureOr<Value> activation(OnnxBinder &b, unsigned i, const Grid &grid) {
  Value v = b.input(i);
  Type e = getElementTypeOrSelf(v.getType());
  if (isa<IntegerType>(e)) {
    if (isa<BlockArgument>(v))
      return b.unimplemented("an integer graph input (input #" + Twine(i) +
                             "); quantc models take float inputs");
    // The producer is not legalized (yet): retried after it is.
    return b.fail("input #" + Twine(i) +
                  " is an integer tensor of an operator that is not "
                  "supported on integer tensors");
  }
  if (!e.isF32())
    return b.unimplemented("input #" + Twine(i) + " of element type " +
                           typeStr(e));
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
  int64_t inner = 1;
  if (perAxis)
    for (int64_t d = *ax + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
  std::vector<double> values(q->size());
  for (size_t k = 0; k < q->size(); ++k) {
    int64_t c = (int64_t)(k / inner) % channels;
    float s = (float)scales[scales.size() == 1 ? 0 : c];
    int64_t z = zps[zps.size() == 1 ? 0 : c];
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
  int64_t inner = 1;
  for (int64_t d = *ax + 1; d < type.getRank(); ++d)
    inner *= type.getDimSize(d);
  std::vector<double> out(values->size());
  for (size_t k = 0; k < values->size(); ++k) {
    int64_t ch = (int64_t)(k / inner) % channels;
    float s = (float)scales[scales.size() == 1 ? 0 : ch];
    float z = (float)zps[zps.size() == 1 ? 0 : ch];
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
  FailureOr<Value> v = realInput(b, 0, 1, 2, b.i("axis", 1));
  if (failed(v))
    return failure();
  return b.replace(*v);
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

Handler rejected(StringRef why) {
  std::string reason = why.str();
  return [reason](OnnxBinder &b) { return b.unimplemented(reason); };
}

} // namespace

void onnx_legalize::populateQuantHandlers(HandlerRegistry &r) {
  r.add("QuantizeLinear", 10, quantizeLinear);
  r.add("DequantizeLinear", 10, dequantizeLinear);
  r.add("QLinearConv", 10, qlinearConv);
  r.add("QLinearMatMul", 10, qlinearMatMul);
  r.add("DynamicQuantizeLinear", 11,
        rejected("dynamic quantization (the scale is computed at run time); "
                 "quantc needs static scales"));
  r.add("ConvInteger", 10,
        rejected("ConvInteger (an int32 accumulator output); quantize with "
                 "QDQ or QLinearConv instead"));
  r.add("MatMulInteger", 10,
        rejected("MatMulInteger (an int32 accumulator output); quantize with "
                 "QDQ or QLinearMatMul instead"));
}
