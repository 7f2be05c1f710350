//===- Tabulate.cpp - Elementwise functions as lookup tables --------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Tabulate.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qc;

bool quantc::isTabulated(Operation *op) {
  // A standalone leaky_relu is no table: it is exact as one rescale with
  // two multipliers (Integerize.cpp).
  return isa<SigmoidOp, TanhOp, ExpOp, ErfOp, SoftplusOp, EluOp,
             HardSigmoidOp, AbsOp, NegOp>(op);
}

double quantc::evaluateTabulated(Operation *op, double x) {
  return llvm::TypeSwitch<Operation *, double>(op)
      .Case([&](SigmoidOp) { return 1.0 / (1.0 + std::exp(-x)); })
      .Case([&](TanhOp) { return std::tanh(x); })
      .Case([&](ExpOp) { return std::exp(x); })
      .Case([&](ErfOp) { return std::erf(x); })
      // log(1 + e^x) without overflow: x + log1p(e^-x) for large x.
      .Case([&](SoftplusOp) {
        return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
      })
      .Case([&](EluOp e) {
        double a = e.getAlpha().convertToDouble();
        return x >= 0 ? x : a * std::expm1(x);
      })
      .Case([&](HardSigmoidOp h) {
        double a = h.getAlpha().convertToDouble();
        double b = h.getBeta().convertToDouble();
        return std::min(std::max(a * x + b, 0.0), 1.0);
      })
      .Case([&](AbsOp) { return std::fabs(x); })
      .Case([&](NegOp) { return -x; })
      .Default([](Operation *) {
        return std::numeric_limits<double>::quiet_NaN();
      });
}
