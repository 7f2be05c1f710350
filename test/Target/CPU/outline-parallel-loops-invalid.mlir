// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-outline-parallel-loops

// Tensor foralls (with shared outputs) must be bufferized first.
func.func @shared_outs(%t: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'scf.forall' op quantc-outline-parallel-loops expects a bufferized forall (no shared outputs)}}
  %r = scf.forall (%i) in (4) shared_outs(%o = %t) -> tensor<4xf32> {
    scf.forall.in_parallel {
    }
  }
  return %r : tensor<4xf32>
}

// -----

// The iteration space must be static to be linearized at compile time.
func.func @dynamic_bounds(%a: memref<?xf32>, %n: index, %s: f32) {
  // expected-error@+1 {{'scf.forall' op expected static forall bounds}}
  scf.forall (%i) in (%n) {
    memref.store %s, %a[%i] : memref<?xf32>
  }
  return
}
