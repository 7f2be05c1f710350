//===- VerifyContract.cpp - The qc-stage backend contract -----------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Transforms/Passes.h"

namespace mlir::qc {
#define GEN_PASS_DEF_VERIFYQCCONTRACT
#include "quantc/Dialect/QC/Transforms/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;
using namespace mlir::qc;

namespace {
struct VerifyQCContractPass
    : public qc::impl::VerifyQCContractBase<VerifyQCContractPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool ok = true;
    int publicFuncs = 0;
    for (Operation &op : module.getBody()->getOperations()) {
      auto func = dyn_cast<func::FuncOp>(op);
      if (!func) {
        op.emitError("qc contract: unexpected top-level op");
        ok = false;
        continue;
      }
      if (func.isPublic())
        ++publicFuncs;
      for (Type t : func.getFunctionType().getInputs())
        if (auto r = dyn_cast<RankedTensorType>(t); !r || !r.hasStaticShape()) {
          func.emitError() << "qc contract: argument type " << t
                           << " is not a static tensor";
          ok = false;
        }
      func.walk([&](Operation *inner) {
        if (inner == func.getOperation() || isa<func::ReturnOp>(inner))
          return;
        if (isa<OnnxOp, NoneOp>(inner) || !inner->getDialect() ||
            inner->getDialect()->getNamespace() != "qc") {
          inner->emitError() << "qc contract: unexpected op '"
                             << inner->getName() << "'";
          ok = false;
          return;
        }
        for (Type t : inner->getResultTypes())
          if (auto r = dyn_cast<RankedTensorType>(t);
              !r || !r.hasStaticShape()) {
            inner->emitError() << "qc contract: result type " << t
                               << " is not a static tensor";
            ok = false;
          }
      });
    }
    if (publicFuncs != 1) {
      module.emitError() << "qc contract: expected one public entry "
                            "function, found "
                         << publicFuncs;
      ok = false;
    }
    if (!ok)
      signalPassFailure();
  }
};
} // namespace
