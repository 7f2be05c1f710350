//===- Passes.td - quantc CPU target passes ----------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TARGET_CPU_PASSES_TD
#define QUANTC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def PlanMemory : Pass<"quantc-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place every static buffer of a function in one workspace";
  let description = [{
    After bufferization each intermediate tensor is a `memref.alloc`. This
    pass gives each one an offset in a single workspace buffer, appended as
    the function's last argument (`memref<Nxi8>`), so an inference never
    calls malloc and the runtime allocates the workspace once per context.

    Lifetimes are intervals of top-level ops: from the alloc to the last
    op that uses the buffer or any view of it (uses inside regions count
    for their top-level ancestor). Buffers are placed largest first at the
    lowest 64-byte aligned offset that does not overlap a placed buffer
    live at the same time (greedy interval colouring). Every public function
    is planned; the workspace sizes are recorded in the module attribute
    `quantc.workspace` ({function name = bytes}).

    Preconditions: static shapes and identity layouts; allocations only at
    the top level of the function (or in regions whose buffers do not
    escape an iteration). The pass fails on an allocation it cannot plan
    rather than leaving a malloc without a free.

    ```mlir
    %0 = memref.alloc() {alignment = 64 : i64} : memref<1x8xf32>
    // becomes, with %ws the new last argument:
    %c0 = arith.constant 0 : index
    %0 = memref.view %ws[%c0][] : memref<64xi8> to memref<1x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def LowerMemRefCopies : Pass<"quantc-lower-memref-copies"> {
  let summary = "Turn strided memref.copy into loops";
  let description = [{
    `memref.copy` between non-contiguous buffers (from bufferized pads and
    inserts) otherwise becomes a call into MLIR's C runner library, which an
    artifact must not depend on. Copies between contiguous identity-layout
    buffers are left alone (they become memcpy); the rest become
    `linalg.copy`, which `convert-linalg-to-loops` turns into loops the
    LLVM vectorizer handles.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ExpandMath : Pass<"quantc-expand-math"> {
  let summary = "Replace transcendental math ops by vectorizable polynomials";
  let description = [{
    Applies upstream's polynomial approximations (exp, expm1, log, log1p,
    tanh, erf, ...) so that vectorized elementwise code stays in vector
    registers instead of scalarizing into libm calls. Accuracy is that of
    upstream's approximations (a few ulp in f32).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // QUANTC_TARGET_CPU_PASSES_TD
