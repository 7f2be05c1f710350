//===- Tensor.cpp - ONNX data-movement, shape and reduction ops to qc -----===//
//
// Part of the quantc project.
//
// Shape arithmetic (Shape, Gather, Equal, Where, Range, ...) on constants is
// evaluated here, at compile time; the artifact never computes shapes.
//
//===----------------------------------------------------------------------===//

#include "Binder.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::onnx_legalize;

namespace {

int64_t product(ArrayRef<int64_t> dims) {
  return std::accumulate(dims.begin(), dims.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

/// Maps a linear index of `shape` to the linear index of an operand of
/// shape `opShape` broadcast to it.
int64_t broadcastIndex(ArrayRef<int64_t> shape, ArrayRef<int64_t> opShape,
                       int64_t linear) {
  int64_t rank = shape.size(), opRank = opShape.size();
  int64_t offset = 0, stride = 1;
  for (int64_t i = rank - 1; i >= 0; --i) {
    int64_t c = linear % shape[i];
    linear /= shape[i];
    int64_t j = i - (rank - opRank);
    if (j < 0)
      continue;
    if (opShape[j] != 1)
      offset += c * stride;
    stride *= opShape[j];
  }
  return offset;
}

LogicalResult identity(OnnxBinder &b) {
  if (!b.hasInput(0))
    return b.fail("missing input");
  return b.replace(b.input(0));
}

LogicalResult dropout(OnnxBinder &b) {
  if (!b.hasInput(0))
    return b.fail("missing input");
  if (b.hasInput(2)) {
    auto training = b.constantInts(2);
    if (!training || training->size() != 1)
      return b.unimplemented("a non-constant training_mode");
    if ((*training)[0] != 0)
      return b.unimplemented("training_mode = true (quantc compiles "
                             "inference graphs)");
  }
  // At inference every element is kept: the mask is all true.
  Value mask;
  if (b.outputUsed(1)) {
    auto x = b.staticType(0);
    if (!x)
      return failure();
    mask = b.splat(x.getShape(), b.rewriter.getI1Type(), 1.0);
  }
  return b.replace(ValueRange{b.input(0), mask});
}

LogicalResult constant(OnnxBinder &b) {
  auto &rw = b.rewriter;
  if (ElementsAttr value = b.tensor("value"))
    return b.replace(b.constantOf(value));
  if (b.has("value_float"))
    return b.replace(b.splat({}, rw.getF32Type(), b.f("value_float", 0)));
  if (b.has("value_int"))
    return b.replace(b.splat({}, rw.getI64Type(), b.i("value_int", 0)));
  if (auto fs = b.floats("value_floats")) {
    auto type = RankedTensorType::get({(int64_t)fs->size()}, rw.getF32Type());
    return b.replace(b.constantOf(makeF32ElementsAttr(type, *fs, "constant")));
  }
  if (auto is = b.ints("value_ints"))
    return b.replace(b.i64Constant(*is));
  return b.unimplemented("Constant without a numeric value (sparse or "
                         "string)");
}

LogicalResult flatten(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  int64_t rank = x.getRank();
  int64_t axis = b.i("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return b.fail("axis out of range");
  int64_t outer = product(x.getShape().take_front(axis));
  int64_t inner = product(x.getShape().drop_front(axis));
  return b.replace(b.reshape(b.input(0), {outer, inner}));
}

LogicalResult reshape(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  auto target = b.constantInts(1);
  if (!target)
    return b.unimplemented("Reshape with a non-constant shape");
  bool allowZero = b.i("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if ((int64_t)i >= x.getRank())
        return b.fail("shape copies dimension " + Twine(i) +
                      " that the input does not have");
      d = x.getDimSize(i);
    }
    if (d == -1) {
      if (inferred >= 0)
        return b.fail("more than one -1 in the target shape");
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return b.fail("negative dimension " + Twine(d) + " in the target shape");
    known *= d;
    shape.push_back(d);
  }
  int64_t total = x.getNumElements();
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return b.fail("cannot infer the -1 dimension");
    shape[inferred] = total / known;
  } else if (known != total) {
    return b.fail("target shape has " + Twine(known) + " elements, input has " +
                  Twine(total));
  }
  return b.replace(b.reshape(b.input(0), shape));
}

LogicalResult transpose(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  int64_t rank = x.getRank();
  SmallVector<int64_t> perm;
  if (auto p = b.ints("perm")) {
    perm = *p;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  if ((int64_t)perm.size() != rank)
    return b.fail("perm has " + Twine(perm.size()) + " entries for rank " +
                  Twine(rank));
  SmallVector<int64_t> shape;
  SmallVector<bool> seen(rank, false);
  for (int64_t &p : perm) {
    if (p < 0)
      p += rank;
    if (p < 0 || p >= rank || seen[p])
      return b.fail("perm is not a permutation");
    seen[p] = true;
    shape.push_back(x.getDimSize(p));
  }
  return b.replace(b.create<TransposeOp>(
      RankedTensorType::get(shape, x.getElementType()), b.input(0),
      b.rewriter.getDenseI64ArrayAttr(perm)));
}

LogicalResult concat(OnnxBinder &b) {
  unsigned n = b.numInputs();
  if (n == 0)
    return b.fail("expected at least one input");
  if (failed(b.requireStatic(n)))
    return failure();
  auto first = b.staticType(0);
  if (!b.has("axis"))
    return b.fail("missing required attribute axis");
  auto axis = normalizeAxis(b.i("axis", 0), first.getRank());
  if (!axis)
    return b.fail("axis out of range");
  SmallVector<int64_t> shape(first.getShape());
  shape[*axis] = 0;
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n; ++i) {
    auto t = b.staticType(i);
    if (t.getRank() != first.getRank() ||
        t.getElementType() != first.getElementType())
      return b.fail("inputs disagree in rank or element type");
    for (int64_t d = 0; d < t.getRank(); ++d)
      if (d != *axis && t.getDimSize(d) != first.getDimSize(d))
        return b.fail("inputs disagree on dimension " + Twine(d));
    shape[*axis] += t.getDimSize(*axis);
    // Empty inputs contribute nothing.
    if (t.getDimSize(*axis) > 0)
      inputs.push_back(b.input(i));
  }
  if (inputs.empty())
    inputs.push_back(b.input(0));
  if (inputs.size() == 1 && inputs[0].getType() ==
                                RankedTensorType::get(shape, first.getElementType()))
    return b.replace(inputs[0]);
  return b.replace(b.create<ConcatOp>(
      RankedTensorType::get(shape, first.getElementType()), inputs,
      b.rewriter.getI64IntegerAttr(*axis)));
}

/// A slice of `v` taking [start, start + size) along `axis`.
Value sliceAlong(OnnxBinder &b, Value v, int64_t axis, int64_t start,
                 int64_t size) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> starts(t.getRank(), 0), steps(t.getRank(), 1);
  SmallVector<int64_t> shape(t.getShape());
  starts[axis] = start;
  shape[axis] = size;
  return b.create<SliceOp>(RankedTensorType::get(shape, t.getElementType()), v,
                           b.rewriter.getDenseI64ArrayAttr(starts),
                           b.rewriter.getDenseI64ArrayAttr(steps));
}

LogicalResult split(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  auto axis = normalizeAxis(b.i("axis", 0), x.getRank());
  if (!axis)
    return b.fail("axis out of range");
  int64_t dim = x.getDimSize(*axis);
  int64_t outputs = b.numOutputs();
  SmallVector<int64_t> sizes;
  if (b.version() >= 13 && b.hasInput(1)) {
    auto s = b.constantInts(1);
    if (!s)
      return b.unimplemented("Split with non-constant split sizes");
    sizes.assign(s->begin(), s->end());
  } else if (auto s = b.ints("split")) {
    sizes = *s;
  } else {
    int64_t n = b.has("num_outputs") ? b.i("num_outputs", outputs) : outputs;
    int64_t chunk = (dim + n - 1) / n;
    for (int64_t i = 0; i < n; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, dim - i * chunk)));
  }
  if ((int64_t)sizes.size() != outputs)
    return b.fail("split gives " + Twine(sizes.size()) + " sizes for " +
                  Twine(outputs) + " outputs");
  if (std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != dim)
    return b.fail("split sizes do not add up to dimension " + Twine(dim));
  SmallVector<Value> results;
  int64_t offset = 0;
  for (int64_t s : sizes) {
    results.push_back(sliceAlong(b, b.input(0), *axis, offset, s));
    offset += s;
  }
  return b.replace(results);
}

/// Clamps ONNX slice bounds for one axis; returns the element count.
int64_t normalizeSlice(int64_t dim, int64_t &start, int64_t end,
                       int64_t step) {
  auto clamp = [](int64_t v, int64_t lo, int64_t hi) {
    return std::max(lo, std::min(v, hi));
  };
  if (dim == 0)
    return 0;
  // ONNX clamps starts into [0, dim] for positive steps and [0, dim - 1] for
  // negative ones (not Python's -1), ends into [0, dim] and [-1, dim - 1].
  if (start < 0)
    start = std::max<int64_t>(start + dim, 0);
  if (end < 0)
    end = end < -dim ? -1 : end + dim;
  if (step > 0) {
    start = clamp(start, 0, dim);
    end = clamp(end, 0, dim);
    return end > start ? (end - start + step - 1) / step : 0;
  }
  start = clamp(start, 0, dim - 1);
  end = clamp(end, -1, dim - 1);
  return start > end ? (start - end + (-step) - 1) / (-step) : 0;
}

LogicalResult slice(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  int64_t rank = x.getRank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (b.version() >= 10) {
    auto s = b.constantInts(1), e = b.constantInts(2);
    if (!s || !e)
      return b.unimplemented("Slice with non-constant starts/ends");
    starts.assign(s->begin(), s->end());
    ends.assign(e->begin(), e->end());
    if (b.hasInput(3)) {
      auto a = b.constantInts(3);
      if (!a)
        return b.unimplemented("Slice with non-constant axes");
      axes.assign(a->begin(), a->end());
    }
    if (b.hasInput(4)) {
      auto st = b.constantInts(4);
      if (!st)
        return b.unimplemented("Slice with non-constant steps");
      steps.assign(st->begin(), st->end());
    }
  } else {
    if (!b.ints("starts") || !b.ints("ends"))
      return b.fail("missing starts/ends");
    starts = *b.ints("starts");
    ends = *b.ints("ends");
    if (auto a = b.ints("axes"))
      axes = *a;
  }
  if (axes.empty())
    for (int64_t i = 0; i < (int64_t)starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return b.fail("starts, ends, axes and steps differ in length");
  SmallVector<int64_t> outStarts(rank, 0), outSteps(rank, 1);
  SmallVector<int64_t> shape(x.getShape());
  SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    auto axis = normalizeAxis(axes[i], rank);
    if (!axis || seen[*axis])
      return b.fail("invalid or repeated axis " + Twine(axes[i]));
    seen[*axis] = true;
    if (steps[i] == 0)
      return b.fail("step 0");
    int64_t start = starts[i];
    int64_t count = normalizeSlice(x.getDimSize(*axis), start, ends[i], steps[i]);
    outStarts[*axis] = count > 0 ? start : 0;
    outSteps[*axis] = steps[i];
    shape[*axis] = count;
  }
  return b.replace(b.create<SliceOp>(
      RankedTensorType::get(shape, x.getElementType()), b.input(0),
      b.rewriter.getDenseI64ArrayAttr(outStarts),
      b.rewriter.getDenseI64ArrayAttr(outSteps)));
}

LogicalResult pad(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  int64_t rank = x.getRank();
  std::string modeName = b.s("mode", "constant");
  PadMode mode;
  if (modeName == "constant")
    mode = PadMode::Constant;
  else if (modeName == "reflect")
    mode = PadMode::Reflect;
  else if (modeName == "edge")
    mode = PadMode::Edge;
  else
    return b.unimplemented("pad mode '" + modeName + "'");
  SmallVector<int64_t> pads;
  double value = 0;
  if (b.version() >= 11) {
    auto p = b.constantInts(1);
    if (!p)
      return b.unimplemented("Pad with non-constant pads");
    pads.assign(p->begin(), p->end());
    if (b.hasInput(2)) {
      auto v = b.constantDoubles(2);
      if (!v || v->size() != 1)
        return b.unimplemented("Pad with a non-constant value");
      value = (*v)[0];
    }
    if (b.hasInput(3)) {
      auto axes = b.constantInts(3);
      if (!axes)
        return b.unimplemented("Pad with non-constant axes");
      SmallVector<int64_t> full(2 * rank, 0);
      if (pads.size() != 2 * axes->size())
        return b.fail("pads do not match axes");
      for (auto [i, a] : llvm::enumerate(*axes)) {
        auto axis = normalizeAxis(a, rank);
        if (!axis)
          return b.fail("axis out of range");
        full[*axis] = pads[i];
        full[*axis + rank] = pads[i + axes->size()];
      }
      pads = full;
    }
  } else {
    auto p = b.ints("pads");
    if (!p)
      return b.fail("missing pads");
    pads = *p;
    value = b.f("value", 0.0f);
  }
  if ((int64_t)pads.size() != 2 * rank)
    return b.fail("expected " + Twine(2 * rank) + " pads, found " +
                  Twine(pads.size()));
  Type elem = x.getElementType();
  if (!elem.isF32() && !(elem.isSignlessInteger() && elem.getIntOrFloatBitWidth() > 1))
    return b.unimplemented("Pad of element type " + typeStr(elem));
  Value v = b.input(0);
  // Negative pads crop first.
  SmallVector<int64_t> cropStart(rank, 0), cropShape(x.getShape());
  bool crop = false;
  for (int64_t i = 0; i < rank; ++i) {
    if (pads[i] < 0) {
      cropStart[i] = -pads[i];
      cropShape[i] += pads[i];
      pads[i] = 0;
      crop = true;
    }
    if (pads[i + rank] < 0) {
      cropShape[i] += pads[i + rank];
      pads[i + rank] = 0;
      crop = true;
    }
    if (cropShape[i] < 0)
      return b.fail("negative pads remove more than dimension " + Twine(i));
  }
  // Check everything before building anything: a handler that fails after
  // creating ops would be retried forever by the rewrite driver.
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    shape.push_back(cropShape[i] + pads[i] + pads[i + rank]);
    if (mode == PadMode::Reflect && (pads[i] >= cropShape[i] ||
                                     pads[i + rank] >= cropShape[i]) &&
        (pads[i] || pads[i + rank]))
      return b.fail("reflect pads must be smaller than the dimension");
  }
  if (crop)
    v = b.create<SliceOp>(RankedTensorType::get(cropShape, x.getElementType()),
                          v, b.rewriter.getDenseI64ArrayAttr(cropStart),
                          b.rewriter.getDenseI64ArrayAttr(
                              SmallVector<int64_t>(rank, 1)));
  return b.replace(b.create<PadOp>(
      RankedTensorType::get(shape, x.getElementType()), v,
      b.rewriter.getDenseI64ArrayAttr(pads), PadModeAttr::get(b.ctx(), mode),
      b.rewriter.getF32FloatAttr((float)value)));
}

/// Axes from the attribute (old opsets) or input #1 (new ones).
LogicalResult readAxes(OnnxBinder &b, bool fromInput,
                       std::optional<SmallVector<int64_t>> &axes) {
  if (fromInput) {
    if (!b.hasInput(1))
      return success();
    auto a = b.constantInts(1);
    if (!a)
      return b.unimplemented("non-constant axes");
    axes = SmallVector<int64_t>(a->begin(), a->end());
    return success();
  }
  axes = b.ints("axes");
  return success();
}

LogicalResult squeeze(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  std::optional<SmallVector<int64_t>> axes;
  if (failed(readAxes(b, b.version() >= 13, axes)))
    return failure();
  int64_t rank = x.getRank();
  SmallVector<bool> drop(rank, false);
  if (axes) {
    for (int64_t a : *axes) {
      auto axis = normalizeAxis(a, rank);
      if (!axis || x.getDimSize(*axis) != 1)
        return b.fail("cannot squeeze axis " + Twine(a));
      drop[*axis] = true;
    }
  } else {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = x.getDimSize(i) == 1;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back(x.getDimSize(i));
  return b.replace(b.reshape(b.input(0), shape));
}

LogicalResult unsqueeze(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  std::optional<SmallVector<int64_t>> axes;
  if (failed(readAxes(b, b.version() >= 13, axes)))
    return failure();
  if (!axes)
    return b.fail("missing axes");
  int64_t rank = x.getRank() + axes->size();
  SmallVector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    auto axis = normalizeAxis(a, rank);
    if (!axis || inserted[*axis])
      return b.fail("invalid or repeated axis " + Twine(a));
    inserted[*axis] = true;
  }
  SmallVector<int64_t> shape;
  int64_t j = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(inserted[i] ? 1 : x.getDimSize(j++));
  return b.replace(b.reshape(b.input(0), shape));
}

LogicalResult shape(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  int64_t rank = x.getRank();
  int64_t start = b.i("start", 0), end = b.i("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::max<int64_t>(0, std::min(start, rank));
  end = std::max<int64_t>(start, std::min(end, rank));
  return b.replace(
      b.i64Constant(x.getShape().slice(start, end - start)));
}

LogicalResult size(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  return b.replace(b.splat({}, b.rewriter.getI64Type(), x.getNumElements()));
}

LogicalResult gather(OnnxBinder &b) {
  if (failed(b.requireStatic(2)))
    return failure();
  auto data = b.staticType(0), indices = b.staticType(1);
  auto axis = normalizeAxis(b.i("axis", 0), data.getRank());
  if (!axis)
    return b.fail("axis out of range");
  if (!isa<IntegerType>(indices.getElementType()))
    return b.fail("expected integer indices");
  int64_t dim = data.getDimSize(*axis);
  SmallVector<int64_t> shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  auto type = RankedTensorType::get(shape, data.getElementType());
  Value idx = b.input(1);
  if (auto values = b.constantInts(1)) {
    std::vector<int64_t> normalized(*values);
    for (int64_t &v : normalized) {
      if (v < -dim || v >= dim)
        return b.fail("index " + Twine(v) + " out of range for dimension " +
                      Twine(dim));
      if (v < 0)
        v += dim;
    }
    // Constant data: evaluate now.
    if (ElementsAttr dataAttr = b.constant(0)) {
      if (auto bytes = getRawBytes(dataAttr)) {
        int64_t width = getElementByteWidth(data.getElementType());
        int64_t outer = product(data.getShape().take_front(*axis));
        int64_t inner = product(data.getShape().drop_front(*axis + 1)) * width;
        std::vector<char> out;
        out.reserve(type.getNumElements() * width);
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t i : normalized) {
            const char *src = bytes->data() + (o * dim + i) * inner;
            out.insert(out.end(), src, src + inner);
          }
        return b.replace(b.constantOf(makeElementsAttr(type, out, "gather")));
      }
    }
    idx = b.constantOf(makeElementsAttrFromInts(
        RankedTensorType::get(indices.getShape(), b.rewriter.getI64Type()),
        normalized, "indices"));
  }
  return b.replace(b.create<GatherOp>(type, b.input(0), idx,
                                      b.rewriter.getI64IntegerAttr(*axis)));
}

Type onnxElementType(MLIRContext *ctx, int64_t code) {
  Builder bld(ctx);
  switch (code) {
  case 1:
    return bld.getF32Type();
  case 2:
    return bld.getIntegerType(8, false);
  case 3:
    return bld.getIntegerType(8);
  case 4:
    return bld.getIntegerType(16, false);
  case 5:
    return bld.getIntegerType(16);
  case 6:
    return bld.getIntegerType(32);
  case 7:
    return bld.getIntegerType(64);
  case 9:
    return bld.getI1Type();
  case 10:
    return bld.getF16Type();
  case 11:
    return bld.getF64Type();
  case 12:
    return bld.getIntegerType(32, false);
  case 13:
    return bld.getIntegerType(64, false);
  case 16:
    return bld.getBF16Type();
  default:
    return nullptr;
  }
}

LogicalResult castOp(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  Type to = onnxElementType(b.ctx(), b.i("to", 0));
  if (!to)
    return b.unimplemented("Cast to ONNX type " + Twine(b.i("to", 0)));
  if (to == x.getElementType())
    return b.replace(b.input(0));
  auto type = RankedTensorType::get(x.getShape(), to);
  if (!b.constant(0)) {
    auto runtimeOk = [](Type t) {
      return t.isF32() || (t.isSignlessInteger() && t.getIntOrFloatBitWidth() >= 8);
    };
    if (!runtimeOk(x.getElementType()) || !runtimeOk(to))
      return b.unimplemented("run-time Cast from " +
                             typeStr(x.getElementType()) + " to " +
                             typeStr(to));
  }
  return b.replace(b.create<CastOp>(type, b.input(0)));
}

LogicalResult constantOfShape(OnnxBinder &b) {
  auto dims = b.constantInts(0);
  if (!dims)
    return b.unimplemented("ConstantOfShape of a non-constant shape");
  SmallVector<int64_t> shape(dims->begin(), dims->end());
  for (int64_t d : shape)
    if (d < 0)
      return b.fail("negative dimension");
  ElementsAttr v = b.tensor("value");
  if (!v)
    return b.replace(b.splat(shape, b.rewriter.getF32Type(), 0.0));
  if (v.getNumElements() != 1)
    return b.fail("expected a one-element value");
  // The value's element, splat exactly (no trip through double).
  auto type = RankedTensorType::get(shape, getElementTypeOrSelf(v.getType()));
  if (auto dense = dyn_cast<DenseElementsAttr>(v))
    return b.replace(b.constantOf(
        DenseElementsAttr::get(type, dense.getSplatValue<Attribute>())));
  if (isa<IntegerType>(type.getElementType()))
    if (auto ints = getValuesAsInt(v))
      return b.replace(b.constantOf(makeElementsAttrFromInts(
          type, std::vector<int64_t>(product(shape), (*ints)[0]), "value")));
  auto values = getValuesAsDouble(v);
  if (!values)
    return b.fail("unreadable value");
  return b.replace(b.splat(shape, type.getElementType(), (*values)[0]));
}

LogicalResult range(OnnxBinder &b) {
  Type element = getElementTypeOrSelf(b.input(0).getType());
  if (isa<IntegerType>(element)) {
    // Integer ranges exactly: n = max(ceil((limit - start) / delta), 0).
    auto start = b.constantInts(0), limit = b.constantInts(1),
         delta = b.constantInts(2);
    if (!start || !limit || !delta || start->size() != 1 ||
        limit->size() != 1 || delta->size() != 1)
      return b.unimplemented("Range with non-constant inputs");
    __int128 s0 = (*start)[0], l = (*limit)[0], d = (*delta)[0];
    if (d == 0)
      return b.fail("delta is 0");
    __int128 span = l - s0;
    __int128 n = span / d;
    if (span % d != 0 && ((span > 0) == (d > 0)))
      n += 1;
    if (n < 0)
      n = 0;
    if (n > (1 << 24))
      return b.unimplemented("Range of more than 2^24 elements");
    std::vector<int64_t> values((size_t)n);
    for (int64_t i = 0; i < (int64_t)n; ++i)
      values[i] = (int64_t)(s0 + (__int128)i * d);
    return b.replace(b.constantOf(makeElementsAttrFromInts(
        RankedTensorType::get({(int64_t)n}, element), values, "range")));
  }
  auto start = b.constantDoubles(0), limit = b.constantDoubles(1),
       delta = b.constantDoubles(2);
  if (!start || !limit || !delta)
    return b.unimplemented("Range with non-constant inputs");
  if ((*delta)[0] == 0)
    return b.fail("delta is 0");
  int64_t n = std::max<int64_t>(
      0, (int64_t)std::ceil(((*limit)[0] - (*start)[0]) / (*delta)[0]));
  std::vector<double> values(n);
  for (int64_t i = 0; i < n; ++i)
    values[i] = (*start)[0] + i * (*delta)[0];
  return b.replace(b.constantOf(makeElementsAttrFromDoubles(
      RankedTensorType::get({n}, element), values, "range")));
}

/// Expand(x, shape) = x * ones(shape), numpy-broadcast both ways.
LogicalResult expand(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  auto dims = b.constantInts(1);
  if (!dims)
    return b.unimplemented("Expand to a non-constant shape");
  SmallVector<int64_t> target(dims->begin(), dims->end());
  auto shape = broadcastShapes(x.getShape(), target);
  if (failed(shape))
    return b.fail("shape does not broadcast with the input");
  Type e = x.getElementType();
  if (!e.isF32() && !e.isSignlessInteger())
    return b.unimplemented("Expand of element type " + typeStr(e));
  if (*shape == SmallVector<int64_t>(x.getShape()))
    return b.replace(b.input(0));
  Value ones = b.splat(target, e, 1.0);
  return b.replace(b.create<MulOp>(RankedTensorType::get(*shape, e),
                                   b.input(0), ones));
}

LogicalResult tile(OnnxBinder &b) {
  auto x = b.staticType(0);
  if (!x)
    return failure();
  auto repeats = b.constantInts(1);
  if (!repeats)
    return b.unimplemented("Tile with non-constant repeats");
  if ((int64_t)repeats->size() != x.getRank())
    return b.fail("expected one repeat per dimension");
  if (llvm::any_of(*repeats, [](int64_t r) { return r < 0; }))
    return b.fail("negative repeat");
  Value v = b.input(0);
  for (int64_t axis = 0; axis < x.getRank(); ++axis) {
    int64_t r = (*repeats)[axis];
    if (r == 1)
      continue;
    auto t = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> shape(t.getShape());
    shape[axis] *= r;
    if (r == 0) {
      v = sliceAlong(b, v, axis, 0, 0);
      continue;
    }
    SmallVector<Value> copies(r, v);
    v = b.create<ConcatOp>(RankedTensorType::get(shape, t.getElementType()),
                           copies, b.rewriter.getI64IntegerAttr(axis));
  }
  return b.replace(v);
}

/// Comparison / logic / select ops are only evaluated on constants (shape
/// arithmetic); at run time they are out of scope.
///
/// A folded element: exact for integer tensors (shape arithmetic such as
/// INT64_MAX "to the end" sentinels), double for floats.
struct Num {
  bool isInt = false;
  int64_t i = 0;
  double f = 0;
  double asDouble() const { return isInt ? (double)i : f; }
  bool truthy() const { return isInt ? i != 0 : f != 0; }
};

/// Folds an elementwise op over constant inputs with numpy broadcasting.
template <typename Fn>
LogicalResult constantElementwise(OnnxBinder &b, unsigned n, Type resultElement,
                                  Fn fn) {
  SmallVector<std::vector<Num>> values;
  SmallVector<int64_t> shape;
  for (unsigned i = 0; i < n; ++i) {
    ElementsAttr attr = b.constant(i);
    if (!attr)
      return b.unimplemented("run-time " + b.opType() +
                             " (only constant inputs are folded)");
    std::vector<Num> nums;
    if (isa<IntegerType>(getElementTypeOrSelf(attr.getType()))) {
      auto v = getValuesAsInt(attr);
      if (!v)
        return b.unimplemented("folding this constant");
      for (int64_t x : *v)
        nums.push_back({true, x, 0});
    } else {
      auto v = getValuesAsDouble(attr);
      if (!v)
        return b.unimplemented("folding this constant");
      for (double x : *v)
        nums.push_back({false, 0, x});
    }
    auto t = b.staticType(i);
    auto s = broadcastShapes(shape, t.getShape());
    if (failed(s))
      return b.fail("input shapes do not broadcast");
    shape = *s;
    values.push_back(std::move(nums));
  }
  int64_t count = product(shape);
  bool intResult = isa<IntegerType>(resultElement);
  std::vector<int64_t> ints(intResult ? count : 0);
  std::vector<double> doubles(intResult ? 0 : count);
  for (int64_t k = 0; k < count; ++k) {
    SmallVector<Num, 3> args;
    for (unsigned i = 0; i < n; ++i)
      args.push_back(values[i][broadcastIndex(
          shape, b.staticType(i).getShape(), k)]);
    Num r = fn(args);
    if (intResult)
      ints[k] = r.isInt ? r.i : (int64_t)r.f;
    else
      doubles[k] = r.asDouble();
  }
  auto type = RankedTensorType::get(shape, resultElement);
  return b.replace(b.constantOf(
      intResult ? makeElementsAttrFromInts(type, ints, "folded")
                : makeElementsAttrFromDoubles(type, doubles, "folded")));
}

/// Comparisons: exact on two integers, in double otherwise.
template <typename Cmp>
Handler compare(Cmp cmp) {
  return [cmp](OnnxBinder &b) {
    return constantElementwise(
        b, 2, b.rewriter.getI1Type(), [&](ArrayRef<Num> a) {
          bool r = a[0].isInt && a[1].isInt
                       ? cmp(a[0].i, a[1].i)
                       : cmp(a[0].asDouble(), a[1].asDouble());
          return Num{true, r ? 1 : 0, 0};
        });
  };
}

LogicalResult where(OnnxBinder &b) {
  if (!b.hasInput(1))
    return b.fail("missing input");
  Type e = getElementTypeOrSelf(b.input(1).getType());
  return constantElementwise(b, 3, e, [](ArrayRef<Num> a) {
    return a[0].truthy() ? a[1] : a[2];
  });
}

LogicalResult notOp(OnnxBinder &b) {
  return constantElementwise(b, 1, b.rewriter.getI1Type(),
                             [](ArrayRef<Num> a) {
                               return Num{true, a[0].truthy() ? 0 : 1, 0};
                             });
}

/// Reductions. `axesFromInput` is the opset where axes became an input.
enum class ReduceKind { Sum, Mean, Max, Min, Prod, SumSquare, L1, L2, LogSum, LogSumExp };

template <ReduceKind kind>
Handler reduceHandler(int64_t axesInputSince) {
  return [axesInputSince](OnnxBinder &b) -> LogicalResult {
    auto x = b.staticType(0);
    if (!x)
      return failure();
    if (!x.getElementType().isF32())
      return b.unimplemented("reduction of element type " +
                             typeStr(x.getElementType()));
    std::optional<SmallVector<int64_t>> axesAttr;
    if (failed(readAxes(b, b.version() >= axesInputSince, axesAttr)))
      return failure();
    bool keep = b.i("keepdims", 1) != 0;
    int64_t rank = x.getRank();
    SmallVector<int64_t> axes;
    if (!axesAttr || axesAttr->empty()) {
      if (b.i("noop_with_empty_axes", 0))
        return b.replace(b.input(0));
      for (int64_t i = 0; i < rank; ++i)
        axes.push_back(i);
    } else {
      for (int64_t a : *axesAttr) {
        auto axis = normalizeAxis(a, rank);
        if (!axis)
          return b.fail("axis out of range");
        axes.push_back(*axis);
      }
      llvm::sort(axes);
      axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
    }
    auto &rw = b.rewriter;
    auto type = RankedTensorType::get(inferReduceShape(x.getShape(), axes, keep),
                                      x.getElementType());
    auto axesAttrV = rw.getDenseI64ArrayAttr(axes);
    auto keepAttr = rw.getBoolAttr(keep);
    Value in = b.input(0);
    switch (kind) {
    case ReduceKind::Sum:
      return b.replace(b.create<ReduceSumOp>(type, in, axesAttrV, keepAttr, RequantAttr()));
    case ReduceKind::Mean:
      return b.replace(b.create<ReduceMeanOp>(type, in, axesAttrV, keepAttr, RequantAttr()));
    case ReduceKind::Max:
      return b.replace(b.create<ReduceMaxOp>(type, in, axesAttrV, keepAttr, RequantAttr()));
    case ReduceKind::Min:
      return b.replace(b.create<ReduceMinOp>(type, in, axesAttrV, keepAttr, RequantAttr()));
    case ReduceKind::Prod:
      return b.replace(b.create<ReduceProdOp>(type, in, axesAttrV, keepAttr, RequantAttr()));
    case ReduceKind::SumSquare:
    case ReduceKind::L2: {
      Value sq = b.create<MulOp>(x, in, in);
      Value s = b.create<ReduceSumOp>(type, sq, axesAttrV, keepAttr, RequantAttr());
      return b.replace(kind == ReduceKind::L2 ? b.create<SqrtOp>(type, s)
                                              : s);
    }
    case ReduceKind::L1: {
      Value a = b.create<AbsOp>(x, in);
      return b.replace(b.create<ReduceSumOp>(type, a, axesAttrV, keepAttr, RequantAttr()));
    }
    case ReduceKind::LogSum: {
      Value s = b.create<ReduceSumOp>(type, in, axesAttrV, keepAttr, RequantAttr());
      return b.replace(b.create<LogOp>(type, s));
    }
    case ReduceKind::LogSumExp: {
      // max + log(sum(exp(x - max))): no overflow for large inputs.
      auto keptType = RankedTensorType::get(
          inferReduceShape(x.getShape(), axes, true), x.getElementType());
      Value m = b.create<ReduceMaxOp>(keptType, in, axesAttrV,
                                      rw.getBoolAttr(true), RequantAttr());
      Value e = b.create<ExpOp>(x, b.create<SubOp>(x, in, m));
      Value s = b.create<ReduceSumOp>(type, e, axesAttrV, keepAttr, RequantAttr());
      return b.replace(b.create<AddOp>(type, b.create<LogOp>(type, s),
                                       b.reshape(m, type.getShape())));
    }
    }
    return failure();
  };
}

} // namespace

void onnx_legalize::populateTensorHandlers(HandlerRegistry &r) {
  r.add("Identity", 1, identity);
  r.add("Dropout", 1, dropout);
  r.add("Constant", 1, constant);
  r.add("Flatten", 1, flatten);
  r.add("Reshape", 5, reshape);
  r.add("Transpose", 1, transpose);
  r.add("Concat", 4, concat);
  r.add("Split", 2, split);
  r.add("Slice", 1, slice);
  r.add("Pad", 2, pad);
  r.add("Squeeze", 1, squeeze);
  r.add("Unsqueeze", 1, unsqueeze);
  r.add("Shape", 1, shape);
  r.add("Size", 1, size);
  r.add("Gather", 1, gather);
  r.add("Cast", 6, castOp);
  r.add("ConstantOfShape", 9, constantOfShape);
  r.add("Range", 11, range);
  r.add("Expand", 8, expand);
  r.add("Tile", 6, tile);
  r.add("Equal", 7, compare([](auto a, auto c) { return a == c; }));
  r.add("Less", 7, compare([](auto a, auto c) { return a < c; }));
  r.add("Greater", 7, compare([](auto a, auto c) { return a > c; }));
  r.add("LessOrEqual", 12, compare([](auto a, auto c) { return a <= c; }));
  r.add("GreaterOrEqual", 12,
        compare([](auto a, auto c) { return a >= c; }));
  r.add("Where", 9, where);
  r.add("Not", 1, notOp);
  r.add("ReduceSum", 1, reduceHandler<ReduceKind::Sum>(13));
  r.add("ReduceMean", 1, reduceHandler<ReduceKind::Mean>(18));
  r.add("ReduceMax", 1, reduceHandler<ReduceKind::Max>(18));
  r.add("ReduceMin", 1, reduceHandler<ReduceKind::Min>(18));
  r.add("ReduceProd", 1, reduceHandler<ReduceKind::Prod>(18));
  r.add("ReduceSumSquare", 1, reduceHandler<ReduceKind::SumSquare>(18));
  r.add("ReduceL1", 1, reduceHandler<ReduceKind::L1>(18));
  r.add("ReduceL2", 1, reduceHandler<ReduceKind::L2>(18));
  r.add("ReduceLogSum", 1, reduceHandler<ReduceKind::LogSum>(18));
  r.add("ReduceLogSumExp", 1, reduceHandler<ReduceKind::LogSumExp>(18));
}
