// RUN: quantc-opt %s -split-input-file -quantc-lower-memref-copies | FileCheck %s

// A copy between identity-layout buffers stays a memref.copy (a memcpy).

// CHECK-LABEL: func @contiguous
// CHECK:         memref.copy %{{.*}}, %{{.*}} : memref<4x4xf32> to memref<4x4xf32>
// CHECK-NOT:     linalg.copy
func.func @contiguous(%a: memref<4x4xf32>, %b: memref<4x4xf32>) {
  memref.copy %a, %b : memref<4x4xf32> to memref<4x4xf32>
  return
}

// -----

// A strided source or target (a bufferized slice or pad) becomes a
// linalg.copy, which convert-linalg-to-loops turns into plain loops instead
// of a call into MLIR's runner library.

// CHECK-LABEL: func @strided
// CHECK-SAME:    %[[S:[^:]*]]: memref<2x2xf32, strided<[4, 1], offset: 5>>, %[[D:[^:]*]]: memref<2x2xf32>
// CHECK:         linalg.copy ins(%[[S]] : memref<2x2xf32, strided<[4, 1], offset: 5>>) outs(%[[D]] : memref<2x2xf32>)
// CHECK:         linalg.copy ins(%[[D]] : memref<2x2xf32>) outs(%[[S]] : memref<2x2xf32, strided<[4, 1], offset: 5>>)
// CHECK-NOT:     memref.copy
func.func @strided(%s: memref<2x2xf32, strided<[4, 1], offset: 5>>, %d: memref<2x2xf32>) {
  memref.copy %s, %d : memref<2x2xf32, strided<[4, 1], offset: 5>> to memref<2x2xf32>
  memref.copy %d, %s : memref<2x2xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  return
}
