// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-plan-memory

// Allocations the planner cannot place: the pass fails rather than leave a
// malloc without a free.

func.func @dynamic_shape(%n: index) {
  // expected-error@+1 {{quantc-plan-memory: cannot plan an allocation of 'memref<?xf32>'}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

func.func @strided_layout() {
  // expected-error@+1 {{quantc-plan-memory: cannot plan an allocation of 'memref<4x4xf32, strided<[8, 1]>>'}}
  %a = memref.alloc() : memref<4x4xf32, strided<[8, 1]>>
  return
}

// -----

func.func @memory_space() {
  // expected-error@+1 {{quantc-plan-memory: cannot plan an allocation of 'memref<4xf32, 1>'}}
  %a = memref.alloc() : memref<4xf32, 1>
  return
}

// -----

// A returned buffer outlives the call (and the workspace is reused).
func.func @returned() -> memref<4xf32> {
  // expected-error@+1 {{quantc-plan-memory: a returned buffer cannot live in the workspace}}
  %a = memref.alloc() : memref<4xf32>
  return %a : memref<4xf32>
}

// -----

// Returned through a view.
func.func @returned_view() -> memref<2x2xf32> {
  // expected-error@+1 {{quantc-plan-memory: a returned buffer cannot live in the workspace}}
  %a = memref.alloc() : memref<4xf32>
  %v = memref.expand_shape %a [[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
  return %v : memref<2x2xf32>
}

// -----

// A buffer allocated in a loop body and carried to the next iteration
// would be overwritten by the next iteration's allocation.
func.func @escapes_iteration(%init: memref<4xf32>, %lb: index, %ub: index, %step: index) {
  %r = scf.for %i = %lb to %ub step %step iter_args(%x = %init) -> (memref<4xf32>) {
    // expected-error@+1 {{quantc-plan-memory: a buffer escapes its loop iteration}}
    %a = memref.alloc() : memref<4xf32>
    memref.copy %x, %a : memref<4xf32> to memref<4xf32>
    scf.yield %a : memref<4xf32>
  }
  return
}
