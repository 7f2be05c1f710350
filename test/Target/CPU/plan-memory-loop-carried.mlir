// RUN: quantc-opt %s -quantc-plan-memory | FileCheck %s
// Regression (fixed; the old behaviour): PlanMemory follows a buffer only through view-like ops
// (ViewLikeOpInterface, cast, reinterpret_cast, expand/collapse_shape).
// Any other op whose result aliases the buffer -- here an scf.for
// iter_arg/result; likewise scf.if or arith.select of memrefs -- ends the
// buffer's lifetime at that op, and later uses through the alias are
// ignored. Another buffer is then placed on the same bytes while the first
// is still read: silent memory corruption. Such results should be followed
// as aliases (or the pass should refuse to plan the buffer).

// %a is carried through the loop and read (as %r) after %b is written, so
// the two must not share bytes. Today both get offset 0 in a 64-byte
// workspace.

// CHECK-LABEL: module attributes {quantc.workspace = {loop_carried = 128 : i64}}
// CHECK:         %[[OA:.*]] = arith.constant 0 : index
// CHECK-NEXT:    memref.view %{{.*}}[%[[OA]]][] : memref<128xi8> to memref<16xf32>
// CHECK:         scf.for
// CHECK:         %[[OB:.*]] = arith.constant 64 : index
// CHECK-NEXT:    memref.view %{{.*}}[%[[OB]]][] : memref<128xi8> to memref<16xf32>
func.func @loop_carried(%in: memref<16xf32>, %out: memref<16xf32>, %lb: index, %ub: index, %step: index) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %r = scf.for %i = %lb to %ub step %step iter_args(%x = %a) -> (memref<16xf32>) {
    scf.yield %x : memref<16xf32>
  }
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  memref.copy %r, %out : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}
