// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s

// Elementwise ops become one parallel linalg.generic over the result; each
// operand is read through a numpy broadcasting map (aligned right, size-1
// dimensions read at 0).

// CHECK-DAG:   #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$BC:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func @add_broadcast
// CHECK-SAME:    %[[A:[^:]*]]: tensor<2x3x4xf32>, %[[B:[^:]*]]: tensor<3x1xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x3x4xf32>
// CHECK:         %[[G:.*]] = linalg.generic {indexing_maps = [#[[$ID3]], #[[$BC]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[A]], %[[B]] : tensor<2x3x4xf32>, tensor<3x1xf32>) outs(%[[E]] : tensor<2x3x4xf32>)
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK:           linalg.yield %[[S]] : f32
// CHECK:         return %[[G]]
func.func @add_broadcast(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = qc.add %a, %b : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Both operands broadcast; max of floats propagates NaN (maximumf).

// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func @max_both_broadcast
// CHECK:         linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]], iterator_types = ["parallel", "parallel"]}
// CHECK:           arith.maximumf
func.func @max_both_broadcast(%a: tensor<4x1xf32>, %b: tensor<1x5xf32>) -> tensor<4x5xf32> {
  %0 = qc.max %a, %b : (tensor<4x1xf32>, tensor<1x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// A rank-0 operand is read with the empty map; integer ops use the signed
// arith ops.

// CHECK-DAG:   #[[$V:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[$S:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func @div_int_scalar
// CHECK:         linalg.generic {indexing_maps = [#[[$V]], #[[$S]], #[[$V]]], iterator_types = ["parallel"]} ins(%{{.*}}, %{{.*}} : tensor<4xi32>, tensor<i32>)
// CHECK:           arith.divsi %{{.*}}, %{{.*}} : i32
func.func @div_int_scalar(%a: tensor<4xi32>, %b: tensor<i32>) -> tensor<4xi32> {
  %0 = qc.div %a, %b : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func @sub_mul_min_int
// CHECK:         arith.subi %{{.*}}, %{{.*}} : i32
// CHECK:         arith.muli %{{.*}}, %{{.*}} : i32
// CHECK:         arith.minsi %{{.*}}, %{{.*}} : i32
func.func @sub_mul_min_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qc.sub %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = qc.mul %0, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = qc.min %1, %a : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %2 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func @pow
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK:           math.powf %[[X]], %[[Y]] : f32
func.func @pow(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.pow %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// prelu(x, s) = x >= 0 ? x : s * x.

// CHECK-LABEL: func @prelu
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[SL:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[P:.*]] = arith.cmpf oge, %[[X]], %[[Z]] : f32
// CHECK:           %[[N:.*]] = arith.mulf %[[X]], %[[SL]] : f32
// CHECK:           %[[R:.*]] = arith.select %[[P]], %[[X]], %[[N]] : f32
// CHECK:           linalg.yield %[[R]]
func.func @prelu(%a: tensor<1x2x2xf32>, %b: tensor<2x1xf32>) -> tensor<1x2x2xf32> {
  %0 = qc.prelu %a, %b : (tensor<1x2x2xf32>, tensor<2x1xf32>) -> tensor<1x2x2xf32>
  return %0 : tensor<1x2x2xf32>
}

// -----

// CHECK-LABEL: func @clamp_float
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[LO:.*]] = arith.constant -1.000000e+00 : f32
// CHECK:           %[[A:.*]] = arith.maximumf %[[X]], %[[LO]] : f32
// CHECK:           %[[HI:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:           %[[B:.*]] = arith.minimumf %[[A]], %[[HI]] : f32
// CHECK:           linalg.yield %[[B]]
func.func @clamp_float(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.clamp %a {min = -1.0 : f32, max = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// An integer clamp with only a lower bound: one signed max.

// CHECK-LABEL: func @clamp_int_min_only
// CHECK:         ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK:           %[[LO:.*]] = arith.constant 0 : i32
// CHECK:           %[[A:.*]] = arith.maxsi %[[X]], %[[LO]] : i32
// CHECK-NOT:       arith.minsi
// CHECK:           linalg.yield %[[A]]
func.func @clamp_int_min_only(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qc.clamp %a {min = 0.0 : f32} : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func @leaky_relu
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG:       %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:       %[[AL:.*]] = arith.constant 1.000000e-01 : f32
// CHECK:           %[[S:.*]] = arith.mulf %[[X]], %[[AL]] : f32
// CHECK:           %[[P:.*]] = arith.cmpf oge, %[[X]], %[[Z]] : f32
// CHECK:           %[[R:.*]] = arith.select %[[P]], %[[X]], %[[S]] : f32
// CHECK:           linalg.yield %[[R]]
func.func @leaky_relu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.leaky_relu %a {alpha = 0.1 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// elu(x) = x >= 0 ? x : alpha * expm1(x).

// CHECK-LABEL: func @elu
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[E:.*]] = math.expm1 %[[X]] : f32
// CHECK:           %[[AL:.*]] = arith.constant 1.500000e+00 : f32
// CHECK:           %[[N:.*]] = arith.mulf %[[E]], %[[AL]] : f32
// CHECK:           %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[P:.*]] = arith.cmpf oge, %[[X]], %[[Z]] : f32
// CHECK:           %[[R:.*]] = arith.select %[[P]], %[[X]], %[[N]] : f32
// CHECK:           linalg.yield %[[R]]
func.func @elu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.elu %a {alpha = 1.5 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// hard_sigmoid(x) = min(max(alpha * x + beta, 0), 1).

// CHECK-LABEL: func @hard_sigmoid
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[AL:.*]] = arith.constant 2.000000e-01 : f32
// CHECK:           %[[M:.*]] = arith.mulf %[[X]], %[[AL]] : f32
// CHECK:           %[[BE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:           %[[A:.*]] = arith.addf %[[M]], %[[BE]] : f32
// CHECK:           %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[L:.*]] = arith.maximumf %[[A]], %[[Z]] : f32
// CHECK:           %[[O:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:           %[[R:.*]] = arith.minimumf %[[L]], %[[O]] : f32
// CHECK:           linalg.yield %[[R]]
func.func @hard_sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.hard_sigmoid %a {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)).

// CHECK-LABEL: func @sigmoid
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[N:.*]] = arith.negf %[[X]] : f32
// CHECK:           %[[E:.*]] = math.exp %[[N]] : f32
// CHECK:           %[[O:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:           %[[D:.*]] = arith.addf %[[E]], %[[O]] : f32
// CHECK:           %[[O2:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:           %[[R:.*]] = arith.divf %[[O2]], %[[D]] : f32
// CHECK:           linalg.yield %[[R]]
func.func @sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.sigmoid %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// softplus(x) = max(x, 0) + log1p(exp(-|x|)), the overflow-free form.

// CHECK-LABEL: func @softplus
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[A:.*]] = math.absf %[[X]] : f32
// CHECK:           %[[N:.*]] = arith.negf %[[A]] : f32
// CHECK:           %[[E:.*]] = math.exp %[[N]] : f32
// CHECK:           %[[L:.*]] = math.log1p %[[E]] : f32
// CHECK:           %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[M:.*]] = arith.maximumf %[[X]], %[[Z]] : f32
// CHECK:           %[[R:.*]] = arith.addf %[[M]], %[[L]] : f32
// CHECK:           linalg.yield %[[R]]
func.func @softplus(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.softplus %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// One math op each.

// CHECK-LABEL: func @math_unary
// CHECK:         math.tanh
// CHECK:         math.exp
// CHECK:         math.log
// CHECK:         math.sqrt
// CHECK:         math.absf
// CHECK:         math.floor
// CHECK:         math.ceil
// CHECK:         math.erf
// CHECK:         arith.negf
// CHECK:         %[[O:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         arith.divf %[[O]], %{{.*}} : f32
func.func @math_unary(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qc.tanh %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = qc.exp %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = qc.log %1 : (tensor<4xf32>) -> tensor<4xf32>
  %3 = qc.sqrt %2 : (tensor<4xf32>) -> tensor<4xf32>
  %4 = qc.abs %3 : (tensor<4xf32>) -> tensor<4xf32>
  %5 = qc.floor %4 : (tensor<4xf32>) -> tensor<4xf32>
  %6 = qc.ceil %5 : (tensor<4xf32>) -> tensor<4xf32>
  %7 = qc.erf %6 : (tensor<4xf32>) -> tensor<4xf32>
  %8 = qc.neg %7 : (tensor<4xf32>) -> tensor<4xf32>
  %9 = qc.reciprocal %8 : (tensor<4xf32>) -> tensor<4xf32>
  return %9 : tensor<4xf32>
}

// -----

// Integer neg is 0 - x; integer abs is math.absi.

// CHECK-LABEL: func @neg_abs_int
// CHECK:         ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK:           %[[Z:.*]] = arith.constant 0 : i32
// CHECK:           arith.subi %[[Z]], %[[X]] : i32
// CHECK:         math.absi %{{.*}} : i32
func.func @neg_abs_int(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qc.neg %a : (tensor<4xi32>) -> tensor<4xi32>
  %1 = qc.abs %0 : (tensor<4xi32>) -> tensor<4xi32>
  return %1 : tensor<4xi32>
}

// -----

// Casts: float to int truncates toward zero (fptosi); bool converts
// unsigned; to bool compares with 0; integers sign-extend or truncate.

// CHECK-LABEL: func @casts
// CHECK:         arith.fptosi %{{.*}} : f32 to i32
// CHECK:         arith.sitofp %{{.*}} : i32 to f32
// CHECK:         arith.truncf %{{.*}} : f32 to f16
// CHECK:         arith.extf %{{.*}} : f16 to f32
// CHECK:         %[[Z:.*]] = arith.constant 0 : i32
// CHECK:         arith.cmpi ne, %{{.*}}, %[[Z]] : i32
// CHECK:         arith.uitofp %{{.*}} : i1 to f32
// CHECK:         arith.extui %{{.*}} : i1 to i8
// CHECK:         arith.extsi %{{.*}} : i8 to i64
// CHECK:         arith.trunci %{{.*}} : i64 to i32
func.func @casts(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = qc.cast %a : (tensor<4xf32>) -> tensor<4xi32>
  %1 = qc.cast %0 : (tensor<4xi32>) -> tensor<4xf32>
  %2 = qc.cast %1 : (tensor<4xf32>) -> tensor<4xf16>
  %3 = qc.cast %2 : (tensor<4xf16>) -> tensor<4xf32>
  %4 = qc.cast %0 : (tensor<4xi32>) -> tensor<4xi1>
  %5 = qc.cast %4 : (tensor<4xi1>) -> tensor<4xf32>
  %6 = qc.cast %4 : (tensor<4xi1>) -> tensor<4xi8>
  %7 = qc.cast %6 : (tensor<4xi8>) -> tensor<4xi64>
  %8 = qc.cast %7 : (tensor<4xi64>) -> tensor<4xi32>
  %9 = qc.add %3, %5 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %9, %8 : tensor<4xf32>, tensor<4xi32>
}

// -----

// Constants become arith.constant (dense or resource blobs alike).

// CHECK-LABEL: func @constant
// CHECK:         %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NOT:     qc.constant
// CHECK:         return %[[C]]
func.func @constant() -> tensor<2xf32> {
  %0 = qc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}
