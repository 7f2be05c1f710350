// RUN: quantc-opt %s -split-input-file -quantc-cpu-expand-kernels="vector-bits=256" | FileCheck %s

// matmul, M = 13, N = 20, NR = 16 (two 8-lane vectors): tiles of MR = 6
// rows (12 accumulators fit the 256-bit budget). Four statically shaped
// foralls: full tiles, the row tail (row 12), the column tail (the last 4
// columns, masked) and the corner. The reduction loop carries the
// accumulators and holds only loads, broadcasts and FMAs; the epilogue
// clamp(leaky(acc + bias + residual)) runs on the registers before the
// only store.

// CHECK-LABEL: func @matmul_tiles
// CHECK-SAME:    %[[A:[^:]*]]: memref<13x5xf32>, %[[B:[^:]*]]: memref<2x5x16xf32>, %[[BIAS:[^:]*]]: memref<32xf32>, %[[R:[^:]*]]: memref<13x20xf32>, %[[OUT:[^:]*]]: memref<13x20xf32>
// Full tiles: 2 row tiles x 1 full column block.
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           %[[ACC:.*]]:12 = scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(
// CHECK:             %[[B0:.*]] = vector.load %[[B]][%{{.*}}, %[[K]], %{{.*}}] : memref<2x5x16xf32>, vector<8xf32>
// CHECK:             %[[B1:.*]] = vector.load %[[B]][%{{.*}}, %[[K]], %{{.*}}] : memref<2x5x16xf32>, vector<8xf32>
// CHECK:             %[[A0:.*]] = memref.load %[[A]][%{{.*}}, %[[K]]] : memref<13x5xf32>
// CHECK:             %[[A0V:.*]] = vector.broadcast %[[A0]] : f32 to vector<8xf32>
// CHECK:             vector.fma %[[A0V]], %[[B0]], %{{.*}} : vector<8xf32>
// CHECK:             vector.fma %[[A0V]], %[[B1]], %{{.*}} : vector<8xf32>
// CHECK-COUNT-10:    vector.fma
// CHECK-NOT:         vector.fma
// CHECK:             scf.yield
// CHECK:           %[[BV:.*]] = vector.load %[[BIAS]][%{{.*}}] : memref<32xf32>, vector<8xf32>
// CHECK:           %[[RV:.*]] = vector.load %[[R]][%{{.*}}, %{{.*}}] : memref<13x20xf32>, vector<8xf32>
// CHECK:           %[[E0:.*]] = arith.addf %[[ACC]]#0, %[[BV]] : vector<8xf32>
// CHECK:           %[[E1:.*]] = arith.addf %[[E0]], %[[RV]] : vector<8xf32>
// CHECK:           %[[AL:.*]] = arith.constant dense<1.000000e-01> : vector<8xf32>
// CHECK:           %[[E2:.*]] = arith.mulf %[[E1]], %[[AL]] : vector<8xf32>
// CHECK:           %[[E3:.*]] = arith.maximumf %[[E1]], %[[E2]] : vector<8xf32>
// CHECK:           %[[LO:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK:           %[[E4:.*]] = arith.maximumf %[[E3]], %[[LO]] : vector<8xf32>
// CHECK:           %[[HI:.*]] = arith.constant dense<6.000000e+00> : vector<8xf32>
// CHECK:           %[[E5:.*]] = arith.minimumf %[[E4]], %[[HI]] : vector<8xf32>
// CHECK:           vector.store %[[E5]], %[[OUT]][%{{.*}}, %{{.*}}] : memref<13x20xf32>, vector<8xf32>
// CHECK-COUNT-11:  vector.store %{{.*}}, %[[OUT]]
// CHECK-NOT:       vector.maskedstore
// Row tail: the last row (12) with the full column block.
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           arith.constant 12 : index
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>) {
// CHECK-COUNT-2:     vector.fma
// CHECK-NOT:         vector.fma
// CHECK:             scf.yield
// CHECK-COUNT-2:   vector.store %{{.*}}, %[[OUT]]
// CHECK-NOT:       vector.maskedstore
// Column tail: 2 row tiles x the last 4 columns, one masked vector.
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-COUNT-6:     vector.fma
// CHECK-NOT:         vector.fma
// CHECK:             scf.yield
// CHECK:           %[[M0:.*]] = vector.constant_mask [4] : vector<8xi1>
// CHECK:           vector.maskedload %[[R]][%{{.*}}, %{{.*}}], %[[M0]], %{{.*}} : memref<13x20xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK:           %[[M1:.*]] = vector.constant_mask [4] : vector<8xi1>
// CHECK:           vector.maskedstore %[[OUT]][%{{.*}}, %{{.*}}], %[[M1]], %{{.*}} : memref<13x20xf32>, vector<8xi1>, vector<8xf32>
// CHECK-COUNT-5:   vector.maskedstore %[[OUT]]
// CHECK-NOT:       vector.store
// Corner: row 12 x the last 4 columns.
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>) {
// CHECK:             vector.fma
// CHECK-NOT:         vector.fma
// CHECK:             scf.yield
// CHECK:           vector.maskedstore %[[OUT]]
// CHECK-NOT:       vector.store
// CHECK-NOT:     qck.matmul
// CHECK:         return
func.func @matmul_tiles(%a: memref<13x5xf32>, %b: memref<2x5x16xf32>, %bias: memref<32xf32>, %r: memref<13x20xf32>, %out: memref<13x20xf32>) {
  qck.matmul ins(%a, %b : memref<13x5xf32>, memref<2x5x16xf32>) bias(%bias : memref<32xf32>) residual(%r : memref<13x20xf32>) outs(%out : memref<13x20xf32>) {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32, leaky_alpha = 0.1 : f32}
  return
}

// -----

// No tails: a single forall, unmasked.

// CHECK-LABEL: func @matmul_exact
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NOT:       vector.maskedstore
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @matmul_exact(%a: memref<16x3xf32>, %b: memref<1x3x8xf32>, %out: memref<16x8xf32>) {
  qck.matmul ins(%a, %b : memref<16x3xf32>, memref<1x3x8xf32>) outs(%out : memref<16x8xf32>)
  return
}

// -----

// A leaky ReLU slope outside [0, 1] cannot use max(x, a * x): compare and
// select.

// CHECK-LABEL: func @matmul_leaky_steep
// CHECK:         %[[AL:.*]] = arith.constant dense<2.000000e+00> : vector<8xf32>
// CHECK:         %[[S:.*]] = arith.mulf %[[X:.*]], %[[AL]] : vector<8xf32>
// CHECK:         %[[Z:.*]] = arith.constant dense<0.000000e+00> : vector<8xf32>
// CHECK:         %[[P:.*]] = arith.cmpf oge, %[[X]], %[[Z]] : vector<8xf32>
// CHECK:         %[[Y:.*]] = arith.select %[[P]], %[[X]], %[[S]] : vector<8xi1>, vector<8xf32>
// CHECK:         vector.store %[[Y]]
func.func @matmul_leaky_steep(%a: memref<8x3xf32>, %b: memref<1x3x8xf32>, %out: memref<8x8xf32>) {
  qck.matmul ins(%a, %b : memref<8x3xf32>, memref<1x3x8xf32>) outs(%out : memref<8x8xf32>) {leaky_alpha = 2.0 : f32}
  return
}

// -----

// conv2d with unit horizontal dilation: (kw, c) is contiguous in the input
// row and in the packed filter, so both are collapsed and the reduction is
// kh x (KW * C). OW = 7 = 6 + 1 rows, OC = 20 = 16 + 4 channels: four
// foralls over (block, n, oh, row tile), 4 tiles each (OH = 4).

// CHECK-LABEL: func @conv_flat
// CHECK-SAME:    %[[X:[^:]*]]: memref<1x6x9x3xf32>, %[[W:[^:]*]]: memref<2x3x3x3x16xf32>, %[[OUT:[^:]*]]: memref<1x4x7x20xf32>
// CHECK:         %[[XF:.*]] = memref.collapse_shape %[[X]] {{\[}}[0], [1], [2, 3]] : memref<1x6x9x3xf32> into memref<1x6x27xf32>
// CHECK:         %[[WF:.*]] = memref.collapse_shape %[[W]] {{\[}}[0], [1], [2, 3], [4]] : memref<2x3x3x3x16xf32> into memref<2x3x9x16xf32>
// Full tiles: 6 pixels x 2 vectors.
// CHECK:         scf.forall (%{{.*}}) in (4) {
// CHECK:           %[[ACC:.*]]:12 = scf.for %[[KH:.*]] = %{{.*}} to %{{.*}} step
// CHECK:             scf.for %[[Q:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK:               vector.load %[[WF]][%{{.*}}, %[[KH]], %[[Q]], %{{.*}}] : memref<2x3x9x16xf32>, vector<8xf32>
// CHECK:               vector.load %[[WF]][%{{.*}}, %[[KH]], %[[Q]], %{{.*}}] : memref<2x3x9x16xf32>, vector<8xf32>
// CHECK:               memref.load %[[XF]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x6x27xf32>
// CHECK-COUNT-12:      vector.fma
// CHECK-NOT:           vector.fma
// CHECK:               scf.yield
// CHECK:             scf.yield
// CHECK:           vector.store %[[ACC]]#0, %[[OUT]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x4x7x20xf32>, vector<8xf32>
// CHECK-COUNT-11:  vector.store
// CHECK-NOT:       vector.maskedstore
// Pixel tail: 1 pixel x 2 vectors.
// CHECK:         scf.forall (%{{.*}}) in (4) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>) {
// CHECK-COUNT-2:   vector.store
// CHECK-NOT:       vector.maskedstore
// Channel tail: 6 pixels x 1 masked vector (4 channels).
// CHECK:         scf.forall (%{{.*}}) in (4) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-COUNT-6:   vector.maskedstore %[[OUT]]
// CHECK-NOT:       vector.store
// Corner.
// CHECK:         scf.forall (%{{.*}}) in (4) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>) {
// CHECK:           vector.maskedstore %[[OUT]]
// CHECK-NOT:       vector.store
// CHECK-NOT:     qck.conv2d
// CHECK:         return
func.func @conv_flat(%x: memref<1x6x9x3xf32>, %w: memref<2x3x3x3x16xf32>, %out: memref<1x4x7x20xf32>) {
  qck.conv2d ins(%x, %w : memref<1x6x9x3xf32>, memref<2x3x3x3x16xf32>) outs(%out : memref<1x4x7x20xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
  return
}

// -----

// Horizontal dilation 2: no collapsing; the reduction is kh, kw, c and the
// input column is (ow * sw) + kw * dw. OW = 5 < MR = 8: only the row-tail
// forall, over (n, oh) = 2 tiles.

// CHECK-LABEL: func @conv_dilated
// CHECK-SAME:    %[[X:[^:]*]]: memref<1x6x9x3xf32>, %[[W:[^:]*]]: memref<1x3x3x3x8xf32>, %[[OUT:[^:]*]]: memref<1x2x5x8xf32>
// CHECK-NOT:     memref.collapse_shape
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           scf.for %[[KH:[^ ]*]] =
// CHECK:             scf.for %[[KW:[^ ]*]] =
// CHECK:               scf.for %[[C:[^ ]*]] = {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK:                 vector.load %[[W]][%{{.*}}, %[[KH]], %[[KW]], %[[C]], %{{.*}}] : memref<1x3x3x3x8xf32>, vector<8xf32>
// CHECK:                 memref.load %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %[[C]]] : memref<1x6x9x3xf32>
// CHECK-COUNT-5:         vector.fma
// CHECK-NOT:             vector.fma
// CHECK:                 scf.yield
// CHECK-COUNT-5:   vector.store %{{.*}}, %[[OUT]]
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @conv_dilated(%x: memref<1x6x9x3xf32>, %w: memref<1x3x3x3x8xf32>, %out: memref<1x2x5x8xf32>) {
  qck.conv2d ins(%x, %w : memref<1x6x9x3xf32>, memref<1x3x3x3x8xf32>) outs(%out : memref<1x2x5x8xf32>) {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>}
  return
}

// -----

// Depthwise: vectorized along channels, tiles of 4 pixels x 2 channel
// vectors (16 channels); C = 20 leaves a masked 4-channel tail, OW = 5 a
// 1-pixel tail. Input and filter are vector loads (masked in the channel
// tail); the bias is [C], so its load is masked too.

// CHECK-LABEL: func @depthwise
// CHECK-SAME:    %[[X:[^:]*]]: memref<1x3x7x20xf32>, %[[W:[^:]*]]: memref<3x3x20xf32>, %[[B:[^:]*]]: memref<20xf32>, %[[OUT:[^:]*]]: memref<1x1x5x20xf32>
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           %[[ACC:.*]]:8 = scf.for %[[KH:[^ ]*]] =
// CHECK:             scf.for %[[KW:[^ ]*]] =
// CHECK:               %[[WV:.*]] = vector.load %[[W]][%[[KH]], %[[KW]], %{{.*}}] : memref<3x3x20xf32>, vector<8xf32>
// CHECK:               %[[XV:.*]] = vector.load %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x3x7x20xf32>, vector<8xf32>
// CHECK:               vector.fma %[[XV]], %[[WV]], %{{.*}} : vector<8xf32>
// CHECK-COUNT-7:       vector.fma
// CHECK-NOT:           vector.fma
// CHECK:               scf.yield
// CHECK:           %[[BV:.*]] = vector.load %[[B]][%{{.*}}] : memref<20xf32>, vector<8xf32>
// CHECK:           %[[S:.*]] = arith.addf %[[ACC]]#0, %[[BV]] : vector<8xf32>
// CHECK:           %[[HI:.*]] = arith.constant dense<6.000000e+00> : vector<8xf32>
// CHECK:           %[[Y:.*]] = arith.minimumf %[[S]], %[[HI]] : vector<8xf32>
// CHECK:           vector.store %[[Y]], %[[OUT]]
// CHECK-COUNT-7:   vector.store %{{.*}}, %[[OUT]]
// CHECK-NOT:       vector.masked
// Pixel tail.
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>) {
// CHECK-NOT:       vector.masked
// Channel tail: masked loads of filter, input and bias, masked stores.
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK:               %[[M:.*]] = vector.constant_mask [4] : vector<8xi1>
// CHECK:               vector.maskedload %[[W]][%{{.*}}, %{{.*}}, %{{.*}}], %[[M]], %{{.*}} : memref<3x3x20xf32>
// CHECK:               vector.maskedload %[[X]]
// CHECK:           vector.maskedload %[[B]]
// CHECK:           vector.maskedstore %[[OUT]]
// CHECK-NOT:       vector.store
// Corner.
// CHECK:         scf.forall (%{{.*}}) in (1) {
// CHECK:           scf.for {{.*}} -> (vector<8xf32>) {
// CHECK:           vector.maskedstore %[[OUT]]
// CHECK-NOT:     qck.depthwise_conv2d
// CHECK:         return
func.func @depthwise(%x: memref<1x3x7x20xf32>, %w: memref<3x3x20xf32>, %b: memref<20xf32>, %out: memref<1x1x5x20xf32>) {
  qck.depthwise_conv2d ins(%x, %w : memref<1x3x7x20xf32>, memref<3x3x20xf32>) bias(%b : memref<20xf32>) outs(%out : memref<1x1x5x20xf32>) {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, clamp_max = 6.0 : f32}
  return
}

// -----

// Max pooling starts from -inf and takes maximumf per tap; no scaling.

// CHECK-LABEL: func @max_pool
// CHECK-SAME:    %[[X:[^:]*]]: memref<1x4x4x8xf32>, %[[OUT:[^:]*]]: memref<1x2x2x8xf32>
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           %[[NINF:.*]] = arith.constant dense<0xFF800000> : vector<8xf32>
// CHECK:           %[[ACC:.*]]:2 = scf.for {{.*}} iter_args(%{{.*}} = %[[NINF]], %{{.*}} = %[[NINF]])
// CHECK:             scf.for
// CHECK:               %[[V:.*]] = vector.load %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<1x4x4x8xf32>, vector<8xf32>
// CHECK:               arith.maximumf %{{.*}}, %[[V]] : vector<8xf32>
// CHECK-NOT:       arith.mulf
// CHECK:           vector.store %[[ACC]]#0, %[[OUT]]
// CHECK:           vector.store %[[ACC]]#1, %[[OUT]]
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @max_pool(%x: memref<1x4x4x8xf32>, %out: memref<1x2x2x8xf32>) {
  qck.pool2d max ins(%x : memref<1x4x4x8xf32>) outs(%out : memref<1x2x2x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

// Average pooling with divisors: each output pixel's sum is scaled by the
// broadcast divisors[oh, ow].

// CHECK-LABEL: func @avg_pool_divisors
// CHECK-SAME:    %[[X:[^:]*]]: memref<1x4x4x4xf32>, %[[D:[^:]*]]: memref<2x2xf32>, %[[OUT:[^:]*]]: memref<1x2x2x4xf32>
// CHECK:         scf.forall (%{{.*}}) in (2) {
// CHECK:           %[[ACC:.*]]:2 = scf.for
// CHECK:               vector.maskedload %[[X]]
// CHECK:               arith.addf
// CHECK:           %[[DV:.*]] = memref.load %[[D]][%{{.*}}, %{{.*}}] : memref<2x2xf32>
// CHECK:           %[[DB:.*]] = vector.broadcast %[[DV]] : f32 to vector<8xf32>
// CHECK:           %[[Y:.*]] = arith.mulf %[[ACC]]#0, %[[DB]] : vector<8xf32>
// CHECK:           %[[M:.*]] = vector.constant_mask [4] : vector<8xi1>
// CHECK:           vector.maskedstore %[[OUT]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}], %[[M]], %[[Y]]
// CHECK:           memref.load %[[D]]
// CHECK:           vector.maskedstore %[[OUT]]
// CHECK:         return
func.func @avg_pool_divisors(%x: memref<1x4x4x4xf32>, %d: memref<2x2xf32>, %out: memref<1x2x2x4xf32>) {
  qck.pool2d avg ins(%x : memref<1x4x4x4xf32>) divisors(%d : memref<2x2xf32>) outs(%out : memref<1x2x2x4xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}

// -----

// Without divisors the sum is scaled by 1 / (KH * KW) = 1/4.

// CHECK-LABEL: func @avg_pool_uniform
// CHECK:         %[[ACC:.*]]:2 = scf.for
// CHECK-NOT:     memref.load
// CHECK:         %[[Q:.*]] = arith.constant dense<2.500000e-01> : vector<8xf32>
// CHECK:         %[[Y:.*]] = arith.mulf %[[ACC]]#0, %[[Q]] : vector<8xf32>
// CHECK:         vector.store %[[Y]]
func.func @avg_pool_uniform(%x: memref<1x4x4x8xf32>, %out: memref<1x2x2x8xf32>) {
  qck.pool2d avg ins(%x : memref<1x4x4x8xf32>) outs(%out : memref<1x2x2x8xf32>) {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>}
  return
}
