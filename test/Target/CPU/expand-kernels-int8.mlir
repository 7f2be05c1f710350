// RUN: quantc-opt %s -split-input-file -quantc-cpu-expand-kernels | FileCheck %s

// Integer kernels at 512 bits (16 i32 lanes). See also
// expand-kernels-int8-ymm.mlir.

// pmaddwd (P = 2): a run is two codes widened to i16 and broadcast; the
// weights are i16 pairs; products of pairs add exactly into i32, then into
// the accumulator. K = 3: one full run, then a masked one. A leaky ReLU
// picks the negative-side multiplier (second row) by the sign of the
// accumulator.

// CHECK-LABEL: func @matmul_pmaddwd
// CHECK:         memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<1x2x16x2xi16> into memref<1x2x32xi16>
// CHECK:         scf.for
// CHECK:           vector.load %{{.*}} : memref<1x2x32xi16>, vector<32xi16>
// CHECK:           %[[A:.*]] = vector.load %{{.*}} : memref<16x3xi8>, vector<2xi8>
// CHECK:           %[[AW:.*]] = arith.extui %[[A]] : vector<2xi8> to vector<2xi16>
// CHECK:           vector.bitcast %[[AW]] : vector<2xi16> to vector<1xi32>
// CHECK:           %[[P:.*]] = llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"(%{{.*}}, %{{.*}}) : (vector<32xi16>, vector<32xi16>) -> vector<16xi32>
// CHECK:           arith.addi %{{.*}}, %[[P]] : vector<16xi32>
// CHECK:         vector.maskedload %{{.*}} : memref<16x3xi8>, vector<2xi1>, vector<2xi8> into vector<2xi8>
// CHECK:         %[[M:.*]] = vector.load %{{.*}}[%c0{{.*}}, %{{.*}}] : memref<2x16xi32>, vector<16xi32>
// CHECK:         %[[MN:.*]] = vector.load %{{.*}}[%c1{{.*}}, %{{.*}}] : memref<2x16xi32>, vector<16xi32>
// CHECK:         %[[X:.*]] = arith.extsi %{{.*}} : vector<16xi32> to vector<16xi64>
// CHECK:         %[[NEG:.*]] = arith.cmpi slt, %[[X]], %{{.*}} : vector<16xi64>
// CHECK:         arith.select %[[NEG]], %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xi64>
func.func @matmul_pmaddwd(%a: memref<16x3xi8>, %w: memref<1x2x16x2xi16>, %m: memref<2x16xi32>, %out: memref<16x16xi8>) {
  qck.matmul ins(%a, %w : memref<16x3xi8>, memref<1x2x16x2xi16>) multipliers(%m : memref<2x16xi32>) outs(%out : memref<16x16xi8>) {requant = #qc.requant<multiplier = [1, 2], neg_multiplier = [3, 4], shift = 1, output_zp = 0, min = 0, max = 255>}
  return
}

// -----

// A convolution with unit horizontal dilation reads each filter row as one
// run of KW * C = 9 codes from the input row flattened to [N, H, W * C]:
// two full runs of 4 per row, then a masked run of 1. i32 outputs store the
// clamped 64-bit values truncated to i32.

// CHECK-LABEL: func @conv_flat
// CHECK-DAG:     %[[IN:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2, 3]] : memref<1x4x4x3xi8> into memref<1x4x12xi8>
// CHECK-DAG:     %[[W:.*]] = memref.collapse_shape %{{.*}} {{\[}}[0], [1], [2], [3, 4]] : memref<1x3x3x16x4xi8> into memref<1x3x3x64xi8>
// CHECK:         scf.for %[[KH:[a-z0-9_]+]] =
// CHECK:           scf.for
// CHECK:             vector.load %[[W]][%{{.*}}, %[[KH]], %{{.*}}, %{{.*}}] : memref<1x3x3x64xi8>, vector<64xi8>
// CHECK:             vector.load %[[IN]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x4x12xi8>, vector<4xi8>
// CHECK:             llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK:           %[[M1:.*]] = vector.constant_mask [1] : vector<4xi1>
// CHECK:           vector.maskedload %[[IN]]{{.*}}, %[[M1]], %{{.*}} : memref<1x4x12xi8>, vector<4xi1>, vector<4xi8> into vector<4xi8>
// CHECK:         arith.trunci %{{.*}} : vector<16xi64> to vector<16xi32>
// CHECK:         vector.store %{{.*}} : memref<1x2x2x16xi32>, vector<16xi32>
func.func @conv_flat(%x: memref<1x4x4x3xi8>, %w: memref<1x3x3x16x4xi8>, %out: memref<1x2x2x16xi32>) {
  qck.conv2d ins(%x, %w : memref<1x4x4x3xi8>, memref<1x3x3x16x4xi8>) outs(%out : memref<1x2x2x16xi32>) {dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = -2147483648, max = 2147483647>, strides = array<i64: 1, 1>}
  return
}

// -----

// Depthwise: codes zero-extended, weights sign-extended to i32, exact
// products; the residual codes enter the 64-bit requantization as
// (r - 128) * m_r.

// CHECK-LABEL: func @depthwise
// CHECK:         %[[WV:.*]] = vector.load %{{.*}} : memref<1x1x16xi8>, vector<16xi8>
// CHECK:         %[[W:.*]] = arith.extsi %[[WV]] : vector<16xi8> to vector<16xi32>
// CHECK:         %[[XV:.*]] = vector.load %{{.*}} : memref<1x3x3x16xi8>, vector<16xi8>
// CHECK:         %[[X:.*]] = arith.extui %[[XV]] : vector<16xi8> to vector<16xi32>
// CHECK:         arith.muli %[[X]], %[[W]] : vector<16xi32>
// CHECK:         vector.load %{{.*}} : memref<16xi32>, vector<16xi32>
// CHECK:         vector.load %{{.*}} : memref<16xi32>, vector<16xi32>
// CHECK:         %[[RV:.*]] = vector.load %{{.*}} : memref<1x3x3x16xi8>, vector<16xi8>
// CHECK:         %[[R:.*]] = arith.extui %[[RV]] : vector<16xi8> to vector<16xi64>
// CHECK:         %[[RZ:.*]] = arith.subi %[[R]], %{{.*}} : vector<16xi64>
// CHECK:         arith.muli %[[RZ]], %{{.*}} : vector<16xi64>
func.func @depthwise(%x: memref<1x3x3x16xi8>, %w: memref<1x1x16xi8>, %b: memref<16xi32>, %m: memref<16xi32>, %r: memref<1x3x3x16xi8>, %out: memref<1x3x3x16xi8>) {
  qck.depthwise_conv2d ins(%x, %w : memref<1x3x3x16xi8>, memref<1x1x16xi8>) bias(%b : memref<16xi32>) residual(%r : memref<1x3x3x16xi8>) multipliers(%m : memref<16xi32>) outs(%out : memref<1x3x3x16xi8>) {dilations = array<i64: 1, 1>, requant = #qc.requant<multiplier = [1, 2], shift = 31, output_zp = 0, min = 0, max = 255, residual_multiplier = 1073741824, residual_zp = 128>, strides = array<i64: 1, 1>}
  return
}

// -----

// Max pooling works on the code bytes (64 per zmm, unsigned max); average
// pooling sums codes in i32, subtracts window * input_zp (16 * 7 = 112) and
// requantizes.

// CHECK-LABEL: func @pools
// CHECK:         arith.maxui %{{.*}}, %{{.*}} : vector<64xi8>
// CHECK:         vector.store %{{.*}} : memref<1x2x2x64xi8>, vector<64xi8>
// CHECK:         %[[C:.*]] = vector.load %{{.*}} : memref<1x4x4x64xi8>, vector<16xi8>
// CHECK:         %[[CW:.*]] = arith.extui %[[C]] : vector<16xi8> to vector<16xi32>
// CHECK:         arith.addi %{{.*}}, %[[CW]] : vector<16xi32>
// CHECK:         %[[ZP:.*]] = arith.constant dense<112> : vector<16xi32>
// CHECK:         arith.subi %{{.*}}, %[[ZP]] : vector<16xi32>
// CHECK:         arith.shrsi
// CHECK:         vector.store %{{.*}} : memref<1x1x1x64xi8>, vector<16xi8>
func.func @pools(%x: memref<1x4x4x64xi8>, %o1: memref<1x2x2x64xi8>, %o2: memref<1x1x1x64xi8>) {
  qck.pool2d max ins(%x : memref<1x4x4x64xi8>) outs(%o1 : memref<1x2x2x64xi8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
  qck.pool2d avg ins(%x : memref<1x4x4x64xi8>) outs(%o2 : memref<1x1x1x64xi8>) {dilations = array<i64: 1, 1>, kernel = array<i64: 4, 4>, requant = #qc.requant<multiplier = [1073741824], shift = 34, input_zp = 7, output_zp = 7, min = 0, max = 255>, strides = array<i64: 1, 1>}
  return
}
