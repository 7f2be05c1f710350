// RUN: quantc-opt %s -quantc-plan-memory | FileCheck %s
// Regression (fixed; the old behaviour): PlanMemory sizes a buffer as ceil(N * bitwidth / 8) bytes,
// but the LLVM lowering of memrefs stores each i1 (and any sub-byte
// element) in a whole byte (GEP over i1 steps by its 1-byte alloc size).
// A memref<100xi1> is given 13 bytes while it uses 100: here %b is placed
// at offset 64, inside %a's bytes [0, 100), and runs past the end of the
// 128-byte workspace (64 + 100 = 164). Sub-byte elements should count as
// one byte each (the data layout's alloc size): %a at 0, %b at 128, a
// 256-byte workspace.

// CHECK-LABEL: module attributes {quantc.workspace = {bools = 256 : i64}}
// CHECK:         %[[OA:.*]] = arith.constant 0 : index
// CHECK-NEXT:    memref.view %{{.*}}[%[[OA]]][] : memref<256xi8> to memref<100xi1>
// CHECK:         %[[OB:.*]] = arith.constant 128 : index
// CHECK-NEXT:    memref.view %{{.*}}[%[[OB]]][] : memref<256xi8> to memref<100xi1>
func.func @bools(%x: memref<100xi1>) {
  %a = memref.alloc() : memref<100xi1>
  %b = memref.alloc() : memref<100xi1>
  memref.copy %x, %a : memref<100xi1> to memref<100xi1>
  memref.copy %x, %b : memref<100xi1> to memref<100xi1>
  memref.copy %a, %b : memref<100xi1> to memref<100xi1>
  return
}
