// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s

// Grouped NCHW conv: the input is zero-padded spatially, channels are split
// into (group, channel-in-group), and one generic runs over
// (n, g, og, oh, ow | cg, kh, kw) with the strides and dilations in the
// input map. The epilogue is one more parallel generic:
// clamp(leaky(acc + bias[c] + residual)).

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d5, d3 * 2 + d6, d4 + d7 * 2)>
// CHECK-DAG:   #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d5, d6, d7)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG:   #[[$CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func @conv_grouped_nchw
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x4x5x5xf32>, %[[F:[^:]*]]: tensor<6x2x3x3xf32>, %[[B:[^:]*]]: tensor<6xf32>, %[[R:[^:]*]]: tensor<1x6x2x2xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 0, 1]
// CHECK:           tensor.yield %[[ZERO]]
// CHECK:         } : tensor<1x4x5x5xf32> to tensor<1x4x6x6xf32>
// CHECK:         %[[X5:.*]] = tensor.expand_shape %[[P]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 6, 6]
// CHECK:         %[[W5:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x3x2x2xf32>)
// CHECK:         %[[ACC5:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[X5]], %[[W5]] : tensor<1x2x2x6x6xf32>, tensor<2x3x2x3x3xf32>) outs(%[[INIT]] : tensor<1x2x3x2x2xf32>)
// CHECK:         ^bb0(%[[I:.*]]: f32, %[[K:.*]]: f32, %[[A:.*]]: f32):
// CHECK:           %[[M:.*]] = arith.mulf %[[I]], %[[K]] : f32
// CHECK:           %[[S:.*]] = arith.addf %[[A]], %[[M]] : f32
// CHECK:           linalg.yield %[[S]]
// CHECK:         %[[ACC:.*]] = tensor.collapse_shape %[[ACC5]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x3x2x2xf32> into tensor<1x6x2x2xf32>
// CHECK:         %[[EPI:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$CH]], #[[$ID]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[ACC]], %[[B]], %[[R]] : tensor<1x6x2x2xf32>, tensor<6xf32>, tensor<1x6x2x2xf32>)
// CHECK:         ^bb0(%[[V:.*]]: f32, %[[BV:.*]]: f32, %[[RV:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[T0:.*]] = arith.addf %[[V]], %[[BV]] : f32
// CHECK:           %[[T1:.*]] = arith.addf %[[T0]], %[[RV]] : f32
// CHECK:           %[[AL:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:           %[[T2:.*]] = arith.mulf %[[T1]], %[[AL]] : f32
// CHECK:           %[[PO:.*]] = arith.cmpf oge, %[[T1]], %{{.*}} : f32
// CHECK:           %[[T3:.*]] = arith.select %[[PO]], %[[T1]], %[[T2]] : f32
// CHECK:           %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK:           %[[T4:.*]] = arith.minimumf %[[T3]], %[[HI]] : f32
// CHECK:           linalg.yield %[[T4]]
// CHECK:         return %[[EPI]]
func.func @conv_grouped_nchw(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>, %r: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = qc.conv2d %x, %w, %b residual(%r) {dilations = array<i64: 1, 2>, groups = 2 : i64, pads = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 1>, leaky_alpha = 0.5 : f32, clamp_max = 6.0 : f32} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>, tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// -----

// NHWC: channels split at the end ([N, H, W, G, CG]), the OHWI filter as
// [G, OG, KH, KW, CG]; without padding or epilogue there is neither a
// tensor.pad nor an epilogue generic.

// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3 + d6, d4 + d7, d1, d5)>
// CHECK-DAG:   #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d6, d7, d5)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d3, d4, d1, d2)>
// CHECK-LABEL: func @conv_nhwc
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x5x5x4xf32>, %[[F:[^:]*]]: tensor<6x3x3x4xf32>
// CHECK-NOT:     tensor.pad
// CHECK:         %[[X5:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 5, 5, 1, 4]
// CHECK:         %[[W5:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1], [2], [3], [4]] output_shape [1, 6, 3, 3, 4]
// CHECK:         %[[ACC5:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], {{.*}}} ins(%[[X5]], %[[W5]] : tensor<1x5x5x1x4xf32>, tensor<1x6x3x3x4xf32>) outs(%{{.*}} : tensor<1x3x3x1x6xf32>)
// CHECK:         %[[ACC:.*]] = tensor.collapse_shape %[[ACC5]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x3x3x1x6xf32> into tensor<1x3x3x6xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[ACC]]
func.func @conv_nhwc(%x: tensor<1x5x5x4xf32>, %w: tensor<6x3x3x4xf32>) -> tensor<1x3x3x6xf32> {
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5x4xf32>, tensor<6x3x3x4xf32>) -> tensor<1x3x3x6xf32>
  return %0 : tensor<1x3x3x6xf32>
}

// -----

// Integer conv: i8 operands sign-extended into an i32 accumulator; the
// integer epilogue uses addi / maxsi.

// CHECK-LABEL: func @conv_int8
// CHECK:         linalg.fill ins(%{{.*}} : i32) outs(%{{.*}} : tensor<1x1x2x3x3xi32>)
// CHECK:         ^bb0(%[[I:.*]]: i8, %[[K:.*]]: i8, %[[A:.*]]: i32):
// CHECK:           %[[I32:.*]] = arith.extsi %[[I]] : i8 to i32
// CHECK:           %[[K32:.*]] = arith.extsi %[[K]] : i8 to i32
// CHECK:           %[[M:.*]] = arith.muli %[[I32]], %[[K32]] : i32
// CHECK:           arith.addi %[[A]], %[[M]] : i32
// CHECK:         ^bb0(%[[V:.*]]: i32, %[[BV:.*]]: i32, %{{.*}}: i32):
// CHECK:           %[[T:.*]] = arith.addi %[[V]], %[[BV]] : i32
// CHECK:           %[[Z:.*]] = arith.constant 0 : i32
// CHECK:           arith.maxsi %[[T]], %[[Z]] : i32
func.func @conv_int8(%x: tensor<1x2x3x3xi8>, %w: tensor<2x2x1x1xi8>, %b: tensor<2xi32>) -> tensor<1x2x3x3xi32> {
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, clamp_min = 0.0 : f32} : (tensor<1x2x3x3xi8>, tensor<2x2x1x1xi8>, tensor<2xi32>) -> tensor<1x2x3x3xi32>
  return %0 : tensor<1x2x3x3xi32>
}

// -----

// 2-d matmul: a generic over (m, n | k), then bias along the last dimension
// and relu.

// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$N:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @matmul_bias_relu
// CHECK-SAME:    %[[A:[^:]*]]: tensor<4x5xf32>, %[[B:[^:]*]]: tensor<5x3xf32>, %[[BIAS:[^:]*]]: tensor<3xf32>
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x3xf32>)
// CHECK:         %[[MM:.*]] = linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[A]], %[[B]] : tensor<4x5xf32>, tensor<5x3xf32>) outs(%[[Z]] : tensor<4x3xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:         %[[E:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$N]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[MM]], %[[BIAS]] : tensor<4x3xf32>, tensor<3xf32>)
// CHECK:           arith.addf
// CHECK:           arith.maximumf
// CHECK:         return %[[E]]
func.func @matmul_bias_relu(%a: tensor<4x5xf32>, %b: tensor<5x3xf32>, %bias: tensor<3xf32>) -> tensor<4x3xf32> {
  %0 = qc.matmul %a, %b, %bias {clamp_min = 0.0 : f32} : (tensor<4x5xf32>, tensor<5x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Batched matmul with broadcasting batch dimensions ([2, 1] x [3] ->
// [2, 3]): the size-1 batch dimension is read at 0.

// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, d2, d4)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d4, d3)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @matmul_batched_broadcast
// CHECK:         %[[MM:.*]] = linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<2x1x4x5xf32>, tensor<3x5x6xf32>) outs(%{{.*}} : tensor<2x3x4x6xf32>)
// CHECK:         return %[[MM]]
func.func @matmul_batched_broadcast(%a: tensor<2x1x4x5xf32>, %b: tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32> {
  %0 = qc.matmul %a, %b : (tensor<2x1x4x5xf32>, tensor<3x5x6xf32>) -> tensor<2x3x4x6xf32>
  return %0 : tensor<2x3x4x6xf32>
}

// -----

// A rank-1 lhs is a row vector: promoted to [1, K], and the unit dimension
// is dropped from the result by a reshape.

// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d3)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-LABEL: func @vector_matrix
// CHECK-SAME:    %[[A:[^:]*]]: tensor<5xf32>
// CHECK:         %[[A2:.*]] = tensor.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [1, 5] : tensor<5xf32> into tensor<1x5xf32>
// CHECK:         %[[MM:.*]] = linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #{{.*}}]{{.*}} ins(%[[A2]], %{{.*}} : tensor<1x5xf32>, tensor<2x5x6xf32>) outs(%{{.*}} : tensor<2x1x6xf32>)
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %[[MM]] {{\[}}[0, 1, 2]] : tensor<2x1x6xf32> into tensor<12xf32>
// CHECK:         %[[RES:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [2, 6] : tensor<12xf32> into tensor<2x6xf32>
// CHECK:         return %[[RES]]
func.func @vector_matrix(%a: tensor<5xf32>, %b: tensor<2x5x6xf32>) -> tensor<2x6xf32> {
  %0 = qc.matmul %a, %b : (tensor<5xf32>, tensor<2x5x6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

// A rank-1 rhs is a column vector; a residual still applies elementwise.

// CHECK-LABEL: func @matrix_vector_residual
// CHECK-SAME:    %{{[^:]*}}: tensor<4x5xf32>, %[[B:[^:]*]]: tensor<5xf32>, %[[R:[^:]*]]: tensor<4xf32>
// CHECK:         %[[B2:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [5, 1] : tensor<5xf32> into tensor<5x1xf32>
// CHECK:         %[[MM:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[B2]] : tensor<4x5xf32>, tensor<5x1xf32>) outs(%{{.*}} : tensor<4x1xf32>)
// CHECK:         %[[V:.*]] = tensor.collapse_shape %[[MM]] {{\[}}[0, 1]] : tensor<4x1xf32> into tensor<4xf32>
// CHECK:         %[[E:.*]] = linalg.generic {{.*}} ins(%[[V]], %[[R]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:           arith.addf
// CHECK:         return %[[E]]
func.func @matrix_vector_residual(%a: tensor<4x5xf32>, %b: tensor<5xf32>, %r: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.matmul %a, %b residual(%r) : (tensor<4x5xf32>, tensor<5xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// vector . vector: a [1, 1] product collapsed to rank 0.

// CHECK-LABEL: func @dot
// CHECK:         %[[MM:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1xf32>)
// CHECK:         %[[S:.*]] = tensor.collapse_shape %[[MM]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         return %[[S]]
func.func @dot(%a: tensor<5xf32>, %b: tensor<5xf32>) -> tensor<f32> {
  %0 = qc.matmul %a, %b : (tensor<5xf32>, tensor<5xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
