// RUN: quantc-opt %s -verify-diagnostics -quantc-plan-memory
// Regression (fixed; the old behaviour): the "returned buffer" check of PlanMemory only sees returns
// of the buffer or of its view-like ops. Returned through any other alias
// (arith.select here; scf.if / scf.for results alike) both buffers are
// silently placed in the workspace, and the caller receives memory that
// the next inference overwrites. Each should be reported.

func.func @returned_select(%cond: i1) -> memref<16xf32> {
  // expected-error@+1 {{quantc-plan-memory: a returned buffer cannot live in the workspace}}
  %a = memref.alloc() : memref<16xf32>
  // expected-error@+1 {{quantc-plan-memory: a returned buffer cannot live in the workspace}}
  %b = memref.alloc() : memref<16xf32>
  %r = arith.select %cond, %a, %b : memref<16xf32>
  return %r : memref<16xf32>
}
