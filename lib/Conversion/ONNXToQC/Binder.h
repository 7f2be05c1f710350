//===- Binder.h - Handler registry for ONNX legalization --------*- C++ -*-===//
//
// Part of the quantc project.
//
// Each ONNX op form is a handler registered under (op type, since-version).
// A handler sees its node through an OnnxBinder, which reads inputs and
// attributes and records why a handler declined ("unimplemented: ...").
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_LIB_CONVERSION_ONNXTOQC_BINDER_H
#define QUANTC_LIB_CONVERSION_ONNXTOQC_BINDER_H

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <optional>
#include <string>

namespace mlir {
namespace qc {
namespace onnx_legalize {

class OnnxBinder {
public:
  OnnxBinder(OnnxOp op, PatternRewriter &rewriter, std::string &reason)
      : op(op), rewriter(rewriter), reason(reason) {}

  OnnxOp op;
  PatternRewriter &rewriter;

  Location loc() { return op.getLoc(); }
  int64_t version() { return op.getVersion(); }
  MLIRContext *ctx() { return op.getContext(); }
  StringRef opType() { return op.getOpType(); }

  /// Records `why` as the reason this node is not legalized (yet) and
  /// returns failure. The message is reported if the node survives.
  LogicalResult fail(const Twine &why) {
    reason = why.str();
    return failure();
  }
  LogicalResult unimplemented(const Twine &what) {
    return fail("unimplemented: " + what);
  }

  //===--- inputs ----------------------------------------------------------===//
  unsigned numInputs() { return op.getInputs().size(); }
  /// The i-th input, or null when absent or empty ("").
  Value input(unsigned i) {
    if (i >= numInputs())
      return nullptr;
    Value v = op.getInputs()[i];
    return isa<NoneType>(v.getType()) ? Value() : v;
  }
  bool hasInput(unsigned i) { return (bool)input(i); }
  /// Static ranked type of input i, or null (and a recorded reason).
  RankedTensorType staticType(unsigned i);
  /// Requires inputs [0, required) to be present and inputs [0, n) that
  /// are present to have static shapes. By default all n are required.
  LogicalResult requireStatic(unsigned n, unsigned required = ~0u);
  /// Requires inputs [0, n) that are present to be f32 (the precision of
  /// quantc's float ops).
  LogicalResult requireF32(unsigned n);
  /// requireStatic, then requireF32.
  LogicalResult requireStaticF32(unsigned n, unsigned required = ~0u) {
    return failure(failed(requireStatic(n, required)) || failed(requireF32(n)));
  }
  /// Constant value of input i, or null.
  ElementsAttr constant(unsigned i) { return getConstantTensor(input(i)); }
  /// Integer values of constant input i (shape-like inputs).
  std::optional<std::vector<int64_t>> constantInts(unsigned i);
  std::optional<std::vector<double>> constantDoubles(unsigned i);

  //===--- outputs ---------------------------------------------------------===//
  unsigned numOutputs() { return op.getOutputs().size(); }
  /// True when output i exists and has uses.
  bool outputUsed(unsigned i) {
    return i < numOutputs() && !op.getOutputs()[i].use_empty();
  }
  /// Declared (shape inference) type of output i.
  Type declaredType(unsigned i) { return op.getOutputs()[i].getType(); }

  //===--- attributes ------------------------------------------------------===//
  bool has(StringRef name) { return (bool)op.getAttrs().get(name); }
  int64_t i(StringRef name, int64_t dflt);
  float f(StringRef name, float dflt);
  std::string s(StringRef name, StringRef dflt);
  std::optional<SmallVector<int64_t>> ints(StringRef name);
  std::optional<SmallVector<float>> floats(StringRef name);
  ElementsAttr tensor(StringRef name);

  /// Replaces the node's outputs; checks each new value's shape against a
  /// static declared shape (an internal error if they disagree).
  LogicalResult replace(ValueRange values);
  LogicalResult replace(Value value) { return replace(ValueRange(value)); }
  /// Replaces the node with `value` once built (a failure passes through).
  LogicalResult replace(FailureOr<Value> value) {
    return failed(value) ? failure() : replace(*value);
  }

  template <typename OpTy, typename... Args>
  OpTy create(Args &&...args) {
    return OpTy::create(rewriter, loc(), std::forward<Args>(args)...);
  }

  /// Builds a qc.constant.
  Value constantOf(ElementsAttr attr) {
    return create<ConstantOp>(attr);
  }
  Value i64Constant(ArrayRef<int64_t> values);
  /// A splat of `value` with the given shape and element type.
  Value splat(ArrayRef<int64_t> shape, Type elementType, double value);
  Value reshape(Value v, ArrayRef<int64_t> shape);

private:
  std::string &reason;
};

using Handler = std::function<LogicalResult(OnnxBinder &)>;

/// Handlers by op type; for a node of opset `v`, the handler with the
/// largest since-version <= v applies.
class HandlerRegistry {
public:
  void add(StringRef opType, int64_t sinceVersion, Handler handler);
  /// Null when no handler covers this op type / version; `why` then says
  /// which.
  const Handler *lookup(StringRef opType, int64_t version,
                        std::string &why) const;

private:
  llvm::StringMap<SmallVector<std::pair<int64_t, Handler>>> handlers;
};

void populateElementwiseHandlers(HandlerRegistry &registry);
void populateNNHandlers(HandlerRegistry &registry);
void populateTensorHandlers(HandlerRegistry &registry);
void populateQuantHandlers(HandlerRegistry &registry);

/// The qc.conv2d of the node's Conv attributes (pads, strides, group, ...)
/// on static f32 `input`, `filter` and optional `bias` (1-d convolutions as
/// 2-d between reshapes); failure with a recorded reason.
FailureOr<Value> buildConv(OnnxBinder &b, Value input, Value filter,
                           Value bias);
/// The qc.matmul (numpy semantics) of two static f32 tensors.
FailureOr<Value> buildMatMul(OnnxBinder &b, Value lhs, Value rhs);

/// Prints a type for messages.
std::string typeStr(Type type);

/// Normalizes a possibly negative axis; nullopt if out of [-rank, rank).
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank);

} // namespace onnx_legalize
} // namespace qc
} // namespace mlir

#endif // QUANTC_LIB_CONVERSION_ONNXTOQC_BINDER_H
