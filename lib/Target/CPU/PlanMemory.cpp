//===- PlanMemory.cpp - Static buffers into one workspace -----------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Target/CPU/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::qc {
#define GEN_PASS_DEF_PLANMEMORY
#include "quantc/Target/CPU/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  func::CallOp call; ///< or: the workspace of a planned callee
  int64_t bytes;
  int64_t start, end; // top-level op indices, inclusive
  int64_t offset = -1;
};

/// Bytes of a buffer as the LLVM lowering lays it out: every element takes
/// its alloc size, a whole power-of-two number of bytes (an i1 is a byte).
int64_t byteSize(MemRefType type) {
  int64_t bits = type.getElementTypeBitWidth();
  int64_t elemBytes = (int64_t)llvm::PowerOf2Ceil((bits + 7) / 8);
  return type.getNumElements() * elemBytes;
}

/// The top-level op of `body` containing `op`.
Operation *topLevelAncestor(Block &body, Operation *op) {
  while (op && op->getBlock() != &body)
    op = op->getParentOp();
  return op;
}

struct PlanMemoryPass : public qc::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Callees first: a call to a planned function passes it a slice of the
    // caller's workspace, which therefore includes the callee's.
    SmallVector<func::FuncOp> order;
    DenseSet<Operation *> visited;
    std::function<void(func::FuncOp)> visit = [&](func::FuncOp f) {
      if (!visited.insert(f).second)
        return;
      f.walk([&](func::CallOp call) {
        if (auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee()))
          if (isPlanned(callee))
            visit(callee);
      });
      order.push_back(f);
    };
    for (auto func : module.getOps<func::FuncOp>())
      if (isPlanned(func))
        visit(func);

    SmallVector<NamedAttribute> sizes;
    for (func::FuncOp func : order) {
      FailureOr<int64_t> size = plan(func);
      if (failed(size))
        return signalPassFailure();
      planned[func.getSymNameAttr()] = *size;
      sizes.push_back(NamedAttribute(
          func.getSymNameAttr(),
          IntegerAttr::get(IntegerType::get(&getContext(), 64), *size)));
    }
    module->setAttr("quantc.workspace",
                    DictionaryAttr::get(&getContext(), sizes));
  }

  static bool isPlanned(func::FuncOp func) {
    return !func.isExternal() && !func.isPrivate();
  }

  /// Workspace bytes of the functions planned so far.
  DenseMap<StringAttr, int64_t> planned;

  FailureOr<int64_t> plan(func::FuncOp func) {
    Block &body = func.getBody().front();
    DenseMap<Operation *, int64_t> index;
    int64_t i = 0;
    for (Operation &op : body)
      index[&op] = i++;

    SmallVector<Buffer> buffers;
    bool failedToPlan = false;
    func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          type.getMemorySpace()) {
        alloc.emitError("quantc-plan-memory: cannot plan an allocation of ")
            << type;
        failedToPlan = true;
        return;
      }
      Operation *anchor = topLevelAncestor(body, alloc);
      Buffer b{alloc, func::CallOp(), byteSize(type), index[anchor],
               index[anchor]};
      // Follow every view of the buffer to its last use.
      SmallVector<Value> worklist{alloc.getResult()};
      DenseSet<Value> seen;
      while (!worklist.empty()) {
        Value v = worklist.pop_back_val();
        if (!seen.insert(v).second)
          continue;
        for (OpOperand &use : v.getUses()) {
          Operation *user = use.getOwner();
          if (isa<func::ReturnOp>(user)) {
            alloc.emitError("quantc-plan-memory: a returned buffer cannot "
                            "live in the workspace");
            failedToPlan = true;
            return;
          }
          if (isa<memref::DeallocOp>(user))
            continue;
          Operation *top = topLevelAncestor(body, user);
          if (top)
            b.end = std::max(b.end, index[top]);
          // Every memref an op returns from a use of the buffer may alias
          // it (views, casts, arith.select, ...): follow them all.
          for (Value r : user->getResults())
            if (isa<BaseMemRefType>(r.getType()))
              worklist.push_back(r);
          // Through loops: the init operand aliases its region argument and
          // the loop result.
          if (auto loop = dyn_cast<scf::ForOp>(user))
            if (use.getOperandNumber() >= loop.getNumControlOperands())
              worklist.push_back(loop.getTiedLoopRegionIterArg(&use));
          // A yielded buffer aliases the parent's results (scf.if, scf.for)
          // and, for a loop, the next iteration's argument.
          if (isa<scf::YieldOp>(user)) {
            if (alloc->getBlock() != &body &&
                alloc->getParentRegion()->isAncestor(user->getParentRegion())) {
              alloc.emitError("quantc-plan-memory: a buffer escapes its loop "
                              "iteration");
              failedToPlan = true;
              return;
            }
            Operation *parent = user->getParentOp();
            unsigned k = use.getOperandNumber();
            if (k < parent->getNumResults())
              worklist.push_back(parent->getResult(k));
            if (auto loop = dyn_cast<scf::ForOp>(parent))
              worklist.push_back(loop.getRegionIterArgs()[k]);
          }
        }
      }
      buffers.push_back(b);
    });
    if (failedToPlan)
      return failure();
    func.walk([&](func::CallOp call) {
      auto it = planned.find(call.getCalleeAttr().getAttr());
      if (it == planned.end())
        return;
      int64_t at = index[topLevelAncestor(body, call)];
      Buffer b{memref::AllocOp(), call, it->second, at, at};
      buffers.push_back(b);
    });

    // Largest first, lowest fitting offset.
    SmallVector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    llvm::sort(order, [](Buffer *a, Buffer *b) {
      return a->bytes != b->bytes ? a->bytes > b->bytes : a->start < b->start;
    });
    int64_t total = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *b : order) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (Buffer *p : placed)
        if (p->start <= b->end && b->start <= p->end)
          busy.push_back({p->offset, p->offset + p->bytes});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + b->bytes <= lo)
          break;
        offset = std::max(offset, (hi + kAlignment - 1) / kAlignment * kAlignment);
      }
      b->offset = offset;
      total = std::max(total, offset + b->bytes);
      placed.push_back(b);
    }
    total = (total + kAlignment - 1) / kAlignment * kAlignment;

    // Append the workspace argument and replace the allocations.
    MLIRContext *ctx = &getContext();
    auto wsType = MemRefType::get({total}, IntegerType::get(ctx, 8));
    unsigned argIndex = func.getNumArguments();
    if (failed(func.insertArgument(argIndex, wsType, {}, func.getLoc())))
      return failure();
    Value ws = func.getArgument(argIndex);
    OpBuilder b(ctx);
    for (Buffer &buf : buffers) {
      if (buf.call) {
        b.setInsertionPoint(buf.call);
        Location loc = buf.call.getLoc();
        Value offset = arith::ConstantIndexOp::create(b, loc, buf.offset);
        Value view = memref::ViewOp::create(
            b, loc, MemRefType::get({buf.bytes}, IntegerType::get(ctx, 8)), ws,
            offset, ValueRange{});
        buf.call->insertOperands(buf.call->getNumOperands(), view);
        continue;
      }
      b.setInsertionPoint(buf.alloc);
      Value offset = arith::ConstantIndexOp::create(b, buf.alloc.getLoc(),
                                                    buf.offset);
      Value view = memref::ViewOp::create(b, buf.alloc.getLoc(),
                                          buf.alloc.getType(), ws, offset,
                                          ValueRange{});
      buf.alloc.getResult().replaceAllUsesWith(view);
      buf.alloc.erase();
    }
    func.walk([](memref::DeallocOp d) { d.erase(); });
    return total;
  }
};

} // namespace
