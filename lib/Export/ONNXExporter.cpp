//===- ONNXExporter.cpp - Quantized qc to an ONNX QDQ model ---------------===//
//
// Part of the quantc project.
//
// Walks the quantized entry function in program order and emits, per op,
// the float ONNX node(s) of its real-valued semantics between
// DequantizeLinear (operands) and QuantizeLinear (result), the "QDQ" form
// runtimes fuse back into integer kernels. The mapping is spelled out in
// docs/quantization.md ("Interop: QDQ export").
//
// ONNX's C++ API reports problems by throwing; this file is built with
// exceptions and turns each into one located diagnostic.
//
//===----------------------------------------------------------------------===//

#include "quantc/Export/ONNXExporter.h"
#include "quantc/Export/Passes.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/NodeName.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Import/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/checker.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <cstring>
#include <exception>
#include <limits>

namespace mlir::qc {
#define GEN_PASS_DEF_EXPORTQDQONNX
#include "quantc/Export/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

static_assert(llvm::endianness::native == llvm::endianness::little,
              "ONNX raw_data is little-endian; the initializers are written "
              "from host memory");

namespace {

/// The opset and IR version of the export: opset 13 is the first with
/// per-axis DequantizeLinear; IR version 7 is the one that goes with it.
constexpr int64_t kOpset = 13;
constexpr int64_t kIRVersion = 7;

/// ONNX TensorProto.DataType of an element type; UNDEFINED (0) if none.
int32_t onnxDataType(Type t) {
  if (t.isF32())
    return onnx::TensorProto::FLOAT;
  if (t.isF64())
    return onnx::TensorProto::DOUBLE;
  if (t.isF16())
    return onnx::TensorProto::FLOAT16;
  if (t.isBF16())
    return onnx::TensorProto::BFLOAT16;
  if (auto i = dyn_cast<IntegerType>(t)) {
    bool u = i.isUnsigned();
    switch (i.getWidth()) {
    case 1:
      return onnx::TensorProto::BOOL;
    case 8:
      return u ? onnx::TensorProto::UINT8 : onnx::TensorProto::INT8;
    case 16:
      return u ? onnx::TensorProto::UINT16 : onnx::TensorProto::INT16;
    case 32:
      return u ? onnx::TensorProto::UINT32 : onnx::TensorProto::INT32;
    case 64:
      return u ? onnx::TensorProto::UINT64 : onnx::TensorProto::INT64;
    default:
      break;
    }
  }
  return onnx::TensorProto::UNDEFINED;
}

void setInt(onnx::NodeProto *node, StringRef name, int64_t v) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void setInts(onnx::NodeProto *node, StringRef name, ArrayRef<int64_t> v) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a->add_ints(x);
}

void setFloat(onnx::NodeProto *node, StringRef name, float v) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}

void setString(onnx::NodeProto *node, StringRef name, StringRef v) {
  onnx::AttributeProto *a = node->add_attribute();
  a->set_name(name.str());
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v.str());
}

void setValueInfo(onnx::ValueInfoProto *info, StringRef name, int32_t dtype,
                  ArrayRef<int64_t> shape) {
  info->set_name(name.str());
  onnx::TypeProto_Tensor *t = info->mutable_type()->mutable_tensor_type();
  t->set_elem_type(dtype);
  onnx::TensorShapeProto *s = t->mutable_shape();
  for (int64_t d : shape)
    s->add_dim()->set_dim_value(d);
}

class QDQExporter {
public:
  explicit QDQExporter(func::FuncOp func) : func(func) {}

  LogicalResult run(onnx::ModelProto &model);

private:
  //===--------------------------------------------------------------------===//
  // Names: deterministic, unique, derived from the ONNX node names.
  //===--------------------------------------------------------------------===//

  static std::string uniqueIn(llvm::StringSet<> &set, const Twine &base) {
    std::string b = base.str(), name = b;
    for (int i = 1; !set.insert(name).second; ++i)
      name = b + "_" + std::to_string(i);
    return name;
  }
  std::string newTensor(const Twine &base) { return uniqueIn(tensors, base); }
  std::string newNode(const Twine &base) { return uniqueIn(nodes, base); }

  //===--------------------------------------------------------------------===//
  // Graph building
  //===--------------------------------------------------------------------===//

  /// A node without outputs yet: its output is named by whoever uses it
  /// next (`outputOf`) or by `defineResult`.
  onnx::NodeProto *addNode(StringRef opType, StringRef name,
                           ArrayRef<std::string> inputs) {
    onnx::NodeProto *n = graph->add_node();
    n->set_op_type(opType.str());
    n->set_name(name.str());
    for (const std::string &i : inputs)
      n->add_input(i);
    return n;
  }

  /// Names the (single) output of `node` and returns it.
  std::string outputOf(onnx::NodeProto *node, const Twine &base) {
    std::string t = newTensor(base);
    node->add_output(t);
    return t;
  }

  std::string addInitializer(const Twine &base, int32_t dtype,
                             ArrayRef<int64_t> dims, const void *data,
                             size_t bytes) {
    std::string name = newTensor(base);
    onnx::TensorProto *t = graph->add_initializer();
    t->set_name(name);
    t->set_data_type(dtype);
    for (int64_t d : dims)
      t->add_dims(d);
    t->set_raw_data(data, bytes);
    return name;
  }
  std::string addF32(const Twine &base, ArrayRef<int64_t> dims,
                     ArrayRef<float> v) {
    return addInitializer(base, onnx::TensorProto::FLOAT, dims, v.data(),
                          v.size() * sizeof(float));
  }
  std::string addI64(const Twine &base, ArrayRef<int64_t> dims,
                     ArrayRef<int64_t> v) {
    return addInitializer(base, onnx::TensorProto::INT64, dims, v.data(),
                          v.size() * sizeof(int64_t));
  }
  /// Zero points as int8 or uint8 (`dtype`).
  std::string addZeroPoints(const Twine &base, int32_t dtype,
                            ArrayRef<int64_t> dims, ArrayRef<int64_t> zps) {
    std::vector<uint8_t> bytes;
    for (int64_t z : zps)
      bytes.push_back((uint8_t)z);
    return addInitializer(base, dtype, dims, bytes.data(), bytes.size());
  }

  /// `tensor` -> QuantizeLinear -> DequantizeLinear with the (validated)
  /// per-tensor parameters of `q`; returns the dequantized tensor.
  std::string quantizeDequantize(StringRef tensor,
                                 quant::UniformQuantizedType q) {
    std::string scale = addF32(tensor + "_scale", {}, {(float)q.getScale()});
    std::string zp = addZeroPoints(tensor + "_zero_point",
                                   q.isSigned() ? onnx::TensorProto::INT8
                                                : onnx::TensorProto::UINT8,
                                   {}, {q.getZeroPoint()});
    onnx::NodeProto *qn =
        addNode("QuantizeLinear", newNode(tensor + "_QuantizeLinear"),
                {tensor.str(), scale, zp});
    std::string codes = outputOf(qn, tensor + "_quantized");
    onnx::NodeProto *dq =
        addNode("DequantizeLinear", newNode(tensor + "_DequantizeLinear"),
                {codes, scale, zp});
    return outputOf(dq, tensor + "_dequantized");
  }

  //===--------------------------------------------------------------------===//
  // Values
  //===--------------------------------------------------------------------===//

  /// The quantized activation type of `v`, if the QDQ format can carry it:
  /// per tensor, f32 expressed, and either a full-range 8-bit storage (what
  /// QuantizeLinear produces) or i32 (model outputs, which stay float).
  FailureOr<quant::UniformQuantizedType> activationType(Operation *op,
                                                        Value v) {
    Type e = getElementTypeOrSelf(v.getType());
    auto q = dyn_cast<quant::UniformQuantizedType>(e);
    if (!q || !q.getExpressedType().isF32())
      return op->emitError()
             << op->getName()
             << ": expected a per-tensor !quant.uniform activation of f32 "
                "(the result of quantc-quantize), found "
             << v.getType();
    unsigned w = q.getStorageTypeIntegralWidth();
    if (w == 8) {
      int64_t lo = q.isSigned() ? -128 : 0, hi = q.isSigned() ? 127 : 255;
      if (q.getStorageTypeMin() != lo || q.getStorageTypeMax() != hi)
        return op->emitError() << op->getName()
                               << ": unimplemented: QDQ export of a "
                                  "narrow-range activation "
                               << v.getType()
                               << " (QuantizeLinear saturates to the full "
                                  "8-bit range)";
      return q;
    }
    if (w == 32 && q.isSigned() && q.getZeroPoint() == 0)
      return q;
    return op->emitError() << op->getName()
                           << ": unimplemented: QDQ export of activation type "
                           << v.getType()
                           << " (expected u8/i8, or i32 at a model output)";
  }

  /// The float tensor an activation operand is read as. Integer constants
  /// (gather indices) become plain initializers named `node`_`role`.
  FailureOr<std::string> operand(Operation *user, Value v, StringRef node,
                                 StringRef role = "constant") {
    auto it = names.find(v);
    if (it != names.end())
      return it->second;
    if (ElementsAttr attr = getConstantTensor(v)) {
      auto type = cast<RankedTensorType>(attr.getType());
      int32_t dtype = onnxDataType(type.getElementType());
      std::optional<std::vector<char>> bytes = getRawBytes(attr);
      if (isa<IntegerType>(type.getElementType()) && dtype && bytes) {
        std::string name =
            addInitializer(node + "_" + role, dtype, type.getShape(),
                           bytes->data(), bytes->size());
        return names[v] = name;
      }
    }
    // A quantized constant operand (the codes of a constant factor or
    // addend): an initializer behind its DequantizeLinear (per axis along
    // the type's quantized dimension: a per-channel factor).
    if (v.getDefiningOp<quant::StorageCastOp>()) {
      auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(
          getElementTypeOrSelf(v.getType()));
      return weight(user, v, pa ? pa.getQuantizedDimension() : 0,
                    node + "_" + role, role);
    }
    return user->emitError() << user->getName()
                             << ": operand is not a quantized activation "
                                "(found "
                             << v.getType() << ")";
  }

  /// A weight or bias: a `quant.scast` of an i8 (or i32) constant becomes an
  /// int8 (int32) initializer behind a DequantizeLinear, per axis along
  /// `axis` when the type is per-axis. `base` names the DequantizeLinear
  /// output; the initializers are `base`_quantized, _scale, _zero_point.
  FailureOr<std::string> weight(Operation *user, Value v, int64_t axis,
                                const Twine &base, StringRef what) {
    auto it = weights.find(v);
    if (it != weights.end())
      return it->second;
    auto scast = v.getDefiningOp<quant::StorageCastOp>();
    ElementsAttr attr = scast ? getConstantTensor(scast.getInput()) : nullptr;
    if (!attr)
      return user->emitError()
             << user->getName() << ": expected the " << what
             << " to be a quant.scast of an integer constant (as "
                "quantc-quantize makes it), found "
             << v.getType();
    auto storageType = cast<RankedTensorType>(attr.getType());
    int32_t dtype = onnxDataType(storageType.getElementType());
    bool is32 = dtype == onnx::TensorProto::INT32;
    if (dtype != onnx::TensorProto::INT8 && dtype != onnx::TensorProto::UINT8 &&
        !is32)
      return user->emitError()
             << user->getName() << ": unimplemented: QDQ "
             << "export of a " << what << " stored as "
             << storageType.getElementType() << " (expected i8, ui8 or i32)";

    SmallVector<double> scales;
    SmallVector<int64_t> zps;
    bool perAxis = false;
    Type e = getElementTypeOrSelf(v.getType());
    if (auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(e)) {
      if (pa.getQuantizedDimension() != axis)
        return user->emitError()
               << user->getName() << ": expected the " << what
               << " quantized per axis " << axis << ", found axis "
               << pa.getQuantizedDimension();
      scales.assign(pa.getScales().begin(), pa.getScales().end());
      zps.assign(pa.getZeroPoints().begin(), pa.getZeroPoints().end());
      perAxis = true;
    } else if (auto u = dyn_cast<quant::UniformQuantizedType>(e)) {
      scales = {u.getScale()};
      zps = {u.getZeroPoint()};
      // u8 codes kept in i8 storage (their bit pattern): uint8 data.
      if (!u.isSigned() && u.getStorageTypeIntegralWidth() == 8)
        dtype = onnx::TensorProto::UINT8;
    } else {
      return user->emitError() << user->getName() << ": expected a quantized "
                               << what << ", found " << v.getType();
    }
    // Opset 13 DequantizeLinear: int32 inputs have no zero point.
    if (is32 && llvm::any_of(zps, [](int64_t z) { return z != 0; }))
      return user->emitError()
             << user->getName() << ": unimplemented: QDQ "
             << "export of an int32 " << what << " with a non-zero zero point";

    std::optional<std::vector<char>> bytes = getRawBytes(attr);
    if (!bytes)
      return user->emitError()
             << user->getName() << ": cannot read the " << what << " data";
    std::string data =
        addInitializer(base + "_quantized", dtype, storageType.getShape(),
                       bytes->data(), bytes->size());
    SmallVector<float> f32Scales(scales.begin(), scales.end());
    SmallVector<int64_t> dims;
    if (perAxis)
      dims.push_back((int64_t)scales.size());
    std::string scale = addF32(base + "_scale", dims, f32Scales);
    SmallVector<std::string> inputs = {data, scale};
    if (!is32)
      inputs.push_back(addZeroPoints(base + "_zero_point", dtype, dims, zps));
    onnx::NodeProto *dq = addNode("DequantizeLinear",
                                  newNode(base + "_DequantizeLinear"), inputs);
    if (perAxis)
      setInt(dq, "axis", axis);
    return weights[v] = outputOf(dq, base);
  }

  /// The op's result is the output of `last`, named `node`_output: it gets
  /// its QuantizeLinear/DequantizeLinear pair (8-bit types) or is read as
  /// is (i32 model outputs).
  LogicalResult defineResult(Operation *op, StringRef node,
                             onnx::NodeProto *last) {
    Value r = op->getResult(0);
    FailureOr<quant::UniformQuantizedType> q = activationType(op, r);
    if (failed(q))
      return failure();
    std::string t = outputOf(last, node + "_output");
    names[r] =
        q->getStorageTypeIntegralWidth() == 32 ? t : quantizeDequantize(t, *q);
    return success();
  }

  //===--------------------------------------------------------------------===//
  // Ops
  //===--------------------------------------------------------------------===//

  LogicalResult exportOp(Operation *op);

  InFlightDiagnostic integerized(Operation *op) {
    return op->emitError()
           << op->getName()
           << ": expected the quantized graph before quantc-integerize, "
              "found a requantization (#qc.requant)";
  }

  InFlightDiagnostic nhwc(Operation *op) {
    return op->emitError() << op->getName()
                           << ": unimplemented: QDQ export of layout nhwc "
                              "(the export keeps ONNX's NCHW layout: run it "
                              "without quantc-convert-layout)";
  }

  /// True when the fused clamp [lo, hi] of `op` changes no output code: its
  /// bounds quantize to (or beyond) the ends of the result's 8-bit range,
  /// so QuantizeLinear's saturation applies it exactly (as quantc's integer
  /// clamp [max(qmin, q(lo)), min(qmax, q(hi))] is then no clamp). ReLU
  /// with a zero point of 0 and ReLU6 calibrated within [0, 6] are such
  /// clamps. They are left out, as ONNX Runtime's quantizer leaves them out
  /// and its optimizer removes them: the Conv/MatMul then meets its
  /// QuantizeLinear directly. (ONNX Runtime 1.30's optimizer also fails to
  /// load a Conv -> Clip -> QuantizeLinear whose Clip is redundant only
  /// after rounding: "two nodes with same node name".)
  bool clampIsSaturation(Operation *op, FloatAttr lo, FloatAttr hi) {
    auto q = dyn_cast<quant::UniformQuantizedType>(
        getElementTypeOrSelf(op->getResult(0).getType()));
    if (!q || q.getStorageTypeIntegralWidth() != 8)
      return false;
    auto code = [&](FloatAttr v) {
      return q.getZeroPoint() + v.getValueAsDouble() / q.getScale();
    };
    // round(code) <= qmin, resp. >= qmax, with a margin for float32 vs
    // double rounding of the bound.
    constexpr double margin = 1e-3;
    return (!lo || code(lo) <= q.getStorageTypeMin() + 0.5 - margin) &&
           (!hi || code(hi) >= q.getStorageTypeMax() - 0.5 + margin);
  }

  /// `clamp(leaky(acc + residual))` after a contraction's last node.
  FailureOr<onnx::NodeProto *> epilogue(Operation *op, StringRef node,
                                        onnx::NodeProto *last, StringRef what,
                                        Value residual) {
    std::string t;
    auto next = [&](StringRef opType, StringRef suffix,
                    ArrayRef<std::string> extra) {
      t = outputOf(last, node + "_" + what);
      SmallVector<std::string> inputs = {t};
      inputs.append(extra.begin(), extra.end());
      last = addNode(opType, newNode(node + "/" + suffix), inputs);
      what = suffix;
    };
    if (residual) {
      FailureOr<std::string> r = operand(op, residual, node);
      if (failed(r))
        return failure();
      next("Add", "residual_add", {*r});
    }
    if (auto alpha = op->getAttrOfType<FloatAttr>("leaky_alpha")) {
      next("LeakyRelu", "leaky_relu", {});
      setFloat(last, "alpha", alpha.getValueAsDouble());
    }
    auto lo = op->getAttrOfType<FloatAttr>("clamp_min");
    auto hi = op->getAttrOfType<FloatAttr>("clamp_max");
    if (clampIsSaturation(op, lo, hi))
      lo = hi = nullptr;
    if (lo && !hi && lo.getValueAsDouble() == 0.0) {
      next("Relu", "relu", {});
    } else if (lo || hi) {
      std::string minName =
          lo ? addF32(node + "_clip_min", {}, {(float)lo.getValueAsDouble()})
             : "";
      SmallVector<std::string> bounds = {minName};
      if (hi)
        bounds.push_back(
            addF32(node + "_clip_max", {}, {(float)hi.getValueAsDouble()}));
      next("Clip", "clip", bounds);
    }
    return last;
  }

  FailureOr<onnx::NodeProto *> conv(Conv2DOp op, StringRef node) {
    if (op.getLayout() != Layout::NCHW)
      return nhwc(op);
    if (op.getRequant())
      return integerized(op);
    FailureOr<std::string> x = operand(op, op.getInput(), node);
    if (failed(x))
      return failure();
    FailureOr<std::string> w =
        weight(op, op.getFilter(), 0, node + "_W", "filter");
    if (failed(w))
      return failure();
    SmallVector<std::string> inputs = {*x, *w};
    if (Value bias = op.getBias()) {
      FailureOr<std::string> b = weight(op, bias, 0, node + "_B", "bias");
      if (failed(b))
        return failure();
      inputs.push_back(*b);
    }
    ArrayRef<int64_t> f =
        cast<RankedTensorType>(op.getFilter().getType()).getShape();
    onnx::NodeProto *n = addNode("Conv", node, inputs);
    setInts(n, "dilations", op.getDilations());
    setInt(n, "group", op.getGroups());
    setInts(n, "kernel_shape", {f[2], f[3]});
    // qc's [top, left, bottom, right] is ONNX's [x1_begin, x2_begin,
    // x1_end, x2_end].
    setInts(n, "pads", op.getPads());
    setInts(n, "strides", op.getStrides());
    return epilogue(op, node, n, "conv", op.getResidual());
  }

  FailureOr<onnx::NodeProto *> matmul(MatMulOp op, StringRef node) {
    if (op.getRequant())
      return integerized(op);
    // quantc-quantize gives a rank-1 right-hand side (a dot product, no
    // output columns) one scale per element, which ONNX can state but no
    // integer matmul takes (ONNX Runtime fails at run time).
    auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
    if (rhsType.getRank() < 2)
      return op.emitError("qc.matmul: unimplemented: QDQ export of a rank-1 "
                          "right-hand side (quantized per element, which "
                          "integer matmuls do not take)");
    int64_t axis = rhsType.getRank() - 1;
    FailureOr<std::string> a = operand(op, op.getLhs(), node);
    if (failed(a))
      return failure();
    FailureOr<std::string> b =
        weight(op, op.getRhs(), axis, node + "_W", "right-hand side");
    if (failed(b))
      return failure();
    onnx::NodeProto *n = addNode("MatMul", node, {*a, *b});
    StringRef what = "matmul";
    if (Value bias = op.getBias()) {
      FailureOr<std::string> c = weight(op, bias, 0, node + "_B", "bias");
      if (failed(c))
        return failure();
      std::string t = outputOf(n, node + "_matmul");
      n = addNode("Add", newNode(node + "/bias_add"), {t, *c});
      what = "bias_add";
    }
    return epilogue(op, node, n, what, op.getResidual());
  }

  /// A node of one activation operand (more with `extra`).
  /// `opType` of the op's first operand (+ `extra` inputs), with float
  /// attributes `floats`.
  FailureOr<onnx::NodeProto *>
  unary(Operation *op, StringRef node, StringRef opType,
        ArrayRef<std::string> extra = {},
        ArrayRef<std::pair<StringRef, APFloat>> floats = {}) {
    FailureOr<std::string> x = operand(op, op->getOperand(0), node);
    if (failed(x))
      return failure();
    SmallVector<std::string> inputs = {*x};
    inputs.append(extra.begin(), extra.end());
    onnx::NodeProto *n = addNode(opType, node, inputs);
    for (auto [name, value] : floats)
      setFloat(n, name, value.convertToDouble());
    return n;
  }

  /// `n` once `setAttrs` has set its attributes (a failure passes through).
  static FailureOr<onnx::NodeProto *>
  withAttrs(FailureOr<onnx::NodeProto *> n,
            function_ref<void(onnx::NodeProto *)> setAttrs) {
    if (succeeded(n))
      setAttrs(*n);
    return n;
  }

  FailureOr<onnx::NodeProto *> variadic(Operation *op, StringRef node,
                                        StringRef opType) {
    SmallVector<std::string> inputs;
    for (Value v : op->getOperands()) {
      FailureOr<std::string> x = operand(op, v, node);
      if (failed(x))
        return failure();
      inputs.push_back(*x);
    }
    return addNode(opType, node, inputs);
  }

  template <typename PoolOp>
  FailureOr<onnx::NodeProto *> pool(PoolOp op, StringRef node,
                                    StringRef opType) {
    if (op.getLayout() != Layout::NCHW)
      return nhwc(op);
    return withAttrs(unary(op, node, opType), [&](onnx::NodeProto *n) {
      setInt(n, "ceil_mode", op.getCeilMode());
      setInts(n, "kernel_shape", op.getKernel());
      setInts(n, "pads", op.getPads());
      setInts(n, "strides", op.getStrides());
    });
  }

  template <typename ReduceOp>
  FailureOr<onnx::NodeProto *> reduce(ReduceOp op, StringRef node,
                                      StringRef opType) {
    if (op.getRequant())
      return integerized(op);
    return withAttrs(unary(op, node, opType), [&](onnx::NodeProto *n) {
      setInts(n, "axes", op.getAxes());
      setInt(n, "keepdims", op.getKeepdims());
    });
  }

  FailureOr<onnx::NodeProto *> reshape(ReshapeOp op, StringRef node) {
    ArrayRef<int64_t> shape = op.getType().getShape();
    // Opset 13 Reshape reads a 0 as "copy the input dimension".
    if (llvm::is_contained(shape, 0))
      return op.emitError() << "qc.reshape: unimplemented: QDQ export of a "
                               "reshape to a zero-sized shape";
    return unary(op, node, "Reshape",
                 {addI64(node + "_shape", {(int64_t)shape.size()}, shape)});
  }

  FailureOr<onnx::NodeProto *> slice(SliceOp op, StringRef node) {
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    ArrayRef<int64_t> sizes = op.getType().getShape();
    int64_t rank = starts.size();
    SmallVector<int64_t> ends, axes;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t s = starts[d], k = steps[d], n = sizes[d];
      axes.push_back(d);
      if (n == 0) {
        ends.push_back(s); // empty either way
      } else if (k > 0) {
        ends.push_back(s + (n - 1) * k + 1);
      } else {
        // The last element taken is s + (n - 1) k >= 0; one step past it
        // is -1 only when that element is index 0, and -1 would mean "the
        // last index" to ONNX: INT64_MIN means "before the start".
        int64_t e = s + (n - 1) * k - 1;
        ends.push_back(e < 0 ? std::numeric_limits<int64_t>::min() : e);
      }
    }
    return unary(op, node, "Slice",
                 {addI64(node + "_starts", {rank}, starts),
                  addI64(node + "_ends", {rank}, ends),
                  addI64(node + "_axes", {rank}, axes),
                  addI64(node + "_steps", {rank}, steps)});
  }

  FailureOr<onnx::NodeProto *> pad(PadOp op, StringRef node) {
    ArrayRef<int64_t> pads = op.getPads();
    SmallVector<std::string> extra = {
        addI64(node + "_pads", {(int64_t)pads.size()}, pads)};
    StringRef mode = "constant";
    switch (op.getMode()) {
    case PadMode::Constant:
      extra.push_back(addF32(node + "_constant_value", {},
                             {op.getValue().convertToFloat()}));
      break;
    case PadMode::Reflect:
      mode = "reflect";
      break;
    case PadMode::Edge:
      mode = "edge";
      break;
    }
    return withAttrs(unary(op, node, "Pad", extra),
                     [&](onnx::NodeProto *n) { setString(n, "mode", mode); });
  }

  FailureOr<onnx::NodeProto *> clamp(ClampOp op, StringRef node) {
    SmallVector<std::string> bounds;
    bounds.push_back(
        op.getMin() ? addF32(node + "_min", {}, {op.getMin()->convertToFloat()})
                    : "");
    if (op.getMax())
      bounds.push_back(
          addF32(node + "_max", {}, {op.getMax()->convertToFloat()}));
    if (bounds.size() == 1 && bounds[0].empty())
      bounds.clear();
    return unary(op, node, "Clip", bounds);
  }

  FailureOr<onnx::NodeProto *> gather(GatherOp op, StringRef node) {
    FailureOr<std::string> data = operand(op, op.getData(), node);
    if (failed(data))
      return failure();
    FailureOr<std::string> indices =
        operand(op, op.getIndices(), node, "indices");
    if (failed(indices))
      return failure();
    onnx::NodeProto *n = addNode("Gather", node, {*data, *indices});
    setInt(n, "axis", op.getAxis());
    return n;
  }

  func::FuncOp func;
  onnx::GraphProto *graph = nullptr;
  llvm::StringSet<> tensors, nodes;
  /// The float tensor each activation is read as (a DequantizeLinear
  /// output, or the float output of an i32 model output's op).
  DenseMap<Value, std::string> names;
  /// The DequantizeLinear output of each weight / bias.
  DenseMap<Value, std::string> weights;
};

LogicalResult QDQExporter::exportOp(Operation *op) {
  // Constants and storage casts are materialized where they are used.
  if (isa<ConstantOp, quant::StorageCastOp>(op))
    return success();
  if (auto q = dyn_cast<quant::QuantizeCastOp>(op)) {
    auto it = names.find(q.getInput());
    if (it == names.end() ||
        !getElementTypeOrSelf(q.getInput().getType()).isF32())
      return op->emitError("quant.qcast: expected a float input of the graph");
    FailureOr<quant::UniformQuantizedType> t =
        activationType(op, q.getResult());
    if (failed(t))
      return failure();
    if (t->getStorageTypeIntegralWidth() != 8)
      return op->emitError("quant.qcast: unimplemented: QDQ export of a "
                           "quantization to 32 bits");
    names[q.getResult()] = quantizeDequantize(it->second, *t);
    return success();
  }
  if (auto d = dyn_cast<quant::DequantizeCastOp>(op)) {
    auto it = names.find(d.getInput());
    if (it == names.end())
      return op->emitError("quant.dcast: operand is not a quantized "
                           "activation");
    names[d.getResult()] = it->second;
    return success();
  }

  std::string base = onnxNodeName(op->getLoc());
  if (base.empty())
    base = op->getName().stripDialect().str();
  std::string node = newNode(base);
  FailureOr<onnx::NodeProto *> last =
      llvm::TypeSwitch<Operation *, FailureOr<onnx::NodeProto *>>(op)
          .Case([&](Conv2DOp o) { return conv(o, node); })
          .Case([&](MatMulOp o) { return matmul(o, node); })
          .Case([&](AddOp o) { return variadic(o, node, "Add"); })
          .Case([&](SubOp o) { return variadic(o, node, "Sub"); })
          .Case([&](MulOp o) { return variadic(o, node, "Mul"); })
          // Elementwise functions (tables in the INT8 artifact) run in
          // float between DequantizeLinear and QuantizeLinear.
          .Case([&](SigmoidOp o) { return unary(o, node, "Sigmoid"); })
          .Case([&](TanhOp o) { return unary(o, node, "Tanh"); })
          .Case([&](ExpOp o) { return unary(o, node, "Exp"); })
          .Case([&](ErfOp o) { return unary(o, node, "Erf"); })
          .Case([&](SoftplusOp o) { return unary(o, node, "Softplus"); })
          .Case([&](AbsOp o) { return unary(o, node, "Abs"); })
          .Case([&](NegOp o) { return unary(o, node, "Neg"); })
          .Case([&](EluOp o) {
            return unary(o, node, "Elu", {}, {{"alpha", o.getAlpha()}});
          })
          .Case([&](LeakyReluOp o) {
            return unary(o, node, "LeakyRelu", {}, {{"alpha", o.getAlpha()}});
          })
          .Case([&](HardSigmoidOp o) {
            return unary(o, node, "HardSigmoid", {},
                         {{"alpha", o.getAlpha()}, {"beta", o.getBeta()}});
          })
          .Case([&](ConcatOp o) {
            return withAttrs(
                variadic(o, node, "Concat"),
                [&](onnx::NodeProto *n) { setInt(n, "axis", o.getAxis()); });
          })
          .Case([&](MaxPool2DOp o) {
            return withAttrs(pool(o, node, "MaxPool"), [&](onnx::NodeProto *n) {
              if (o.getDilations())
                setInts(n, "dilations", *o.getDilations());
            });
          })
          .Case([&](AvgPool2DOp o) -> FailureOr<onnx::NodeProto *> {
            if (o.getRequant())
              return integerized(o);
            return withAttrs(
                pool(o, node, "AveragePool"), [&](onnx::NodeProto *n) {
                  setInt(n, "count_include_pad", o.getCountIncludePad());
                });
          })
          .Case([&](ReduceMeanOp o) { return reduce(o, node, "ReduceMean"); })
          .Case([&](ReduceMaxOp o) { return reduce(o, node, "ReduceMax"); })
          .Case([&](ReduceMinOp o) { return reduce(o, node, "ReduceMin"); })
          .Case([&](ReshapeOp o) { return reshape(o, node); })
          .Case([&](TransposeOp o) {
            return withAttrs(
                unary(o, node, "Transpose"),
                [&](onnx::NodeProto *n) { setInts(n, "perm", o.getPerm()); });
          })
          .Case([&](SliceOp o) { return slice(o, node); })
          .Case([&](PadOp o) { return pad(o, node); })
          .Case([&](ClampOp o) { return clamp(o, node); })
          .Case([&](GatherOp o) { return gather(o, node); })
          .Default([&](Operation *o) -> FailureOr<onnx::NodeProto *> {
            return o->emitError()
                   << o->getName()
                   << ": unimplemented: QDQ export of this op (the export "
                      "covers the ops quantc-quantize gives a quantized "
                      "form)";
          });
  if (failed(last))
    return failure();
  return defineResult(op, node, *last);
}

LogicalResult QDQExporter::run(onnx::ModelProto &model) {
  if (!func.getBody().hasOneBlock())
    return func.emitError("QDQ export: expected a single-block @main");
  Block &body = func.getBody().front();
  ModuleOp module = func->getParentOfType<ModuleOp>();

  model.set_ir_version(kIRVersion);
  model.set_producer_name("quantc");
  onnx::OperatorSetIdProto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOpset);
  graph = model.mutable_graph();
  std::string source;
  if (auto s = module->getAttrOfType<StringAttr>("qc.source"))
    source = s.str();
  graph->set_name(source.empty() ? "quantc_qdq"
                                 : llvm::sys::path::stem(source).str());
  std::string doc = "INT8 quantization by quantc";
  if (auto m = module->getAttrOfType<StringAttr>("qc.calib_method"))
    doc += " (calibration: " + m.str() + ")";
  if (!source.empty())
    doc += " of " + llvm::sys::path::filename(source).str();
  model.set_doc_string(doc);

  // The graph's input and output names are fixed; generated names avoid
  // them.
  auto nameOf = [&](DictionaryAttr attrs, StringRef prefix, unsigned i) {
    if (attrs)
      if (auto n = attrs.getAs<StringAttr>(quantc::kONNXNameAttr))
        return n.str();
    return (prefix + Twine(i)).str();
  };
  SmallVector<std::string> inputNames, outputNames;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    inputNames.push_back(nameOf(func.getArgAttrDict(i), "input", i));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    outputNames.push_back(nameOf(func.getResultAttrDict(i), "output", i));
  for (const std::string &n : inputNames)
    tensors.insert(n);
  for (const std::string &n : outputNames)
    tensors.insert(n);

  for (auto [arg, name] : llvm::zip(body.getArguments(), inputNames)) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    int32_t dtype = type ? onnxDataType(type.getElementType()) : 0;
    if (!dtype)
      return func.emitError() << "QDQ export: input '" << name << "' has type "
                              << arg.getType() << ", which ONNX cannot carry";
    setValueInfo(graph->add_input(), name, dtype, type.getShape());
    names[arg] = name;
  }

  for (Operation &op : body.without_terminator())
    if (failed(exportOp(&op)))
      return failure();

  // Outputs keep their ONNX names: the tensor computing an output is
  // renamed, unless it is an input, an initializer or another output
  // already (then an Identity names it).
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  llvm::StringSet<> fixed;
  for (const std::string &n : inputNames)
    fixed.insert(n);
  for (const onnx::TensorProto &t : graph->initializer())
    fixed.insert(t.name());
  for (auto [v, name] : llvm::zip(ret.getOperands(), outputNames)) {
    auto type = dyn_cast<RankedTensorType>(v.getType());
    int32_t dtype = type ? onnxDataType(type.getElementType()) : 0;
    auto it = names.find(v);
    if (!dtype || it == names.end())
      return ret.emitError()
             << "QDQ export: output '" << name << "' has type " << v.getType()
             << " (expected a float or integer tensor)";
    std::string t = it->second;
    if (fixed.contains(t)) {
      onnx::NodeProto *n =
          addNode("Identity", newNode(name + "_Identity"), {t});
      n->add_output(name);
    } else {
      for (onnx::NodeProto &n : *graph->mutable_node()) {
        for (std::string &in : *n.mutable_input())
          if (in == t)
            in = name;
        for (std::string &out : *n.mutable_output())
          if (out == t)
            out = name;
      }
      for (auto &entry : names)
        if (entry.second == t)
          entry.second = name;
    }
    fixed.insert(name);
    setValueInfo(graph->add_output(), name, dtype, type.getShape());
    // A 32-bit output (computed by a contraction) has no QuantizeLinear to
    // carry its scale (opset 13 has no int32 QuantizeLinear): it goes to
    // the metadata, so that quantc reading the export back uses it.
    if (auto d = v.getDefiningOp<quant::DequantizeCastOp>())
      if (auto q = dyn_cast<quant::UniformQuantizedType>(
              getElementTypeOrSelf(d.getInput().getType()));
          q && q.getStorageTypeIntegralWidth() == 32) {
        onnx::StringStringEntryProto *meta = model.add_metadata_props();
        meta->set_key((quantc::kInt32OutputScaleKey + name).str());
        meta->set_value(llvm::formatv("{0:e16}", q.getScale()).str());
      }
  }

  // The ONNX checker and strict type and shape inference (what
  // onnx.checker.check_model(full_check=True) runs) on the result.
  try {
    onnx::checker::check_model(model);
    onnx::ModelProto inferred = model;
    onnx::ShapeInferenceOptions options(/*check_type=*/true, /*error_mode=*/1,
                                        /*data_prop=*/false);
    onnx::shape_inference::InferShapes(
        inferred, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    return func.emitError() << "internal error: the QDQ model fails the ONNX "
                               "checker: "
                            << StringRef(e.what()).trim();
  }
  return success();
}

} // namespace

LogicalResult quantc::exportQDQONNXToString(ModuleOp module, std::string &bytes) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return module.emitError("QDQ export: no entry function @main");
  onnx::ModelProto model;
  QDQExporter exporter(func);
  if (failed(exporter.run(model)))
    return failure();
  // Protobuf refuses to serialize messages of 2 GiB and more; ONNX keeps
  // such weights in external data files, which the export does not write.
  if (model.ByteSizeLong() >= (size_t(1) << 31))
    return module.emitError("QDQ export: unimplemented: models of 2 GiB or "
                            "more (ONNX external data)");
  if (!model.SerializeToString(&bytes))
    return module.emitError("QDQ export: protobuf serialization failed");
  return success();
}

LogicalResult quantc::exportQDQONNX(ModuleOp module, StringRef path) {
  std::string bytes;
  if (failed(exportQDQONNXToString(module, bytes)))
    return failure();
  // A temporary file next to `path`, renamed over it: never a partial or
  // clobbered model on failure.
  int fd;
  SmallString<256> tmp;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%", fd, tmp))
    return module.emitError()
           << "cannot write " << path << ": " << ec.message();
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << bytes;
    os.close();
    if (os.has_error()) {
      std::error_code ec = os.error();
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return module.emitError()
             << "cannot write " << path << ": " << ec.message();
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    return module.emitError()
           << "cannot write " << path << ": " << ec.message();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// quantc-export-qdq-onnx
//===----------------------------------------------------------------------===//

namespace {
struct ExportQDQONNXPass
    : public qc::impl::ExportQDQONNXBase<ExportQDQONNXPass> {
  using ExportQDQONNXBase::ExportQDQONNXBase;
  void runOnOperation() override {
    if (output.empty()) {
      getOperation().emitError("quantc-export-qdq-onnx: no output path (give "
                               "output=FILE)");
      return signalPassFailure();
    }
    if (failed(quantc::exportQDQONNX(getOperation(), StringRef(output))))
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};
} // namespace
