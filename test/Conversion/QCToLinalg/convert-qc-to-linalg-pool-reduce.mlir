// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s

// Max pooling with ceil_mode: the input is padded with -inf far enough for
// every window (here one extra row/column at the bottom/right), and a
// generic over (n, c, oh, ow | kh, kw) takes the max, starting from -inf.

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG:   #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @max_pool_ceil
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x2x5x5xf32>
// CHECK:         %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[NINF]]
// CHECK:         } : tensor<1x2x5x5xf32> to tensor<1x2x6x6xf32>
// CHECK:         %[[W:.*]] = tensor.empty() : tensor<2x2xf32>
// CHECK:         %[[NINF2:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NINF2]] : f32) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[P]], %[[W]] : tensor<1x2x6x6xf32>, tensor<2x2xf32>) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
// CHECK:           arith.maximumf
// CHECK:         return %[[R]]
func.func @max_pool_ceil(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = qc.max_pool2d %x {ceil_mode = true, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Integer max pooling pads and starts with the type's minimum; dilations
// scale the window offsets. No padding is needed here.

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4 * 2, d3 + d5 * 2)>
// CHECK-LABEL: func @max_pool_int_dilated
// CHECK-NOT:     tensor.pad
// CHECK:         arith.constant -128 : i8
// CHECK:         linalg.fill ins(%{{.*}} : i8)
// CHECK:         linalg.generic {indexing_maps = [#[[$IN]], #{{.*}}, #{{.*}}]
// CHECK:           arith.maxsi
func.func @max_pool_int_dilated(%x: tensor<1x1x5x5xi8>) -> tensor<1x1x3x3xi8> {
  %0 = qc.max_pool2d %x {dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x5x5xi8>) -> tensor<1x1x3x3xi8>
  return %0 : tensor<1x1x3x3xi8>
}

// -----

// NHWC average pooling without count_include_pad: the window sum is
// multiplied by a constant of per-window reciprocal divisors [OH, OW]
// (corner 1 valid element, edges 2, inside 4).

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2 * 2 + d4, d3 * 2 + d5, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d2, d3, d1)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$HW:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func @avg_pool_nhwc_divisors
// CHECK:         %[[P:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #{{.*}}, #[[$OUT]]], {{.*}}} ins(%[[P]], %{{.*}} : tensor<1x4x4x2xf32>, tensor<2x2xf32>)
// CHECK:           arith.addf
// CHECK:         %[[DIV:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 5.000000e-01], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$HW]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SUM]], %[[DIV]] : tensor<1x2x2x2xf32>, tensor<2x2xf32>)
// CHECK:           arith.mulf
// CHECK:         return %[[R]]
func.func @avg_pool_nhwc_divisors(%x: tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = qc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// count_include_pad counts the explicit padding but never the extension
// added by ceil_mode: H = W = 4, pads 1 at the top/left only, kernel 2,
// stride 2; ceil_mode gives 3 windows per dimension, [-1, 1), [1, 3) and
// [3, 5), the last clipped to the padded end 4: counts 2, 2, 1.

// CHECK-LABEL: func @avg_pool_count_pad_ceil
// CHECK:         arith.constant dense<{{\[\[}}2.500000e-01, 2.500000e-01, 5.000000e-01], [2.500000e-01, 2.500000e-01, 5.000000e-01], [5.000000e-01, 5.000000e-01, 1.000000e+00]]> : tensor<3x3xf32>
func.func @avg_pool_count_pad_ceil(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32> {
  %0 = qc.avg_pool2d %x {ceil_mode = true, count_include_pad = true, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x3x3xf32>
}

// -----

// reduce_mean: kept dimensions first in the loop order, then the reduced
// ones; the sum is scaled by 1/count (1/12) and reshaped back to keepdims.

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func @reduce_mean_keepdims
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK:         %[[S:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<2x3x4xf32>) outs(%[[Z]] : tensor<2xf32>)
// CHECK:           arith.addf
// CHECK:         %[[M:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<2xf32>)
// CHECK:           %[[INV:.*]] = arith.constant 0.0833333358 : f32
// CHECK:           arith.mulf %{{.*}}, %[[INV]] : f32
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[M]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
// CHECK:         return %[[R]]
func.func @reduce_mean_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = qc.reduce_mean %x {axes = array<i64: 1, 2>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// Reducing the leading axis: the input map puts the reduced loop last.

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func @reduce_max_int_leading
// CHECK:         %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         %[[Z:.*]] = linalg.fill ins(%[[MIN]] : i32) outs(%{{.*}} : tensor<3xi32>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<2x3xi32>) outs(%[[Z]] : tensor<3xi32>)
// CHECK:           arith.maxsi
// CHECK:         return %[[R]]
func.func @reduce_max_int_leading(%x: tensor<2x3xi32>) -> tensor<3xi32> {
  %0 = qc.reduce_max %x {axes = array<i64: 0>, keepdims = false} : (tensor<2x3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// -----

// CHECK-LABEL: func @reduce_min_sum_prod
// CHECK:         %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK:         linalg.fill ins(%[[INF]] : f32)
// CHECK:           arith.minimumf
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         linalg.fill ins(%[[ZERO]] : f32)
// CHECK:           arith.addf
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         linalg.fill ins(%[[ONE]] : f32)
// CHECK:           arith.mulf
func.func @reduce_min_sum_prod(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = qc.reduce_min %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  %1 = qc.reduce_sum %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  %2 = qc.reduce_prod %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// softmax = exp(x - max) / sum(exp(x - max)) along the axis; the row max and
// sum are reshaped to keepdims and broadcast back.

// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG:   #[[$BC:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func @softmax
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x5xf32>
// CHECK:         %[[MX:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x5xf32>)
// CHECK:           arith.maximumf
// CHECK:         %[[MX2:.*]] = tensor.expand_shape %[[MX]] {{\[}}[0, 1]] output_shape [2, 1]
// CHECK:         %[[SH:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BC]], #[[$ID]]], {{.*}}} ins(%[[X]], %[[MX2]] : tensor<2x5xf32>, tensor<2x1xf32>)
// CHECK:           arith.subf
// CHECK:         %[[E:.*]] = linalg.generic {{.*}} ins(%[[SH]] : tensor<2x5xf32>)
// CHECK:           math.exp
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[E]] : tensor<2x5xf32>)
// CHECK:           arith.addf
// CHECK:         %[[SUM2:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0, 1]] output_shape [2, 1]
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$BC]], #[[$ID]]], {{.*}}} ins(%[[E]], %[[SUM2]] : tensor<2x5xf32>, tensor<2x1xf32>)
// CHECK:           arith.divf
// CHECK:         return %[[R]]
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = qc.softmax %x {axis = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// log_softmax = (x - max) - log(sum(exp(x - max))), here along axis 0.

// CHECK-DAG:   #[[$BC:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func @log_softmax_axis0
// CHECK:         %[[SH:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x5xf32>, tensor<1x5xf32>)
// CHECK:           arith.subf
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[$BC]], #{{.*}}], {{.*}}} ins(%[[SH]], %{{.*}} : tensor<2x5xf32>, tensor<1x5xf32>)
// CHECK:         ^bb0(%[[A:.*]]: f32, %[[S:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[L:.*]] = math.log %[[S]] : f32
// CHECK:           arith.subf %[[A]], %[[L]] : f32
// CHECK:         return %[[R]]
func.func @log_softmax_axis0(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = qc.log_softmax %x {axis = 0 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// LRN (size 4): squares, zero-padded over channels by floor(3/2) = 1 below
// and ceil(3/2) = 2 above, a windowed sum over the channel offset, then
// x / (bias + alpha/size * sum)^beta with alpha/size = 2/4.

// CHECK-DAG:   #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1 + d4, d2, d3)>
// CHECK-DAG:   #[[$K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-LABEL: func @lrn
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x4x2x2xf32>
// CHECK:         %[[SQ:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<1x4x2x2xf32>)
// CHECK:           arith.mulf %[[V:.*]], %[[V]] : f32
// CHECK:         %[[P:.*]] = tensor.pad %[[SQ]] low[0, 1, 0, 0] high[0, 2, 0, 0]
// CHECK:         } : tensor<1x4x2x2xf32> to tensor<1x7x2x2xf32>
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$WIN]], #[[$K]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[P]], %{{.*}} : tensor<1x7x2x2xf32>, tensor<4xf32>)
// CHECK:           arith.addf
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[SUM]] : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>)
// CHECK:         ^bb0(%[[XV:.*]]: f32, %[[SV:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[AL:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:           %[[T0:.*]] = arith.mulf %[[SV]], %[[AL]] : f32
// CHECK:           %[[BI:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:           %[[T1:.*]] = arith.addf %[[T0]], %[[BI]] : f32
// CHECK:           %[[BE:.*]] = arith.constant 7.500000e-01 : f32
// CHECK:           %[[T2:.*]] = math.powf %[[T1]], %[[BE]] : f32
// CHECK:           arith.divf %[[XV]], %[[T2]] : f32
// CHECK:         return %[[R]]
func.func @lrn(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = qc.lrn %x {alpha = 2.0 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 4 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

// batch_norm (left when not folded): one generic reading the per-channel
// operands along dimension 1, (x - mean) * rsqrt(var + eps) * scale + bias.

// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$C:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func @batch_norm
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$C]], #[[$C]], #[[$C]], #[[$C]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[S:.*]]: f32, %[[B:.*]]: f32, %[[M:.*]]: f32, %[[V:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK:           %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : f32
// CHECK:           %[[INV:.*]] = math.rsqrt %[[VE]] : f32
// CHECK:           %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK:           %[[N:.*]] = arith.mulf %[[D]], %[[INV]] : f32
// CHECK:           %[[SC:.*]] = arith.mulf %[[N]], %[[S]] : f32
// CHECK:           arith.addf %[[SC]], %[[B]] : f32
func.func @batch_norm(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x4xf32> {
  %0 = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
