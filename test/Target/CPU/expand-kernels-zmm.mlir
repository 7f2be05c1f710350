// RUN: quantc-opt %s -split-input-file -quantc-cpu-expand-kernels | FileCheck %s

// The default 512-bit target: 16-lane vectors, and with NR = 32 (two
// vectors) tiles of MR = 12 rows, 24 accumulators (of 32 zmm registers).

// CHECK-LABEL: func @matmul_zmm
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           %{{.*}}:24 = scf.for {{.*}} -> (vector<16xf32>
// CHECK:             vector.load %{{.*}} : memref<1x8x32xf32>, vector<16xf32>
// CHECK-COUNT-24:    vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT:         vector.fma
// CHECK:             scf.yield
// CHECK-COUNT-24:  vector.store {{.*}} : memref<12x32xf32>, vector<16xf32>
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @matmul_zmm(%a: memref<12x8xf32>, %b: memref<1x8x32xf32>, %out: memref<12x32xf32>) {
  qck.matmul ins(%a, %b : memref<12x8xf32>, memref<1x8x32xf32>) outs(%out : memref<12x32xf32>)
  return
}

// -----

// One vector of outputs (NR = 16): still at most 12 rows per tile.

// CHECK-LABEL: func @conv_zmm_one_vector
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           %{{.*}}:12 = scf.for {{.*}} -> (vector<16xf32>
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           %{{.*}}:2 = scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>) {
func.func @conv_zmm_one_vector(%x: memref<1x2x14x4xf32>, %w: memref<1x1x1x4x16xf32>, %out: memref<1x2x14x16xf32>) {
  qck.conv2d ins(%x, %w : memref<1x2x14x4xf32>, memref<1x1x1x4x16xf32>) outs(%out : memref<1x2x14x16xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}
