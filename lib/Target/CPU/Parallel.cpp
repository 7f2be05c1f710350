//===- Parallel.cpp - Parallel loops onto the runtime thread pool ---------===//
//
// Part of the quantc project.
//
// Two steps, on either side of the conversion to LLVM:
//  1. quantc-outline-parallel-loops (memref level): each outermost
//     scf.forall becomes a private function body(captures..., lb, ub) that
//     runs iterations [lb, ub), called as body(captures..., 0, n).
//  2. quantc-lower-parallel-calls (LLVM dialect): each such call becomes
//     quantc_rt_parallel_for(trampoline, &captures, n), where the
//     trampoline unpacks the captured values from a stack struct.
// The artifact so depends on nothing but the runtime's thread pool.
//
//===----------------------------------------------------------------------===//

#include "quantc/Target/CPU/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::qc {
#define GEN_PASS_DEF_PARALLELIZELINALG
#define GEN_PASS_DEF_OUTLINEPARALLELLOOPS
#define GEN_PASS_DEF_LOWERPARALLELCALLS
#include "quantc/Target/CPU/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;

static constexpr StringLiteral kParallelBodyAttr = "quantc.parallel_body";

namespace {

struct ParallelizeLinalgPass
    : public qc::impl::ParallelizeLinalgBase<ParallelizeLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics() &&
          !op->getParentOfType<scf::ForallOp>() &&
          isa<TilingInterface>(op.getOperation()))
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops)
      if (failed(parallelize(op)))
        return signalPassFailure();
    // A function with many serial loops (a gradient's small per-channel
    // ops) gets each in a forall of one iteration: outlined, every loop is
    // a function of its own (LLVM's loop passes are superlinear in a
    // function's loops), and the runtime calls a one-iteration body
    // directly.
    getOperation().walk([&](func::FuncOp fn) {
      SmallVector<Operation *> serial;
      fn.walk([&](Operation *op) {
        if ((isa<linalg::LinalgOp>(op) || isa<memref::CopyOp>(op)) &&
            !op->getParentOfType<scf::ForallOp>())
          serial.push_back(op);
      });
      if ((int64_t)serial.size() <= maxSerialLoops)
        return;
      for (Operation *op : serial) {
        OpBuilder b(op);
        auto forall = scf::ForallOp::create(
            b, op->getLoc(), ArrayRef<OpFoldResult>{b.getIndexAttr(1)},
            ValueRange{}, std::nullopt,
            [](OpBuilder &nb, Location l, ValueRange) {
              scf::InParallelOp::create(nb, l);
            });
        op->moveBefore(forall.getBody()->getTerminator());
      }
    });
  }

  LogicalResult parallelize(linalg::LinalgOp op) {
    SmallVector<int64_t> extents = op.getStaticLoopRanges();
    int64_t total = 1;
    for (int64_t e : extents) {
      if (ShapedType::isDynamic(e))
        return success();
      total *= e;
    }
    if (total < minWork)
      return success();
    // Linalg computes the slice of a reversed index (-d + 2, a flipped
    // filter) wrongly even along untiled dimensions: those stay serial.
    for (AffineMap map : op.getIndexingMapsArray())
      for (AffineExpr e : map.getResults()) {
        bool negative = false;
        e.walk([&](AffineExpr sub) {
          if (auto mul = dyn_cast<AffineBinaryOpExpr>(sub))
            if (mul.getKind() == AffineExprKind::Mul)
              if (auto c = dyn_cast<AffineConstantExpr>(mul.getRHS()))
                negative |= c.getValue() < 0;
        });
        if (negative)
          return success();
      }
    // The outermost parallel dimensions of extent > 1, until 64 tiles.
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    SmallVector<unsigned> dims;
    int64_t tiles = 1;
    // A dimension every operand indexes plainly (d, not -d + 2 or d + k):
    // its tile is a unit slice of each operand.
    auto plain = [&](unsigned d) {
      for (AffineMap map : op.getIndexingMapsArray())
        for (AffineExpr e : map.getResults())
          if (e.isFunctionOfDim(d) && !isa<AffineDimExpr>(e))
            return false;
      return true;
    };
    // Leading dimensions only (a reduction or an index expression ends
    // them), never the innermost: a tile keeps the inner dimensions
    // contiguous.
    for (unsigned d = 0; d + 1 < extents.size() && tiles < 64; ++d) {
      if (extents[d] == 1)
        continue;
      if (iterators[d] != utils::IteratorType::parallel || !plain(d))
        break;
      dims.push_back(d);
      tiles *= extents[d];
    }
    if (dims.empty())
      return success();
    OpBuilder b(op);
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> counts;
    for (unsigned d : dims)
      counts.push_back(b.getIndexAttr(extents[d]));
    auto tiling = cast<TilingInterface>(op.getOperation());
    LogicalResult result = success();
    scf::ForallOp::create(
        b, loc, counts, ValueRange{}, std::nullopt,
        [&](OpBuilder &nb, Location l, ValueRange ivs) {
          SmallVector<OpFoldResult> offsets, sizes;
          for (int64_t e : extents) {
            offsets.push_back(nb.getIndexAttr(0));
            sizes.push_back(nb.getIndexAttr(e));
          }
          for (auto [d, iv] : llvm::zip(dims, ivs)) {
            offsets[d] = iv;
            sizes[d] = nb.getIndexAttr(1);
          }
          if (failed(tiling.getTiledImplementation(nb, offsets, sizes)))
            result = op->emitOpError("cannot be tiled into a parallel loop");
          scf::InParallelOp::create(nb, l);
        });
    if (succeeded(result))
      op->erase();
    return result;
  }
};

struct OutlineParallelLoopsPass
    : public qc::impl::OutlineParallelLoopsBase<OutlineParallelLoopsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<scf::ForallOp> loops;
    module.walk([&](scf::ForallOp forall) {
      if (!forall->getParentOfType<scf::ForallOp>())
        loops.push_back(forall);
    });
    for (scf::ForallOp forall : loops)
      if (failed(outline(forall, symbols)))
        return signalPassFailure();
  }

  LogicalResult outline(scf::ForallOp forall, SymbolTable &symbols) {
    if (!forall.getOutputs().empty())
      return forall.emitOpError("quantc-outline-parallel-loops expects a "
                                "bufferized forall (no shared outputs)");
    Location loc = forall.getLoc();
    MLIRContext *ctx = forall.getContext();
    OpBuilder b(forall);
    // Iteration space: the product of the (normalized) dimensions.
    SmallVector<int64_t> l(forall.getStaticLowerBound()),
        u(forall.getStaticUpperBound()), s(forall.getStaticStep());
    for (int64_t v : llvm::concat<int64_t>(l, u, s))
      if (ShapedType::isDynamic(v))
        return forall.emitOpError("expected static forall bounds");
    int64_t total = 1;
    SmallVector<int64_t> counts;
    for (auto [lo, up, st] : llvm::zip(l, u, s)) {
      int64_t c = up > lo ? (up - lo + st - 1) / st : 0;
      counts.push_back(c);
      total *= c;
    }
    if (total == 0) {
      forall.erase();
      return success();
    }

    // Values from above become arguments, constants are cloned.
    SetVector<Value> used;
    getUsedValuesDefinedAbove(forall.getRegion(), used);
    SmallVector<Value> captures;
    SmallVector<Operation *> constants;
    for (Value v : used) {
      Operation *def = v.getDefiningOp();
      if (def && def->hasTrait<OpTrait::ConstantLike>() &&
          def->getNumOperands() == 0)
        constants.push_back(def);
      else
        captures.push_back(v);
    }
    SmallVector<Type> argTypes;
    for (Value v : captures)
      argTypes.push_back(v.getType());
    argTypes.push_back(b.getIndexType());
    argTypes.push_back(b.getIndexType());

    auto parent = forall->getParentOfType<func::FuncOp>();
    std::string name = (parent.getSymName() + "_parallel").str();
    OpBuilder mb(parent);
    auto fn = func::FuncOp::create(mb, loc, name,
                                   FunctionType::get(ctx, argTypes, {}));
    fn.setPrivate();
    fn->setAttr(kParallelBodyAttr, UnitAttr::get(ctx));
    symbols.insert(fn); // uniquifies the name
    Block *entry = fn.addEntryBlock();
    OpBuilder fb = OpBuilder::atBlockBegin(entry);
    IRMapping map;
    for (Operation *c : constants)
      map.map(c->getResult(0), fb.clone(*c)->getResult(0));
    for (auto [v, arg] : llvm::zip(captures, entry->getArguments()))
      map.map(v, arg);
    Value lb = entry->getArgument(captures.size());
    Value ub = entry->getArgument(captures.size() + 1);
    Value one = arith::ConstantIndexOp::create(fb, loc, 1);
    scf::ForOp::create(
        fb, loc, lb, ub, one, ValueRange{},
        [&](OpBuilder &lb2, Location l2, Value t, ValueRange) {
          // Delinearize t into the forall's induction variables.
          Value rem = t;
          SmallVector<Value> ivs(counts.size());
          for (int64_t i = (int64_t)counts.size() - 1; i >= 0; --i) {
            Value c = arith::ConstantIndexOp::create(lb2, l2, counts[i]);
            Value coord = i == 0 ? rem
                                 : (Value)arith::RemUIOp::create(lb2, l2, rem, c);
            if (i > 0)
              rem = arith::DivUIOp::create(lb2, l2, rem, c);
            Value st = arith::ConstantIndexOp::create(lb2, l2, s[i]);
            Value lo = arith::ConstantIndexOp::create(lb2, l2, l[i]);
            ivs[i] = arith::AddIOp::create(
                lb2, l2, lo, arith::MulIOp::create(lb2, l2, coord, st));
          }
          for (auto [iv, v] : llvm::zip(forall.getInductionVars(), ivs))
            map.map(iv, v);
          for (Operation &op : forall.getBody()->without_terminator())
            lb2.clone(op, map);
          scf::YieldOp::create(lb2, l2);
        });
    func::ReturnOp::create(fb, loc);

    SmallVector<Value> args(captures);
    args.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    args.push_back(arith::ConstantIndexOp::create(b, loc, total));
    func::CallOp::create(b, loc, fn, args);
    forall.erase();
    return success();
  }
};

struct LowerParallelCallsPass
    : public qc::impl::LowerParallelCallsBase<LowerParallelCallsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    auto i64 = IntegerType::get(ctx, 64);
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());

    auto runtime = module.lookupSymbol<LLVM::LLVMFuncOp>(
        "quantc_rt_parallel_for");
    if (!runtime)
      runtime = LLVM::LLVMFuncOp::create(
          mb, module.getLoc(), "quantc_rt_parallel_for",
          LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                      {ptrType, ptrType, i64}));

    DenseMap<LLVM::LLVMFuncOp, LLVM::LLVMFuncOp> trampolines;
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      if (auto callee = call.getCallee())
        if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(*callee))
          if (fn->hasAttr(kParallelBodyAttr))
            calls.push_back(call);
    });
    for (LLVM::CallOp call : calls) {
      auto body = module.lookupSymbol<LLVM::LLVMFuncOp>(*call.getCallee());
      Location loc = call.getLoc();
      unsigned n = call.getNumOperands();
      if (n < 2 || !call.getOperand(n - 1).getType().isInteger(64) ||
          !call.getOperand(n - 2).getType().isInteger(64)) {
        call.emitOpError() << "calls parallel body '" << body.getName()
                           << "' without the trailing i64 bounds (lb, ub)";
        return signalPassFailure();
      }
      SmallVector<Type> fields;
      for (Value v : call.getOperands().drop_back(2))
        fields.push_back(v.getType());
      fields.push_back(i64); // lower bound
      auto structType = LLVM::LLVMStructType::getLiteral(ctx, fields);

      LLVM::LLVMFuncOp &tramp = trampolines[body];
      if (!tramp) {
        tramp = LLVM::LLVMFuncOp::create(
            mb, loc, (body.getName() + "_trampoline").str(),
            LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                        {ptrType, i64, i64}),
            LLVM::Linkage::Internal);
        Block *entry = tramp.addEntryBlock(mb);
        OpBuilder tb = OpBuilder::atBlockBegin(entry);
        Value s = LLVM::LoadOp::create(tb, loc, structType, entry->getArgument(0));
        SmallVector<Value> args;
        for (unsigned i = 0; i + 1 < fields.size(); ++i)
          args.push_back(LLVM::ExtractValueOp::create(tb, loc, s, i));
        Value lo = LLVM::ExtractValueOp::create(tb, loc, s, fields.size() - 1);
        args.push_back(LLVM::AddOp::create(tb, loc, lo, entry->getArgument(1)));
        args.push_back(LLVM::AddOp::create(tb, loc, lo, entry->getArgument(2)));
        LLVM::CallOp::create(tb, loc, body, args);
        LLVM::ReturnOp::create(tb, loc, ValueRange{});
      }

      // Capture struct on the caller's stack (in its entry block).
      auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
      OpBuilder eb = OpBuilder::atBlockBegin(&caller.getBody().front());
      Value one = LLVM::ConstantOp::create(eb, loc, i64, eb.getI64IntegerAttr(1));
      Value slot = LLVM::AllocaOp::create(eb, loc, ptrType, structType, one);
      OpBuilder b(call);
      Value s = LLVM::UndefOp::create(b, loc, structType);
      for (unsigned i = 0; i + 2 < n; ++i)
        s = LLVM::InsertValueOp::create(b, loc, s, call.getOperand(i), i);
      Value lo = call.getOperand(n - 2), hi = call.getOperand(n - 1);
      s = LLVM::InsertValueOp::create(b, loc, s, lo, fields.size() - 1);
      LLVM::StoreOp::create(b, loc, s, slot);
      Value count = LLVM::SubOp::create(b, loc, hi, lo);
      Value fnPtr = LLVM::AddressOfOp::create(b, loc, tramp);
      LLVM::CallOp::create(b, loc, runtime, ValueRange{fnPtr, slot, count});
      call.erase();
    }
  }
};

} // namespace
