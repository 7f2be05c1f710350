//===- LegalizeONNX.cpp - qc.onnx_op to qc ops ----------------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "Binder.h"

#include "quantc/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::qc {
#define GEN_PASS_DEF_LEGALIZEONNX
#include "quantc/Conversion/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::onnx_legalize;

//===----------------------------------------------------------------------===//
// OnnxBinder
//===----------------------------------------------------------------------===//

std::string onnx_legalize::typeStr(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

std::optional<int64_t> onnx_legalize::normalizeAxis(int64_t axis,
                                                    int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

RankedTensorType OnnxBinder::staticType(unsigned i) {
  Value v = input(i);
  if (!v) {
    (void)fail("input #" + Twine(i) + " is missing");
    return nullptr;
  }
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || !type.hasStaticShape()) {
    (void)fail("input #" + Twine(i) +
               " has a dynamic shape that cannot be resolved (set input "
               "shapes with --input-shape)");
    return nullptr;
  }
  return type;
}

LogicalResult OnnxBinder::requireStatic(unsigned n, unsigned required) {
  required = std::min(required, n);
  for (unsigned i = 0; i < n; ++i) {
    if (!hasInput(i)) {
      if (i < required)
        return fail("input #" + Twine(i) + " is missing");
      continue;
    }
    if (!staticType(i))
      return failure();
  }
  return success();
}

LogicalResult OnnxBinder::requireF32(unsigned n) {
  for (unsigned i = 0; i < n; ++i)
    if (Type t =
            hasInput(i) ? getElementTypeOrSelf(input(i).getType()) : Type();
        t && !t.isF32())
      return unimplemented("element type " + typeStr(t) +
                           " (only f32 is supported for this operator)");
  return success();
}

std::optional<std::vector<int64_t>> OnnxBinder::constantInts(unsigned i) {
  ElementsAttr attr = constant(i);
  if (!attr)
    return std::nullopt;
  return getValuesAsInt(attr);
}

std::optional<std::vector<double>> OnnxBinder::constantDoubles(unsigned i) {
  ElementsAttr attr = constant(i);
  if (!attr)
    return std::nullopt;
  return getValuesAsDouble(attr);
}

int64_t OnnxBinder::i(StringRef name, int64_t dflt) {
  if (auto a = dyn_cast_or_null<IntegerAttr>(op.getAttrs().get(name)))
    return a.getInt();
  return dflt;
}

float OnnxBinder::f(StringRef name, float dflt) {
  Attribute a = op.getAttrs().get(name);
  if (auto fa = dyn_cast_or_null<FloatAttr>(a))
    return fa.getValueAsDouble();
  if (auto ia = dyn_cast_or_null<IntegerAttr>(a))
    return ia.getInt();
  return dflt;
}

std::string OnnxBinder::s(StringRef name, StringRef dflt) {
  if (auto a = dyn_cast_or_null<StringAttr>(op.getAttrs().get(name)))
    return a.str();
  return dflt.str();
}

std::optional<SmallVector<int64_t>> OnnxBinder::ints(StringRef name) {
  if (auto a = dyn_cast_or_null<DenseI64ArrayAttr>(op.getAttrs().get(name)))
    return SmallVector<int64_t>(a.asArrayRef());
  return std::nullopt;
}

std::optional<SmallVector<float>> OnnxBinder::floats(StringRef name) {
  if (auto a = dyn_cast_or_null<DenseF32ArrayAttr>(op.getAttrs().get(name)))
    return SmallVector<float>(a.asArrayRef());
  return std::nullopt;
}

ElementsAttr OnnxBinder::tensor(StringRef name) {
  return dyn_cast_or_null<ElementsAttr>(op.getAttrs().get(name));
}

Value OnnxBinder::i64Constant(ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({(int64_t)values.size()},
                                    rewriter.getI64Type());
  return constantOf(makeElementsAttrFromInts(type, values, "shape"));
}

Value OnnxBinder::splat(ArrayRef<int64_t> shape, Type elementType,
                        double value) {
  auto type = RankedTensorType::get(shape, elementType);
  Attribute element;
  if (isa<FloatType>(elementType))
    element = rewriter.getFloatAttr(elementType, value);
  else
    element = rewriter.getIntegerAttr(elementType, (int64_t)value);
  return constantOf(DenseElementsAttr::get(type, element));
}

Value OnnxBinder::reshape(Value v, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(v.getType());
  if (type.getShape() == shape)
    return v;
  return create<ReshapeOp>(RankedTensorType::get(shape, type.getElementType()),
                           v);
}

LogicalResult OnnxBinder::replace(ValueRange values) {
  // Handlers compute result shapes from their operands by the current ONNX
  // spec; the declared types come from libonnx 1.12's shape inference, which
  // is stale for a few ops (pooling windows dropped under ceil_mode), so the
  // computed type wins and flows to the users and the function signature.
  // Conformance checks every shape rule against ONNX's expected outputs.
  SmallVector<Value> replacements(values.begin(), values.end());
  // Outputs nobody uses may be left without a value.
  for (unsigned i = replacements.size(); i < numOutputs(); ++i)
    replacements.push_back(nullptr);
  for (auto [i, v] : llvm::enumerate(replacements))
    if (!v) {
      if (outputUsed(i))
        return fail("output #" + Twine(i) + " is used but not supported");
      // An unused placeholder of the declared type keeps replaceOp happy.
      replacements[i] = op.getOutputs()[i];
    }
  // Replace only the outputs we produced; the node then has no uses.
  for (auto [oldV, newV] : llvm::zip(op.getOutputs(), replacements))
    if (oldV != newV)
      rewriter.replaceAllUsesWith(oldV, newV);
  rewriter.eraseOp(op);
  return success();
}

//===----------------------------------------------------------------------===//
// HandlerRegistry
//===----------------------------------------------------------------------===//

void HandlerRegistry::add(StringRef opType, int64_t sinceVersion,
                          Handler handler) {
  auto &list = handlers[opType];
  list.emplace_back(sinceVersion, std::move(handler));
  llvm::sort(list, [](const auto &a, const auto &b) { return a.first < b.first; });
}

const Handler *HandlerRegistry::lookup(StringRef opType, int64_t version,
                                       std::string &why) const {
  auto it = handlers.find(opType);
  if (it == handlers.end()) {
    why = "unsupported operator";
    return nullptr;
  }
  const Handler *best = nullptr;
  for (const auto &[since, handler] : it->second)
    if (since <= version)
      best = &handler;
  if (!best)
    why = "unimplemented: opset " + std::to_string(version) +
          " form of this operator (supported from opset " +
          std::to_string(it->second.front().first) + ")";
  return best;
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

struct LegalizeOnnxOp : OpRewritePattern<OnnxOp> {
  LegalizeOnnxOp(MLIRContext *ctx, const HandlerRegistry &registry,
                 DenseMap<Operation *, std::string> &reasons)
      : OpRewritePattern(ctx), registry(registry), reasons(reasons) {}

  LogicalResult matchAndRewrite(OnnxOp op,
                                PatternRewriter &rewriter) const override {
    std::string &reason = reasons[op.getOperation()];
    if (!op.getDomain().empty()) {
      reason = "unsupported operator domain '" + op.getDomain().str() + "'";
      return failure();
    }
    for (NamedAttribute attr : op.getAttrs())
      if (auto s = dyn_cast<StringAttr>(attr.getValue()))
        if (s.getValue().starts_with("<unsupported attribute kind")) {
          reason = "unimplemented: attribute '" + attr.getName().str() +
                   "' " + s.getValue().drop_front(1).drop_back(1).str();
          return failure();
        }
    const Handler *handler =
        registry.lookup(op.getOpType(), op.getVersion(), reason);
    if (!handler)
      return failure();
    OnnxBinder binder(op, rewriter, reason);
    return (*handler)(binder);
  }

  const HandlerRegistry &registry;
  DenseMap<Operation *, std::string> &reasons;
};

struct LegalizeONNXPass
    : public qc::impl::LegalizeONNXBase<LegalizeONNXPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    HandlerRegistry registry;
    populateElementwiseHandlers(registry);
    populateNNHandlers(registry);
    populateTensorHandlers(registry);
    populateQuantHandlers(registry);

    // A model another tool quantized: its weights lie on that tool's grids,
    // which quantc-quantize keeps (and quantc-bias-correct leaves alone).
    module.walk([&](OnnxOp op) {
      if (llvm::is_contained({"QuantizeLinear", "DequantizeLinear",
                              "QLinearConv", "QLinearMatMul",
                              "DynamicQuantizeLinear", "ConvInteger",
                              "MatMulInteger"},
                             op.getOpType()))
        module->setAttr("qc.imported_quantization", UnitAttr::get(ctx));
    });

    DenseMap<Operation *, std::string> reasons;
    RewritePatternSet patterns(ctx);
    patterns.add<LegalizeOnnxOp>(ctx, registry, reasons);
    // qc folders and canonicalizations fold shape arithmetic on the way.
    for (RegisteredOperationName name : ctx->getRegisteredOperations())
      if (name.getDialectNamespace() == QCDialect::getDialectNamespace())
        name.getCanonicalizationPatterns(patterns, ctx);

    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    // Top-down, one sweep legalizes nearly everything; a bounded number of
    // sweeps guarantees termination even if a handler misbehaves (the nodes
    // left are then reported with their reasons).
    config.setMaxIterations(64);
    bool hadError = false;
    ScopedDiagnosticHandler errors(ctx, [&](Diagnostic &diag) {
      if (diag.getSeverity() == DiagnosticSeverity::Error)
        hadError = true;
      return failure(); // propagate to the outer handler
    });
    bool converged =
        succeeded(applyPatternsGreedily(module, std::move(patterns), config));
    bool leftOver = false;

    module.walk([&](OnnxOp op) {
      auto it = reasons.find(op.getOperation());
      std::string why = it != reasons.end() && !it->second.empty()
                            ? it->second
                            : std::string("unsupported operator");
      op.emitError() << op.getOpType() << ": " << why;
      hadError = leftOver = true;
    });
    if (!converged && !leftOver) {
      module.emitError("quantc-legalize-onnx: internal error: the rewrites "
                       "did not converge");
      hadError = true;
    }

    // Legalized results may be more precise than the declared signature.
    module.walk([&](func::FuncOp func) {
      if (func.isExternal())
        return;
      auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
      func.setType(FunctionType::get(ctx, func.getArgumentTypes(),
                                     ret.getOperandTypes()));
    });
    if (hadError)
      signalPassFailure();
  }
};

} // namespace
