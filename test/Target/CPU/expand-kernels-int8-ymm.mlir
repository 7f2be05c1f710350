// RUN: quantc-opt %s -quantc-cpu-expand-kernels="vector-bits=256" | FileCheck %s

// Integer kernels: the reduction runs over runs of P codes. Each run of
// activation codes is one 32-bit broadcast; vpdpbusd (P = 4) accumulates
// u8 x s8 products exactly in i32 lanes. A reduction length that is not a
// multiple of P ends with a masked load (never reads past the row). The
// epilogue is the 64-bit dyadic requantization, then a (masked) store of
// the codes: no int32 tensor is written.

// CHECK-LABEL: func @matmul_vnni
// CHECK:         %[[W:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<1x2x8x4xi8> into memref<1x2x32xi8>
// CHECK:         scf.forall
// CHECK:           scf.for %[[G:[a-z0-9_]+]] =
// CHECK:             vector.load %[[W]][%{{.*}}, %[[G]], %{{.*}}] : memref<1x2x32xi8>, vector<32xi8>
// CHECK:             %[[A:.*]] = vector.load %{{.*}} : memref<3x6xi8>, vector<4xi8>
// CHECK:             %[[D:.*]] = vector.bitcast %[[A]] : vector<4xi8> to vector<1xi32>
// CHECK:             %[[S:.*]] = vector.extract %[[D]][0] : i32 from vector<1xi32>
// CHECK:             %[[B:.*]] = vector.broadcast %[[S]] : i32 to vector<8xi32>
// CHECK:             %[[BB:.*]] = vector.bitcast %[[B]] : vector<8xi32> to vector<32xi8>
// CHECK:             llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"(%{{.*}}, %[[BB]], %{{.*}}) : (vector<8xi32>, vector<32xi8>, vector<32xi8>) -> vector<8xi32>
// The last run holds K % 4 = 2 codes.
// CHECK:           %[[M:.*]] = vector.constant_mask [2] : vector<4xi1>
// CHECK:           vector.maskedload %{{.*}}, %[[M]], %{{.*}} : memref<3x6xi8>, vector<4xi1>, vector<4xi8> into vector<4xi8>
// CHECK:           llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"
// Requantization: (acc + bias) * m + 2^30 >> 31, + zp 3, clamp, codes.
// CHECK:           %[[BIAS:.*]] = vector.load %{{.*}} : memref<8xi32>, vector<8xi32>
// CHECK:           %[[X:.*]] = arith.addi %{{.*}}, %[[BIAS]] : vector<8xi32>
// CHECK:           %[[X64:.*]] = arith.extsi %[[X]] : vector<8xi32> to vector<8xi64>
// CHECK:           %[[T:.*]] = arith.muli %[[X64]], %{{.*}} : vector<8xi64>
// CHECK:           %[[R:.*]] = arith.addi %[[T]], %{{.*}} : vector<8xi64>
// CHECK:           arith.shrsi %[[R]], %{{.*}} : vector<8xi64>
// CHECK:           arith.maxsi
// CHECK:           arith.minsi
// CHECK:           %[[Q:.*]] = arith.trunci %{{.*}} : vector<8xi64> to vector<8xi8>
// CHECK:           %[[SM:.*]] = vector.constant_mask [5] : vector<8xi1>
// CHECK:           vector.maskedstore %{{.*}}, %[[SM]], %[[Q]] : memref<3x5xi8>, vector<8xi1>, vector<8xi8>
func.func @matmul_vnni(%a: memref<3x6xi8>, %w: memref<1x2x8x4xi8>, %b: memref<8xi32>, %out: memref<3x5xi8>) {
  qck.matmul ins(%a, %w : memref<3x6xi8>, memref<1x2x8x4xi8>) bias(%b : memref<8xi32>) outs(%out : memref<3x5xi8>) {requant = #qc.requant<multiplier = [1073741824], shift = 31, output_zp = 3, min = 0, max = 255>}
  return
}
