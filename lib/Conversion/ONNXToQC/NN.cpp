//===- NN.cpp - ONNX neural-network ops to qc -----------------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "Binder.h"

#include <numeric>

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::onnx_legalize;

namespace {

/// Window geometry of a conv or pool node, normalized to 2-d.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, pads; // pads: t, l, b, r
  bool oneD = false;
};

/// Reads kernel_shape/strides/dilations/pads/auto_pad for a node whose data
/// input has `spatial` spatial dims (1 or 2) of sizes `inSizes`.
LogicalResult readWindow(OnnxBinder &b, ArrayRef<int64_t> inSizes,
                         ArrayRef<int64_t> kernelFromWeights, bool ceilMode,
                         Window &w) {
  size_t n = inSizes.size();
  if (n != 1 && n != 2)
    return b.unimplemented(Twine(n) + "-d windows (1-d and 2-d are supported)");
  w.oneD = n == 1;
  auto kernel = b.ints("kernel_shape");
  if (kernel && kernel->size() != n)
    return b.fail("expected " + Twine(n) + " values in kernel_shape");
  if (!kernel && kernelFromWeights.empty())
    return b.fail("missing required attribute kernel_shape");
  SmallVector<int64_t> k = kernel ? *kernel : SmallVector<int64_t>(kernelFromWeights);
  SmallVector<int64_t> s = b.ints("strides").value_or(SmallVector<int64_t>(n, 1));
  SmallVector<int64_t> d = b.ints("dilations").value_or(SmallVector<int64_t>(n, 1));
  SmallVector<int64_t> p = b.ints("pads").value_or(SmallVector<int64_t>(2 * n, 0));
  if (s.size() != n || d.size() != n || p.size() != 2 * n)
    return b.fail("strides/dilations/pads do not match the " + Twine(n) +
                  " spatial dimensions");
  for (int64_t v : llvm::concat<int64_t>(k, s, d))
    if (v < 1)
      return b.fail("expected positive kernel_shape, strides and dilations");
  for (int64_t v : p)
    if (v < 0)
      return b.unimplemented("negative pads");
  std::string autoPad = b.s("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    p.assign(2 * n, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t i = 0; i < n; ++i) {
      int64_t out = (inSizes[i] + s[i] - 1) / s[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - inSizes[i]);
      int64_t small = total / 2, big = total - small;
      p[i] = autoPad == "SAME_UPPER" ? small : big;
      p[i + n] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return b.fail("unknown auto_pad '" + autoPad + "'");
  }
  (void)ceilMode;
  if (w.oneD) {
    w.kernel = {1, k[0]};
    w.strides = {1, s[0]};
    w.dilations = {1, d[0]};
    w.pads = {0, p[0], 0, p[1]};
  } else {
    w.kernel = k;
    w.strides = s;
    w.dilations = d;
    w.pads = {p[0], p[1], p[2], p[3]};
  }
  return success();
}

/// [N, C, W] -> [N, C, 1, W] for 1-d windows.
SmallVector<int64_t> to4D(ArrayRef<int64_t> shape) {
  if (shape.size() == 4)
    return SmallVector<int64_t>(shape);
  return {shape[0], shape[1], 1, shape[2]};
}

} // namespace

FailureOr<Value> onnx_legalize::buildConv(OnnxBinder &b, Value xv, Value wv,
                                          Value bias) {
  auto x = cast<RankedTensorType>(xv.getType());
  auto wt = cast<RankedTensorType>(wv.getType());
  if (x.getRank() != 3 && x.getRank() != 4)
    return b.unimplemented(Twine(x.getRank() - 2) +
                           "-d convolution (1-d and 2-d are supported)");
  if (wt.getRank() != x.getRank())
    return b.fail("expected weights of the input's rank");
  Window w;
  if (failed(readWindow(b, x.getShape().drop_front(2),
                        wt.getShape().drop_front(2), false, w)))
    return failure();
  if (b.ints("kernel_shape") &&
      SmallVector<int64_t>(wt.getShape().drop_front(2)) != *b.ints("kernel_shape"))
    return b.fail("kernel_shape disagrees with the weight shape");
  int64_t groups = b.i("group", 1);
  SmallVector<int64_t> xs = to4D(x.getShape()), ws = to4D(wt.getShape());
  std::string why;
  auto shape = inferConv2DShape(xs, ws, w.strides, w.dilations, w.pads, groups,
                                Layout::NCHW, why);
  if (failed(shape))
    return b.fail(why);
  if (bias) {
    auto bt = cast<RankedTensorType>(bias.getType());
    if (bt.getRank() != 1 || bt.getDimSize(0) != ws[0])
      return b.fail("expected a bias of shape [" + Twine(ws[0]) + "]");
  }
  Value input = b.reshape(xv, xs);
  Value filter = b.reshape(wv, ws);
  auto type = RankedTensorType::get(*shape, x.getElementType());
  Value y = b.create<Conv2DOp>(
      type, input, filter, bias, /*residual=*/Value(),
      /*clamp_min=*/FloatAttr(), /*clamp_max=*/FloatAttr(),
      /*leaky_alpha=*/FloatAttr(), b.rewriter.getDenseI64ArrayAttr(w.strides),
      b.rewriter.getDenseI64ArrayAttr(w.dilations),
      b.rewriter.getDenseI64ArrayAttr(w.pads),
      b.rewriter.getI64IntegerAttr(groups),
      LayoutAttr::get(b.ctx(), Layout::NCHW), RequantAttr());
  if (w.oneD)
    y = b.reshape(y, {(*shape)[0], (*shape)[1], (*shape)[3]});
  return y;
}

FailureOr<Value> onnx_legalize::buildMatMul(OnnxBinder &b, Value lhs,
                                            Value rhs) {
  auto at = cast<RankedTensorType>(lhs.getType());
  auto bt = cast<RankedTensorType>(rhs.getType());
  std::string why;
  auto shape = inferMatMulShape(at.getShape(), bt.getShape(), why);
  if (failed(shape))
    return b.fail(why);
  return b
      .create<MatMulOp>(RankedTensorType::get(*shape, at.getElementType()), lhs,
                        rhs, Value(), Value(), FloatAttr(), FloatAttr(),
                        FloatAttr(), RequantAttr())
      .getResult();
}

namespace {

LogicalResult conv(OnnxBinder &b) {
  if (failed(b.requireStaticF32(3, /*required=*/2)))
    return failure();
  return b.replace(buildConv(b, b.input(0), b.input(1), b.input(2)));
}

/// ConvTranspose (1-d and 2-d): output_shape and auto_pad are resolved into
/// explicit pads and output_padding as the ONNX specification states.
LogicalResult convTranspose(OnnxBinder &b) {
  if (failed(b.requireStaticF32(3, /*required=*/2)))
    return failure();
  auto x = b.staticType(0), wt = b.staticType(1);
  int64_t rank = x.getRank();
  if (rank != 3 && rank != 4)
    return b.unimplemented(Twine(rank - 2) + "-d transposed convolution (1-d "
                                             "and 2-d are supported)");
  if (wt.getRank() != rank)
    return b.fail("expected weights of the input's rank");
  size_t n = rank - 2;
  SmallVector<int64_t> in(x.getShape().drop_front(2));
  SmallVector<int64_t> k(wt.getShape().drop_front(2));
  if (auto ks = b.ints("kernel_shape"); ks && *ks != k)
    return b.fail("kernel_shape disagrees with the weight shape");
  int64_t groups = b.i("group", 1);
  if (groups < 1 || x.getDimSize(1) != wt.getDimSize(0) ||
      x.getDimSize(1) % groups != 0)
    return b.fail("expected the weights' first dimension (" +
                  Twine(wt.getDimSize(0)) + ") to equal the input channels (" +
                  Twine(x.getDimSize(1)) + ") and group (" + Twine(groups) +
                  ") to divide them");
  auto list = [&](StringRef name, int64_t fill, size_t size) {
    return b.ints(name).value_or(SmallVector<int64_t>(size, fill));
  };
  SmallVector<int64_t> s = list("strides", 1, n), d = list("dilations", 1, n),
                       p = list("pads", 0, 2 * n),
                       op = list("output_padding", 0, n);
  if (s.size() != n || d.size() != n || p.size() != 2 * n || op.size() != n)
    return b.fail("strides/dilations/pads/output_padding do not match the " +
                  Twine(n) + " spatial dimensions");
  for (int64_t v : llvm::concat<int64_t>(s, d))
    if (v < 1)
      return b.fail("expected positive strides and dilations");
  for (int64_t v : llvm::concat<int64_t>(p, op))
    if (v < 0)
      return b.fail("expected non-negative pads and output_padding");
  for (size_t i = 0; i < n; ++i)
    if (op[i] >= std::max(s[i], d[i]))
      return b.fail("expected output_padding (" + Twine(op[i]) +
                    ") below the stride or the dilation");
  std::string autoPad = b.s("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER")
    return b.fail("unknown auto_pad '" + autoPad + "'");
  std::optional<SmallVector<int64_t>> outShape = b.ints("output_shape");
  if (outShape && outShape->size() == (size_t)rank)
    outShape = SmallVector<int64_t>(ArrayRef<int64_t>(*outShape).drop_front(2));
  if (outShape && outShape->size() != n)
    return b.fail("expected " + Twine(n) + " spatial sizes in output_shape");
  if (!outShape && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")) {
    outShape = SmallVector<int64_t>();
    for (size_t i = 0; i < n; ++i)
      outShape->push_back(in[i] * s[i]);
  }
  if (autoPad == "VALID")
    p.assign(2 * n, 0);
  if (outShape) {
    for (size_t i = 0; i < n; ++i) {
      int64_t total =
          transposedWindowOutputSize(in[i], k[i], s[i], 0, 0, d[i], op[i]) -
          (*outShape)[i];
      // The specification's split, with floor division: a negative total
      // (an output_shape beyond the full result) leaves a negative end pad,
      // rows that only the bias reaches, which output_padding adds.
      bool upper = autoPad == "SAME_UPPER";
      int64_t half = llvm::divideFloorSigned(total, 2);
      p[i] = upper ? half : total - half;
      p[i + n] = upper ? total - half : half;
      if (p[i] < 0)
        return b.unimplemented("an output_shape that extends the result "
                               "before its first row");
      if (p[i + n] < 0) {
        op[i] -= p[i + n];
        p[i + n] = 0;
      }
    }
  }
  // To 2-d.
  SmallVector<int64_t> s2 = s, d2 = d, p2, op2 = op;
  if (n == 1) {
    s2 = {1, s[0]};
    d2 = {1, d[0]};
    p2 = {0, p[0], 0, p[1]};
    op2 = {0, op[0]};
  } else {
    p2 = p;
  }
  SmallVector<int64_t> xs = to4D(x.getShape()), ws = to4D(wt.getShape());
  SmallVector<int64_t> shape{xs[0], ws[1] * groups};
  for (int i = 0; i < 2; ++i) {
    int64_t size = transposedWindowOutputSize(xs[2 + i], ws[2 + i], s2[i],
                                              p2[i], p2[i + 2], d2[i], op2[i]);
    if (size < 1)
      return b.fail("the pads leave an empty output");
    shape.push_back(size);
  }
  Value bias = b.input(2);
  if (bias) {
    auto bt = cast<RankedTensorType>(bias.getType());
    if (bt.getRank() != 1 || bt.getDimSize(0) != shape[1])
      return b.fail("expected a bias of shape [" + Twine(shape[1]) + "]");
  }
  auto type = RankedTensorType::get(shape, x.getElementType());
  auto arr = [&](ArrayRef<int64_t> v) {
    return b.rewriter.getDenseI64ArrayAttr(v);
  };
  Value y = b.create<ConvTranspose2DOp>(
      type, b.reshape(b.input(0), xs), b.reshape(b.input(1), ws), bias, arr(s2),
      arr(d2), arr(p2), arr(op2), b.rewriter.getI64IntegerAttr(groups));
  if (n == 1)
    y = b.reshape(y, {shape[0], shape[1], shape[3]});
  return b.replace(y);
}

template <typename OpTy>
Value transposed2D(OnnxBinder &b, Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  return b.create<TransposeOp>(
      RankedTensorType::get({t.getDimSize(1), t.getDimSize(0)},
                            t.getElementType()),
      v, b.rewriter.getDenseI64ArrayAttr({1, 0}));
}

/// Y = alpha * A' B' + beta * C.
LogicalResult gemm(OnnxBinder &b) {
  if (failed(b.requireStaticF32(3, /*required=*/2)))
    return failure();
  auto at = b.staticType(0), bt = b.staticType(1);
  if (at.getRank() != 2 || bt.getRank() != 2)
    return b.fail("expected 2-d A and B");
  // Shapes first: nothing is built before every check passed.
  bool transA = b.i("transA", 0), transB = b.i("transB", 0);
  int64_t m = at.getDimSize(transA ? 1 : 0), k = at.getDimSize(transA ? 0 : 1);
  int64_t n = bt.getDimSize(transB ? 0 : 1);
  if (bt.getDimSize(transB ? 1 : 0) != k)
    return b.fail("inner dimensions of A and B disagree");
  float alpha = b.f("alpha", 1.0f), beta = b.f("beta", 1.0f);
  bool hasC = b.hasInput(2) && beta != 0.0f;
  RankedTensorType ct;
  if (hasC) {
    ct = b.staticType(2);
    auto bc = broadcastShapes({m, n}, ct.getShape());
    if (failed(bc) || (*bc)[0] != m || (*bc)[1] != n)
      return b.fail("C does not broadcast to [" + Twine(m) + ", " + Twine(n) +
                    "]");
  }
  Value a = b.input(0), bm = b.input(1);
  if (transA)
    a = transposed2D<TransposeOp>(b, a);
  if (transB)
    bm = transposed2D<TransposeOp>(b, bm);
  auto bType = cast<RankedTensorType>(bm.getType());
  Type f32 = b.rewriter.getF32Type();
  if (alpha != 1.0f)
    bm = b.create<MulOp>(bType, bm, b.splat({}, f32, alpha));
  Value bias, addend;
  if (hasC) {
    Value c = b.input(2);
    if (beta != 1.0f)
      c = b.create<MulOp>(ct, c, b.splat({}, f32, beta));
    if (ct.getNumElements() == n && (ct.getRank() == 1 ||
                                     (ct.getRank() == 2 && ct.getDimSize(0) == 1)))
      bias = b.reshape(c, {n});
    else
      addend = c;
  }
  auto type = RankedTensorType::get({m, n}, f32);
  Value y = b.create<MatMulOp>(type, a, bm, bias, Value(), FloatAttr(),
                               FloatAttr(), FloatAttr(), RequantAttr());
  if (addend)
    y = b.create<AddOp>(type, y, addend);
  return b.replace(y);
}

LogicalResult matmul(OnnxBinder &b) {
  if (failed(b.requireStaticF32(2)))
    return failure();
  return b.replace(buildMatMul(b, b.input(0), b.input(1)));
}

LogicalResult batchNorm(OnnxBinder &b) {
  if (failed(b.requireStaticF32(5)))
    return failure();
  if (b.i("training_mode", 0) != 0)
    return b.unimplemented("training_mode = 1");
  if (b.has("spatial") && b.i("spatial", 1) == 0)
    return b.unimplemented("spatial = 0");
  for (unsigned i = 1; i < b.numOutputs(); ++i)
    if (b.outputUsed(i))
      return b.unimplemented("training outputs (mean/var) of BatchNormalization");
  auto x = b.staticType(0);
  if (x.getRank() < 2)
    return b.fail("expected an input of rank >= 2");
  for (unsigned i = 1; i < 5; ++i) {
    auto t = b.staticType(i);
    if (t.getRank() != 1 || t.getDimSize(0) != x.getDimSize(1))
      return b.fail("expected per-channel input #" + Twine(i) + " of shape [" +
                    Twine(x.getDimSize(1)) + "]");
  }
  return b.replace(b.create<BatchNormOp>(
      x, b.input(0), b.input(1), b.input(2), b.input(3), b.input(4),
      b.rewriter.getF32FloatAttr(b.f("epsilon", 1e-5f))));
}

template <bool isMax>
LogicalResult pool(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  auto x = b.staticType(0);
  if (x.getRank() != 3 && x.getRank() != 4)
    return b.unimplemented(Twine(x.getRank() - 2) +
                           "-d pooling (1-d and 2-d are supported)");
  if (isMax && b.outputUsed(1))
    return b.unimplemented("the Indices output of MaxPool");
  if (isMax && b.i("storage_order", 0) != 0)
    return b.unimplemented("storage_order = 1");
  bool ceilMode = b.i("ceil_mode", 0) != 0;
  Window w;
  if (failed(readWindow(b, x.getShape().drop_front(2), {}, ceilMode, w)))
    return failure();
  if (!isMax && b.has("dilations") &&
      llvm::any_of(w.dilations, [](int64_t d) { return d != 1; }))
    return b.unimplemented("dilated AveragePool");
  SmallVector<int64_t> xs = to4D(x.getShape());
  std::string why;
  auto shape = inferPool2DShape(xs, w.kernel, w.strides, w.pads, w.dilations,
                                ceilMode, Layout::NCHW, why);
  if (failed(shape))
    return b.fail(why);
  auto type = RankedTensorType::get(*shape, x.getElementType());
  Value input = b.reshape(b.input(0), xs);
  auto &rw = b.rewriter;
  Value y;
  if (isMax) {
    y = b.create<MaxPool2DOp>(type, input, rw.getDenseI64ArrayAttr(w.kernel),
                              rw.getDenseI64ArrayAttr(w.strides),
                              rw.getDenseI64ArrayAttr(w.pads),
                              rw.getBoolAttr(ceilMode),
                              LayoutAttr::get(b.ctx(), Layout::NCHW),
                              rw.getDenseI64ArrayAttr(w.dilations));
  } else {
    y = b.create<AvgPool2DOp>(type, input, rw.getDenseI64ArrayAttr(w.kernel),
                              rw.getDenseI64ArrayAttr(w.strides),
                              rw.getDenseI64ArrayAttr(w.pads),
                              rw.getBoolAttr(ceilMode),
                              LayoutAttr::get(b.ctx(), Layout::NCHW),
                              rw.getBoolAttr(b.i("count_include_pad", 0) != 0),
                              RequantAttr());
  }
  if (w.oneD)
    y = b.reshape(y, {(*shape)[0], (*shape)[1], (*shape)[3]});
  return b.replace(y);
}

template <typename OpTy>
LogicalResult globalPool(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  auto x = b.staticType(0);
  if (x.getRank() < 3)
    return b.fail("expected an input of rank >= 3");
  SmallVector<int64_t> axes;
  for (int64_t i = 2; i < x.getRank(); ++i)
    axes.push_back(i);
  auto type = RankedTensorType::get(inferReduceShape(x.getShape(), axes, true),
                                    x.getElementType());
  return b.replace(b.create<OpTy>(type, b.input(0),
                                  b.rewriter.getDenseI64ArrayAttr(axes),
                                  b.rewriter.getBoolAttr(true), RequantAttr()));
}

LogicalResult lrn(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  if (!b.has("size"))
    return b.fail("missing required attribute size");
  auto x = b.staticType(0);
  if (x.getRank() < 3)
    return b.fail("expected an input of rank >= 3");
  return b.replace(b.create<LRNOp>(
      x, b.input(0), b.rewriter.getI64IntegerAttr(b.i("size", 1)),
      b.rewriter.getF32FloatAttr(b.f("alpha", 1e-4f)),
      b.rewriter.getF32FloatAttr(b.f("beta", 0.75f)),
      b.rewriter.getF32FloatAttr(b.f("bias", 1.0f))));
}

/// Softmax/LogSoftmax. Before opset 13 the input is coerced to 2-d at
/// `axis` (default 1) and normalized along the flattened tail.
template <typename OpTy>
LogicalResult softmax(OnnxBinder &b) {
  if (failed(b.requireStaticF32(1)))
    return failure();
  auto x = b.staticType(0);
  int64_t rank = x.getRank();
  bool coerce = b.version() < 13;
  auto axis = normalizeAxis(b.i("axis", coerce ? 1 : -1), std::max<int64_t>(rank, 1));
  if (!axis)
    return b.fail("axis out of range");
  if (rank == 0)
    return b.fail("expected an input of rank >= 1");
  auto &rw = b.rewriter;
  if (!coerce || *axis == rank - 1)
    return b.replace(b.create<OpTy>(x, b.input(0), rw.getI64IntegerAttr(*axis)));
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i)
    (i < *axis ? outer : inner) *= x.getDimSize(i);
  Value flat = b.reshape(b.input(0), {outer, inner});
  Value y = b.create<OpTy>(flat.getType(), flat, rw.getI64IntegerAttr(1));
  return b.replace(b.reshape(y, x.getShape()));
}

} // namespace

void onnx_legalize::populateNNHandlers(HandlerRegistry &r) {
  r.add("Conv", 1, conv);
  r.add("ConvTranspose", 1, convTranspose);
  r.add("Gemm", 1, gemm); // opset < 7's `broadcast` of C is numpy-compatible
  r.add("Gemm", 7, gemm);
  r.add("MatMul", 1, matmul);
  r.add("BatchNormalization", 7, batchNorm);
  r.add("MaxPool", 1, pool<true>);
  r.add("AveragePool", 1, pool<false>);
  r.add("GlobalAveragePool", 1, globalPool<ReduceMeanOp>);
  r.add("GlobalMaxPool", 1, globalPool<ReduceMaxOp>);
  r.add("LRN", 1, lrn);
  r.add("Softmax", 1, softmax<SoftmaxOp>);
  r.add("LogSoftmax", 1, softmax<LogSoftmaxOp>);
}
