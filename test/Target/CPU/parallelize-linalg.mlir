// RUN: quantc-opt %s -split-input-file -quantc-parallelize-linalg=min-work=64 | FileCheck %s

// A large elementwise op on memrefs becomes an scf.forall over its leading
// parallel dimension, a unit slice of every operand per iteration.

// CHECK-LABEL: func @elementwise
// CHECK:         scf.forall (%[[I:.*]]) in (8) {
// CHECK:           memref.subview %arg0[%[[I]], 0] [1, 16] [1, 1]
// CHECK:           memref.subview %arg1[%[[I]], 0] [1, 16] [1, 1]
// CHECK:           linalg.generic {{.*}} ins(%{{.*}} : memref<1x16xf32, strided<[16, 1], offset: ?>>) outs(%{{.*}} : memref<1x16xf32, strided<[16, 1], offset: ?>>)
// CHECK-NOT:     linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @elementwise(%a: memref<8x16xf32>, %b: memref<8x16xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<8x16xf32>) outs(%b : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// A reduction over the leading dimension: the parallel dimensions after it
// stay whole (a tile keeps them contiguous), nothing to split.

// CHECK-LABEL: func @leading_reduction
// CHECK-NOT:     scf.forall
// CHECK:         linalg.generic
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d1)>
func.func @leading_reduction(%a: memref<32x16xf32>, %b: memref<16xf32>) {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction", "parallel"]}
      ins(%a : memref<32x16xf32>) outs(%b : memref<16xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A reduction over the inner dimension: the rows split, each tile reduces
// its row whole.

// CHECK-LABEL: func @inner_reduction
// CHECK:         scf.forall (%[[I:.*]]) in (32) {
// CHECK:           linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
#in2 = affine_map<(d0, d1) -> (d0, d1)>
#out2 = affine_map<(d0, d1) -> (d0)>
func.func @inner_reduction(%a: memref<32x16xf32>, %b: memref<32xf32>) {
  linalg.generic {indexing_maps = [#in2, #out2], iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<32x16xf32>) outs(%b : memref<32xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Reversed indices (a flipped filter) stay serial: linalg would slice them
// wrongly.

// CHECK-LABEL: func @flipped
// CHECK-NOT:     scf.forall
// CHECK:         linalg.generic
#flip = affine_map<(d0, d1) -> (d0, -d1 + 15)>
#id3 = affine_map<(d0, d1) -> (d0, d1)>
func.func @flipped(%a: memref<8x16xf32>, %b: memref<8x16xf32>) {
  linalg.generic {indexing_maps = [#flip, #id3], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<8x16xf32>) outs(%b : memref<8x16xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  return
}

// -----

// Below min-work, and ops already inside a parallel loop, stay as they are.

// CHECK-LABEL: func @small
// CHECK-NOT:     scf.forall
// CHECK:         linalg.fill
func.func @small(%b: memref<4x4xf32>) {
  %c = arith.constant 0.0 : f32
  linalg.fill ins(%c : f32) outs(%b : memref<4x4xf32>)
  return
}

// CHECK-LABEL: func @nested
// CHECK:         scf.forall
// CHECK-NOT:     scf.forall
// CHECK:         linalg.fill
func.func @nested(%b: memref<4x64x64xf32>) {
  %c = arith.constant 0.0 : f32
  scf.forall (%i) in (4) {
    %s = memref.subview %b[%i, 0, 0] [1, 64, 64] [1, 1, 1] : memref<4x64x64xf32> to memref<64x64xf32, strided<[64, 1], offset: ?>>
    linalg.fill ins(%c : f32) outs(%s : memref<64x64xf32, strided<[64, 1], offset: ?>>)
  }
  return
}

// -----

// RUN: quantc-opt %s -split-input-file -quantc-parallelize-linalg="min-work=64 max-serial-loops=1" | FileCheck %s --check-prefix=OUTLINE

// More serial loops than max-serial-loops: each in a forall of one
// iteration (outlined later into a function of its own).

// OUTLINE-LABEL: func @many_serial
// OUTLINE:         scf.forall (%{{.*}}) in (1) {
// OUTLINE-NEXT:      linalg.fill
// OUTLINE:         scf.forall (%{{.*}}) in (1) {
// OUTLINE-NEXT:      memref.copy
func.func @many_serial(%a: memref<4x4xf32>, %b: memref<4x4xf32>) {
  %c = arith.constant 0.0 : f32
  linalg.fill ins(%c : f32) outs(%a : memref<4x4xf32>)
  memref.copy %a, %b : memref<4x4xf32> to memref<4x4xf32>
  return
}
