// RUN: not quantc-opt %s -quantc-lower-parallel-calls 2>&1 | FileCheck %s
// Regression (fixed; the old behaviour): a call to a quantc.parallel_body function with fewer than the
// two bound operands (lb, ub) makes LowerParallelCalls call
// signalPassFailure() without emitting any diagnostic: quantc-opt exits
// with status 1 and prints nothing. It should report the malformed call
// (emitOpError on the llvm.call), like the other quantc passes do.

// CHECK: error:
module {
  llvm.func @body() attributes {quantc.parallel_body} {
    llvm.return
  }
  llvm.func @main() {
    llvm.call @body() : () -> ()
    llvm.return
  }
}
