//===- Differentiate.cpp - reverse-mode AD of qc functions ----------------===//
//
// Part of the quantc project.
//
// The gradient function is the forward, cloned, followed by the backward:
// ops on a path from a differentiated argument to the result, in reverse
// order, each building its vector-Jacobian product
// (QC_DifferentiableOpInterface, lib/Dialect/QC/IR/QCVJPs.cpp).
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::qc {
#define GEN_PASS_DEF_DIFFERENTIATE
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

static bool isFloatTensor(Type t) {
  auto type = dyn_cast<RankedTensorType>(t);
  return type && isa<FloatType>(type.getElementType());
}

static Value zerosOf(OpBuilder &b, Location loc, Type t) {
  auto type = cast<RankedTensorType>(t);
  return ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(type, b.getFloatAttr(type.getElementType(), 0.0)));
}

FailureOr<func::FuncOp> qc::buildGradientFunction(func::FuncOp func,
                                                  ArrayRef<unsigned> wrt,
                                                  StringRef name) {
  if (!func.getBody().hasOneBlock())
    return func.emitOpError("can be differentiated only with one block"),
           failure();
  if (func.getNumResults() != 1)
    return func.emitOpError() << "can be differentiated only with one result, "
                                 "found "
                              << func.getNumResults(),
           failure();
  Type resultType = func.getResultTypes()[0];
  if (!isFloatTensor(resultType))
    return func.emitOpError()
               << "can be differentiated only with a float tensor result, "
                  "found "
               << resultType,
           failure();
  for (unsigned index : wrt) {
    if (index >= func.getNumArguments())
      return func.emitOpError()
                 << "has no argument " << index << " to differentiate with "
                 << "respect to (it has " << func.getNumArguments() << ")",
             failure();
    if (!isFloatTensor(func.getArgumentTypes()[index]))
      return func.emitOpError()
                 << "argument " << index << " is not a float tensor ("
                 << func.getArgumentTypes()[index] << "): it has no gradient",
             failure();
  }
  if (SymbolTable::lookupNearestSymbolFrom(
          func, StringAttr::get(func.getContext(), name)))
    return func.emitOpError() << "cannot add the gradient function @" << name
                              << ": the symbol exists",
           failure();

  // The new function: the forward's arguments (+ the cotangent of a result
  // with more than one element), returning the result and the gradients.
  auto resultTensor = cast<RankedTensorType>(resultType);
  bool seeded = resultTensor.getNumElements() == 1;
  SmallVector<Type> argTypes(func.getArgumentTypes());
  if (!seeded)
    argTypes.push_back(resultType);
  SmallVector<Type> resultTypes{resultType};
  for (unsigned index : wrt)
    resultTypes.push_back(func.getArgumentTypes()[index]);

  OpBuilder b(func.getContext());
  b.setInsertionPointAfter(func);
  auto grad = func::FuncOp::create(b, func.getLoc(), name,
                                   b.getFunctionType(argTypes, resultTypes));
  grad.setPrivate();
  Block *block = grad.addEntryBlock();
  IRMapping map;
  for (auto [from, to] : llvm::zip(func.getArguments(), block->getArguments()))
    map.map(from, to);
  b.setInsertionPointToEnd(block);
  for (Operation &op : func.getBody().front().without_terminator())
    b.clone(op, map);
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  Value result = map.lookup(ret.getOperand(0));

  // Active values: depend on a wrt argument and reach the result.
  llvm::DenseSet<Value> varied;
  for (unsigned index : wrt)
    varied.insert(block->getArgument(index));
  for (Operation &op : block->getOperations())
    if (llvm::any_of(op.getOperands(),
                     [&](Value v) { return varied.contains(v); }))
      for (Value r : op.getResults())
        if (isFloatTensor(r.getType()))
          varied.insert(r);
  llvm::DenseSet<Value> useful{result};
  for (Operation &op : llvm::reverse(block->getOperations()))
    if (llvm::any_of(op.getResults(),
                     [&](Value v) { return useful.contains(v); }))
      for (Value operand : op.getOperands())
        useful.insert(operand);
  auto active = [&](Value v) {
    return varied.contains(v) && useful.contains(v);
  };

  // The backward, in reverse order, accumulating cotangents.
  llvm::DenseMap<Value, Value> cotangent;
  Location loc = ret.getLoc();
  cotangent[result] =
      seeded ? ConstantOp::create(
                   b, loc,
                   DenseElementsAttr::get(
                       resultTensor,
                       b.getFloatAttr(resultTensor.getElementType(), 1.0)))
                   .getResult()
             : Value(block->getArguments().back());
  SmallVector<Operation *> forward;
  for (Operation &op : block->getOperations())
    forward.push_back(&op);
  bool failedAny = false;
  for (Operation *op : llvm::reverse(forward)) {
    if (op->getNumResults() != 1 || !active(op->getResult(0)))
      continue;
    Value dy = cotangent.lookup(op->getResult(0));
    if (!dy)
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
    if (!differentiable) {
      // The clone has the forward op's location (its ONNX node).
      op->emitOpError("has no vector-Jacobian product: cannot differentiate "
                      "through it");
      failedAny = true;
      continue;
    }
    SmallVector<Value> grads;
    if (failed(differentiable.buildVJP(b, dy, grads))) {
      failedAny = true;
      continue;
    }
    assert(grads.size() == op->getNumOperands() &&
           "a VJP gives one cotangent per operand");
    for (auto [operand, g] : llvm::zip(op->getOperands(), grads)) {
      if (!g || !active(operand))
        continue;
      assert(g.getType() == operand.getType() &&
             "a cotangent has its operand's type");
      Value &acc = cotangent[operand];
      acc = acc ? AddOp::create(b, op->getLoc(), operand.getType(), acc, g)
                      .getResult()
                : g;
    }
  }
  if (failedAny) {
    grad.erase();
    return failure();
  }

  SmallVector<Value> results{result};
  for (unsigned index : wrt) {
    Value arg = block->getArgument(index);
    Value g = cotangent.lookup(arg);
    results.push_back(g ? g : zerosOf(b, loc, arg.getType()));
  }
  func::ReturnOp::create(b, loc, results);

  // The rules build every operand's cotangent; drop those nobody reads.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*block)))
    if (isOpTriviallyDead(&op))
      op.erase();
  return grad;
}

namespace {

struct DifferentiatePass
    : public qc::impl::DifferentiateBase<DifferentiatePass> {
  using DifferentiateBase::DifferentiateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(funcName);
    if (!func) {
      module.emitError() << "quantc-differentiate: no function @" << funcName;
      return signalPassFailure();
    }
    SmallVector<unsigned> args(wrt.begin(), wrt.end());
    if (args.empty())
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
        if (isFloatTensor(type))
          args.push_back(i);
    if (failed(buildGradientFunction(func, args, funcName + "_grad")))
      signalPassFailure();
  }
};

} // namespace
