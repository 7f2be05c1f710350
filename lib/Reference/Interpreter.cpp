//===- Interpreter.cpp - Integer reference of quantized qc IR -------------===//
//
// Part of the quantc project.
//
// Every value is held as int64 (codes, accumulators) or float; each op is
// a direct transcription of its definition in docs/quantization.md and
// docs/dialect.md. Speed is not a goal.
//
//===----------------------------------------------------------------------===//

#include "quantc/Reference/Interpreter.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Quantization/Dyadic.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace quantc;

namespace {

/// A tensor value of the interpreter.
struct Tensor {
  std::vector<int64_t> shape;
  bool isFloat = false;
  std::vector<int64_t> i;
  std::vector<double> f;
  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

std::vector<int64_t> stridesOf(const std::vector<int64_t> &shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (int64_t k = (int64_t)shape.size() - 2; k >= 0; --k)
    s[k] = s[k + 1] * shape[k + 1];
  return s;
}

/// Clamps an integer to the range of `t` (an integer element type).
int64_t wrapTo(Type t, int64_t v) {
  auto it = cast<IntegerType>(t);
  unsigned w = it.getWidth();
  if (w >= 64)
    return v;
  uint64_t mask = (uint64_t(1) << w) - 1;
  uint64_t u = (uint64_t)v & mask;
  if (it.isUnsigned())
    return (int64_t)u;
  if (u >> (w - 1))
    return (int64_t)(u | ~mask);
  return (int64_t)u;
}

/// The requantization of #qc.requant for accumulator x (channel c),
/// optional residual code r.
int64_t requant(qc::RequantAttr rq, int64_t x, int64_t c, const int64_t *r) {
  ArrayRef<int32_t> m = rq.getMultiplier().asArrayRef();
  int64_t idx = m.size() == 1 ? 0 : c;
  int64_t v = x - rq.getInputZp();
  int64_t mult = m[idx];
  if (rq.getNegMultiplier() && v < 0)
    mult = rq.getNegMultiplier().asArrayRef()[idx];
  int64_t t = v * mult;
  if (r)
    t += (*r - rq.getResidualZp()) * rq.getResidualMultiplier();
  return quantc::requantize(t, (int32_t)rq.getShift(), rq.getOutputZp(),
                            rq.getMin(), rq.getMax());
}

class Interpreter {
public:
  std::string error;

  bool run(func::FuncOp func, const std::vector<HostTensor> &inputs,
           std::vector<HostTensor> &outputs) {
    Block &body = func.getBody().front();
    if (inputs.size() != body.getNumArguments()) {
      error = "expected " + std::to_string(body.getNumArguments()) + " inputs";
      return false;
    }
    for (auto [arg, in] : llvm::zip(body.getArguments(), inputs)) {
      Tensor t;
      t.shape = in.shape;
      Type e = cast<RankedTensorType>(arg.getType()).getElementType();
      int64_t n = in.numElements();
      if (e.isF32()) {
        t.isFloat = true;
        for (int64_t k = 0; k < n; ++k)
          t.f.push_back(in.as<float>()[k]);
      } else if (e.isInteger(8)) {
        bool u = e.isUnsignedInteger();
        for (int64_t k = 0; k < n; ++k)
          t.i.push_back(u ? (int64_t)in.as<uint8_t>()[k]
                          : (int64_t)in.as<int8_t>()[k]);
      } else if (e.isInteger(32)) {
        for (int64_t k = 0; k < n; ++k)
          t.i.push_back(in.as<int32_t>()[k]);
      } else {
        error = "unsupported input element type";
        return false;
      }
      values[arg] = std::move(t);
    }
    for (Operation &op : body.without_terminator())
      if (!eval(&op))
        return false;
    outputs.clear();
    for (Value v : body.getTerminator()->getOperands()) {
      const Tensor &t = values[v];
      Type e = cast<RankedTensorType>(v.getType()).getElementType();
      HostTensor h;
      h.shape = t.shape;
      if (e.isF32()) {
        h = HostTensor::zeros(DType::F32, t.shape);
        for (size_t k = 0; k < t.f.size(); ++k)
          h.as<float>()[k] = (float)t.f[k];
      } else if (e.isInteger(32)) {
        h = HostTensor::zeros(DType::I32, t.shape);
        for (size_t k = 0; k < t.i.size(); ++k)
          h.as<int32_t>()[k] = (int32_t)t.i[k];
      } else if (e.isInteger(8)) {
        h = HostTensor::zeros(e.isUnsignedInteger() ? DType::U8 : DType::I8,
                              t.shape);
        for (size_t k = 0; k < t.i.size(); ++k)
          h.data[k] = (uint8_t)t.i[k];
      } else {
        error = "unsupported output element type";
        return false;
      }
      outputs.push_back(std::move(h));
    }
    return true;
  }

private:
  llvm::DenseMap<Value, Tensor> values;

  bool fail(Operation *op, const std::string &why) {
    error = op->getName().getStringRef().str() + ": " + why;
    return false;
  }

  static std::vector<int64_t> shapeOf(Value v) {
    ArrayRef<int64_t> s = cast<RankedTensorType>(v.getType()).getShape();
    return std::vector<int64_t>(s.begin(), s.end());
  }

  bool eval(Operation *op) {
    Tensor out;
    out.shape = shapeOf(op->getResult(0));
    bool ok =
        llvm::TypeSwitch<Operation *, bool>(op)
            .Case<qc::ConstantOp>([&](auto c) {
              Type e = getElementTypeOrSelf(c.getType());
              if (isa<FloatType>(e)) {
                out.isFloat = true;
                auto v = qc::getValuesAsDouble(c.getValue());
                if (!v)
                  return fail(op, "unreadable constant");
                out.f = *v;
              } else {
                auto v = qc::getValuesAsInt(c.getValue());
                if (!v)
                  return fail(op, "unreadable constant");
                out.i = *v;
              }
              return true;
            })
            .Case<qc::ReshapeOp>([&](auto r) {
              Tensor t = values[r.getInput()];
              t.shape = out.shape;
              out = std::move(t);
              return true;
            })
            .Case<qc::TransposeOp, qc::PadOp, qc::SliceOp, qc::ConcatOp,
                  qc::Conv2DOp, qc::MatMulOp, qc::RescaleOp, qc::RescaleMulOp,
                  qc::ClampOp, qc::TableOp, qc::QuantizeOp, qc::FakeQuantOp,
                  qc::DequantizeOp>([&](auto o) { return evalOp(o, out); })
            .Case<qc::MaxPool2DOp>([&](auto) { return pool(op, out, true); })
            .Case<qc::AvgPool2DOp>([&](auto) { return pool(op, out, false); })
            .Case<qc::ReduceMeanOp, qc::ReduceMaxOp, qc::ReduceMinOp,
                  qc::ReduceSumOp>([&](auto) { return reduce(op, out); })
            .Default([&](Operation *) {
              return fail(op, "not implemented by the integer reference");
            });
    if (!ok)
      return false;
    values[op->getResult(0)] = std::move(out);
    return true;
  }

  // One evalOp per op the TypeSwitch in eval dispatches by type.

  bool evalOp(qc::TransposeOp op, Tensor &out) {
    const Tensor &in = values[op.getInput()];
    ArrayRef<int64_t> perm = op.getPerm();
    std::vector<int64_t> is = stridesOf(in.shape);
    gather(in, out, [&](ArrayRef<int64_t> idx) {
      int64_t src = 0;
      for (size_t k = 0; k < idx.size(); ++k)
        src += idx[k] * is[perm[k]];
      return src;
    });
    return true;
  }

  /// out[idx] = in[source(idx)] over every index of `out` (row-major).
  static void gather(const Tensor &in, Tensor &out,
                     function_ref<int64_t(ArrayRef<int64_t>)> source) {
    int64_t n = out.size(), rank = out.shape.size();
    out.isFloat = in.isFloat;
    std::vector<int64_t> idx(rank, 0);
    for (int64_t o = 0; o < n; ++o) {
      int64_t src = source(idx);
      if (in.isFloat)
        out.f.push_back(in.f[src]);
      else
        out.i.push_back(in.i[src]);
      for (int64_t k = rank - 1; k >= 0 && ++idx[k] == out.shape[k]; --k)
        idx[k] = 0;
    }
  }

  bool evalOp(qc::PadOp op, Tensor &out) {
    const Tensor &in = values[op.getInput()];
    if (in.isFloat)
      return fail(op, "float pad in integer code");
    int64_t rank = in.shape.size();
    ArrayRef<int64_t> pads = op.getPads();
    std::vector<int64_t> is = stridesOf(in.shape);
    int64_t n = out.size();
    int64_t value = (int64_t)op.getValue().convertToDouble();
    std::vector<int64_t> idx(rank, 0);
    for (int64_t o = 0; o < n; ++o) {
      int64_t src = 0;
      bool inside = true;
      for (int64_t k = 0; k < rank; ++k) {
        int64_t j = idx[k] - pads[k];
        int64_t d = in.shape[k];
        if (j < 0 || j >= d) {
          if (op.getMode() == qc::PadMode::Constant) {
            inside = false;
            break;
          }
          if (op.getMode() == qc::PadMode::Edge)
            j = j < 0 ? 0 : d - 1;
          else // reflect
            j = j < 0 ? -j : 2 * (d - 1) - j;
        }
        src += j * is[k];
      }
      out.i.push_back(inside ? in.i[src] : value);
      for (int64_t k = rank - 1; k >= 0 && ++idx[k] == out.shape[k]; --k)
        idx[k] = 0;
    }
    return true;
  }

  bool evalOp(qc::SliceOp op, Tensor &out) {
    const Tensor &in = values[op.getInput()];
    std::vector<int64_t> is = stridesOf(in.shape);
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    gather(in, out, [&](ArrayRef<int64_t> idx) {
      int64_t src = 0;
      for (size_t k = 0; k < idx.size(); ++k)
        src += (starts[k] + steps[k] * idx[k]) * is[k];
      return src;
    });
    return true;
  }

  bool evalOp(qc::ConcatOp op, Tensor &out) {
    int64_t axis = op.getAxis();
    int64_t outer = 1;
    for (int64_t k = 0; k < axis; ++k)
      outer *= out.shape[k];
    for (int64_t o = 0; o < outer; ++o)
      for (Value v : op.getInputs()) {
        const Tensor &in = values[v];
        out.isFloat = in.isFloat;
        int64_t chunk = in.size() / std::max<int64_t>(outer, 1);
        for (int64_t k = 0; k < chunk; ++k) {
          if (in.isFloat)
            out.f.push_back(in.f[o * chunk + k]);
          else
            out.i.push_back(in.i[o * chunk + k]);
        }
      }
    return true;
  }

  bool evalOp(qc::Conv2DOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    const Tensor &w = values[op.getFilter()];
    if (x.isFloat || !op.getRequant())
      return fail(op, "the reference implements integer convolutions with "
                      "a requantization");
    const Tensor *bias = op.getBias() ? &values[op.getBias()] : nullptr;
    const Tensor *res = op.getResidual() ? &values[op.getResidual()] : nullptr;
    qc::LayoutDims d = qc::getLayoutDims(op.getLayout());
    bool nchw = op.getLayout() == qc::Layout::NCHW;
    int64_t N = x.shape[d.n], C = x.shape[d.c], H = x.shape[d.h],
            W = x.shape[d.w];
    int64_t O = w.shape[0], G = op.getGroups(), Cg = C / G, Og = O / G;
    int64_t KH = nchw ? w.shape[2] : w.shape[1];
    int64_t KW = nchw ? w.shape[3] : w.shape[2];
    int64_t OH = out.shape[d.h], OW = out.shape[d.w];
    ArrayRef<int64_t> s = op.getStrides(), dl = op.getDilations(),
                      p = op.getPads();
    std::vector<int64_t> xs = stridesOf(x.shape), os = stridesOf(out.shape);
    std::vector<int64_t> ws = stridesOf(w.shape);
    int64_t xst[4], ost[4];
    xst[0] = xs[d.n], xst[1] = xs[d.c], xst[2] = xs[d.h], xst[3] = xs[d.w];
    ost[0] = os[d.n], ost[1] = os[d.c], ost[2] = os[d.h], ost[3] = os[d.w];
    auto widx = [&](int64_t o, int64_t c, int64_t kh, int64_t kw) {
      return nchw ? o * ws[0] + c * ws[1] + kh * ws[2] + kw * ws[3]
                  : o * ws[0] + kh * ws[1] + kw * ws[2] + c * ws[3];
    };
    qc::RequantAttr rq = op.getRequantAttr();
    Type outType = getElementTypeOrSelf(op.getType());
    out.i.assign(out.size(), 0);
    for (int64_t n = 0; n < N; ++n)
      for (int64_t o = 0; o < O; ++o) {
        int64_t g = o / Og;
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            int64_t acc = bias ? bias->i[o] : 0;
            for (int64_t c = 0; c < Cg; ++c)
              for (int64_t kh = 0; kh < KH; ++kh) {
                int64_t ih = oh * s[0] + kh * dl[0] - p[0];
                if (ih < 0 || ih >= H)
                  continue; // padding: code 0
                for (int64_t kw = 0; kw < KW; ++kw) {
                  int64_t iw = ow * s[1] + kw * dl[1] - p[1];
                  if (iw < 0 || iw >= W)
                    continue;
                  int64_t xv = x.i[n * xst[0] + (g * Cg + c) * xst[1] +
                                   ih * xst[2] + iw * xst[3]];
                  acc += xv * w.i[widx(o, c, kh, kw)];
                }
              }
            int64_t oidx = n * ost[0] + o * ost[1] + oh * ost[2] + ow * ost[3];
            out.i[oidx] = wrapTo(outType, requant(rq, wrapTo(
                                                           IntegerType::get(
                                                               op.getContext(),
                                                               32),
                                                           acc),
                                                  o, res ? &res->i[oidx]
                                                         : nullptr));
          }
      }
    return true;
  }

  bool evalOp(qc::MatMulOp op, Tensor &out) {
    const Tensor &a = values[op.getLhs()];
    const Tensor &b = values[op.getRhs()];
    if (a.isFloat || !op.getRequant() || b.shape.size() != 2)
      return fail(op, "the reference implements integer [.., M, K] x [K, N] "
                      "matmuls with a requantization");
    const Tensor *bias = op.getBias() ? &values[op.getBias()] : nullptr;
    const Tensor *res = op.getResidual() ? &values[op.getResidual()] : nullptr;
    int64_t K = b.shape[0], N = b.shape[1];
    int64_t M = a.size() / K;
    qc::RequantAttr rq = op.getRequantAttr();
    Type outType = getElementTypeOrSelf(op.getType());
    out.i.assign(M * N, 0);
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n) {
        int64_t acc = bias ? bias->i[bias->i.size() == 1 ? 0 : n] : 0;
        for (int64_t k = 0; k < K; ++k)
          acc += a.i[m * K + k] * b.i[k * N + n];
        out.i[m * N + n] = wrapTo(
            outType, requant(rq, acc, n, res ? &res->i[m * N + n] : nullptr));
      }
    return true;
  }

  bool pool(Operation *op, Tensor &out, bool isMax) {
    const Tensor &x = values[op->getOperand(0)];
    if (x.isFloat)
      return fail(op, "float pooling in integer code");
    auto layout = op->getAttrOfType<qc::LayoutAttr>("layout");
    qc::LayoutDims d =
        qc::getLayoutDims(layout ? layout.getValue() : qc::Layout::NCHW);
    auto kernel = op->getAttrOfType<DenseI64ArrayAttr>("kernel").asArrayRef();
    auto strides = op->getAttrOfType<DenseI64ArrayAttr>("strides").asArrayRef();
    auto pads = op->getAttrOfType<DenseI64ArrayAttr>("pads").asArrayRef();
    SmallVector<int64_t> dil{1, 1};
    if (auto a = op->getAttrOfType<DenseI64ArrayAttr>("dilations"))
      dil.assign(a.asArrayRef().begin(), a.asArrayRef().end());
    auto rq = op->getAttrOfType<qc::RequantAttr>("requant");
    if (!isMax && !rq)
      return fail(op, "integer average pooling needs a requantization");
    bool isUnsigned = getElementTypeOrSelf(op->getOperand(0).getType())
                          .isUnsignedInteger();
    int64_t N = x.shape[d.n], C = x.shape[d.c], H = x.shape[d.h],
            W = x.shape[d.w];
    int64_t OH = out.shape[d.h], OW = out.shape[d.w];
    std::vector<int64_t> xs = stridesOf(x.shape), os = stridesOf(out.shape);
    Type outType = getElementTypeOrSelf(op->getResult(0).getType());
    int64_t padMax =
        isUnsigned ? 0 : -(int64_t(1) << (outType.getIntOrFloatBitWidth() - 1));
    out.i.assign(out.size(), 0);
    for (int64_t n = 0; n < N; ++n)
      for (int64_t c = 0; c < C; ++c)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            int64_t acc = isMax ? padMax : 0;
            bool padded = false;
            for (int64_t kh = 0; kh < kernel[0]; ++kh)
              for (int64_t kw = 0; kw < kernel[1]; ++kw) {
                int64_t ih = oh * strides[0] + kh * dil[0] - pads[0];
                int64_t iw = ow * strides[1] + kw * dil[1] - pads[1];
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                  padded = true; // max: smallest code; avg: input zp -> 0
                  continue;
                }
                int64_t v = x.i[n * xs[d.n] + c * xs[d.c] + ih * xs[d.h] +
                                iw * xs[d.w]];
                acc = isMax ? std::max(acc, v) : acc + (v - rq.getInputZp());
              }
            (void)padded;
            int64_t oidx =
                n * os[d.n] + c * os[d.c] + oh * os[d.h] + ow * os[d.w];
            if (isMax) {
              out.i[oidx] = acc;
            } else {
              // The multiplier is per output position (or one for all).
              qc::RequantAttr sumRq = qc::RequantAttr::get(
                  op->getContext(), rq.getMultiplier(), rq.getNegMultiplier(),
                  rq.getShift(), 0, rq.getOutputZp(), rq.getMin(), rq.getMax(),
                  0, 0);
              out.i[oidx] = wrapTo(outType, requant(sumRq, acc, oh * OW + ow,
                                                    nullptr));
            }
          }
    return true;
  }

  bool reduce(Operation *op, Tensor &out) {
    const Tensor &x = values[op->getOperand(0)];
    if (x.isFloat)
      return fail(op, "float reduction in integer code");
    auto axes = op->getAttrOfType<DenseI64ArrayAttr>("axes").asArrayRef();
    auto rq = op->getAttrOfType<qc::RequantAttr>("requant");
    bool isMean = isa<qc::ReduceMeanOp>(op);
    if (isMean && !rq)
      return fail(op, "integer means need a requantization");
    int64_t rank = x.shape.size();
    std::vector<int64_t> keep;
    for (int64_t k = 0; k < rank; ++k)
      if (!llvm::is_contained(axes, k))
        keep.push_back(k);
    std::vector<int64_t> keptShape;
    for (int64_t k : keep)
      keptShape.push_back(x.shape[k]);
    std::vector<int64_t> ks = stridesOf(keptShape);
    int64_t outN = 1;
    for (int64_t dd : keptShape)
      outN *= dd;
    std::vector<int64_t> acc(outN, 0);
    std::vector<bool> seen(outN, false);
    std::vector<int64_t> idx(rank, 0);
    for (int64_t e = 0; e < x.size(); ++e) {
      int64_t o = 0;
      for (size_t j = 0; j < keep.size(); ++j)
        o += idx[keep[j]] * ks[j];
      int64_t v = x.i[e];
      if (isa<qc::ReduceMaxOp>(op))
        acc[o] = seen[o] ? std::max(acc[o], v) : v;
      else if (isa<qc::ReduceMinOp>(op))
        acc[o] = seen[o] ? std::min(acc[o], v) : v;
      else
        acc[o] += v - (rq ? rq.getInputZp() : 0);
      seen[o] = true;
      for (int64_t k = rank - 1; k >= 0 && ++idx[k] == x.shape[k]; --k)
        idx[k] = 0;
    }
    Type outType = getElementTypeOrSelf(op->getResult(0).getType());
    if (rq) {
      qc::RequantAttr sumRq = qc::RequantAttr::get(
          op->getContext(), rq.getMultiplier(), rq.getNegMultiplier(),
          rq.getShift(), 0, rq.getOutputZp(), rq.getMin(), rq.getMax(), 0, 0);
      for (int64_t &v : acc)
        v = wrapTo(outType, requant(sumRq, v, 0, nullptr));
    }
    out.i = std::move(acc);
    return true;
  }

  /// Calls fn(e, off) for each element e of `shape` (row-major) with `off`
  /// the offset of the element of `a` numpy-broadcast (aligned right) to it.
  template <typename Fn>
  static void forEachBroadcast(ArrayRef<int64_t> shape, const Tensor &a,
                               Fn fn) {
    std::vector<int64_t> as = stridesOf(a.shape);
    int64_t rank = shape.size(), ar = a.shape.size(), n = 1;
    for (int64_t d : shape)
      n *= d;
    std::vector<int64_t> idx(rank, 0);
    for (int64_t e = 0; e < n; ++e) {
      int64_t off = 0;
      for (int64_t k = 0; k < ar; ++k)
        off += (a.shape[k] == 1 ? 0 : idx[k + rank - ar]) * as[k];
      fn(e, off);
      for (int64_t k = rank - 1; k >= 0 && ++idx[k] == shape[k]; --k)
        idx[k] = 0;
    }
  }

  bool evalOp(qc::RescaleOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    qc::RequantAttr rq = op.getRequant();
    Type outType = getElementTypeOrSelf(op.getType());
    int64_t channels = out.shape.empty() ? 1 : out.shape.back();
    if (!op.getAddend()) {
      for (int64_t e = 0; e < x.size(); ++e)
        out.i.push_back(wrapTo(outType, requant(rq, x.i[e], e % channels,
                                                nullptr)));
      return true;
    }
    const Tensor &a = values[op.getAddend()];
    forEachBroadcast(out.shape, a, [&](int64_t e, int64_t off) {
      out.i.push_back(
          wrapTo(outType, requant(rq, x.i[e], e % channels, &a.i[off])));
    });
    return true;
  }

  /// result = requant((lhs - lhs_zp) * (rhs - rhs_zp)), rhs broadcast.
  bool evalOp(qc::RescaleMulOp op, Tensor &out) {
    const Tensor &x = values[op.getLhs()];
    const Tensor &y = values[op.getRhs()];
    if (x.isFloat || y.isFloat)
      return fail(op, "expected integer codes");
    Type outType = getElementTypeOrSelf(op.getType());
    int64_t zx = op.getLhsZp(), zy = op.getRhsZp();
    forEachBroadcast(out.shape, y, [&](int64_t e, int64_t off) {
      int64_t p = (x.i[e] - zx) * (y.i[off] - zy);
      out.i.push_back(wrapTo(outType, requant(op.getRequant(), p, 0, nullptr)));
    });
    return true;
  }

  /// result = table[input], the input code read unsigned.
  bool evalOp(qc::TableOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    const Tensor &t = values[op.getTable()];
    if (x.isFloat || t.isFloat || t.i.size() != 256)
      return fail(op, "expected integer codes and a 256-entry table");
    for (int64_t v : x.i) {
      int64_t index = v & 0xff; // ui8 codes; negative only if stored signed
      out.i.push_back(t.i[index]);
    }
    return true;
  }

  bool evalOp(qc::ClampOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    out.isFloat = x.isFloat;
    double lo = op.getMin() ? op.getMin()->convertToDouble() : -INFINITY;
    double hi = op.getMax() ? op.getMax()->convertToDouble() : INFINITY;
    if (x.isFloat) {
      for (double v : x.f)
        out.f.push_back(std::min(std::max(v, lo), hi));
    } else {
      for (int64_t v : x.i)
        out.i.push_back((int64_t)std::min(std::max<double>(v, lo), hi));
    }
    return true;
  }

  bool evalOp(qc::QuantizeOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    auto it = cast<IntegerType>(op.getType().getElementType());
    double qmin = it.isUnsigned() ? 0 : -std::ldexp(1.0, it.getWidth() - 1);
    double qmax = it.isUnsigned() ? std::ldexp(1.0, it.getWidth()) - 1
                                  : std::ldexp(1.0, it.getWidth() - 1) - 1;
    float scale = (float)op.getScale().convertToDouble();
    float zp = (float)op.getZeroPoint();
    for (double v : x.f) {
      float q = std::nearbyint((float)v / scale) + zp; // round half to even
      q = std::min<float>(std::max<float>(q, qmin), qmax);
      out.i.push_back((int64_t)q);
    }
    return true;
  }

  bool evalOp(qc::FakeQuantOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    out.isFloat = true;
    float scale = (float)op.getScale().convertToDouble();
    float zp = (float)op.getZeroPointValue();
    float qmin = (float)op.getQMin(), qmax = (float)op.getQMax();
    for (double v : x.f) {
      float q = std::nearbyint((float)v / scale) + zp; // round half to even
      q = std::min(std::max(q, qmin), qmax);
      out.f.push_back((q - zp) * scale);
    }
    return true;
  }

  bool evalOp(qc::DequantizeOp op, Tensor &out) {
    const Tensor &x = values[op.getInput()];
    out.isFloat = true;
    float scale = (float)op.getScale().convertToDouble();
    for (int64_t v : x.i)
      out.f.push_back((float)(v - op.getZeroPoint()) * scale);
    return true;
  }
};

} // namespace

bool quantc::interpret(func::FuncOp func, const std::vector<HostTensor> &inputs,
                       std::vector<HostTensor> &outputs, std::string &error) {
  Interpreter interp;
  bool ok = interp.run(func, inputs, outputs);
  if (!ok)
    error = interp.error;
  return ok;
}
