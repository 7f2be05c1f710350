// RUN: quantc-opt %s -split-input-file -quantc-legalize-onnx | FileCheck %s

// Elementwise ONNX ops (lib/Conversion/ONNXToQC/Elementwise.cpp): binary ops
// with numpy broadcasting, variadic folds, activations and unary math.

// CHECK-LABEL: func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<1x8x4x4xf32>, %[[B:.*]]: tensor<8x1x1xf32>)
// CHECK: %[[R:.*]] = qc.add %[[A]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NOT: qc.onnx_op
// CHECK: return %[[R]]
func.func @add_broadcast(%a: tensor<1x8x4x4xf32>, %b: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Both operands broadcast: [4, 1] + [1, 3] -> [4, 3] (Add-7 form).
// CHECK-LABEL: func @add_two_sided_broadcast
// CHECK: qc.add %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
func.func @add_two_sided_broadcast(%a: tensor<4x1xf32>, %b: tensor<1x3xf32>) -> tensor<4x3xf32> {
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {}, domain = "", version = 7 : i64} : (tensor<4x1xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func @sub
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK: qc.sub %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
func.func @sub(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Sub"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @mul_scalar
// CHECK: qc.mul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @mul_scalar(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Mul"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @div
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>)
// CHECK: qc.div %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @div(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Div"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @pow
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<f32>)
// CHECK: qc.pow %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
func.func @pow(%a: tensor<2x3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Pow"(%a, %b) {attrs = {}, domain = "", version = 15 : i64} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Add/Sub/Mul/Div accept signless integers (shape arithmetic).
// CHECK-LABEL: func @add_i64
// CHECK: qc.add %{{.*}}, %{{.*}} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
func.func @add_i64(%a: tensor<2xi64>, %b: tensor<2xi64>) -> tensor<2xi64> {
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Integer shape arithmetic on constants folds away.
// CHECK-LABEL: func @mul_i64_constants
// CHECK-NEXT: %[[C:.*]] = qc.constant dense<[8, 15]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @mul_i64_constants() -> tensor<2xi64> {
  %a = qc.constant dense<[2, 3]> : tensor<2xi64>
  %b = qc.constant dense<[4, 5]> : tensor<2xi64>
  %0 = qc.onnx_op "Mul"(%a, %b) {attrs = {}, domain = "", version = 14 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Variadic Max is a left fold with broadcasting at each step.
// CHECK-LABEL: func @max3
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[C:.*]]: tensor<2x1xf32>)
// CHECK: %[[M0:.*]] = qc.max %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: %[[M1:.*]] = qc.max %[[M0]], %[[C]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
// CHECK: return %[[M1]]
func.func @max3(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %c: tensor<2x1xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Max"(%a, %b, %c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x1xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @min2
// CHECK: qc.min %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @min2(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Min"(%a, %b) {attrs = {}, domain = "", version = 8 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @sum3
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>, %[[C:.*]]: tensor<2x3xf32>)
// CHECK: %[[S0:.*]] = qc.add %[[A]], %[[B]]
// CHECK: %[[S1:.*]] = qc.add %[[S0]], %[[C]]
// CHECK: return %[[S1]]
func.func @sum3(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Sum"(%a, %b, %c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A one-input Sum is its input.
// CHECK-LABEL: func @sum1
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[A]]
func.func @sum1(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Sum"(%a) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Mean of 4 inputs = their sum times 1/4.
// CHECK-LABEL: func @mean
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>, %[[C:.*]]: tensor<2x3xf32>, %[[D:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[Q:.*]] = qc.constant dense<2.500000e-01> : tensor<f32>
// CHECK-DAG: %[[S0:.*]] = qc.add %[[A]], %[[B]]
// CHECK: %[[S1:.*]] = qc.add %[[S0]], %[[C]]
// CHECK: %[[S2:.*]] = qc.add %[[S1]], %[[D]]
// CHECK: %[[R:.*]] = qc.mul %[[S2]], %[[Q]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// CHECK: return %[[R]]
func.func @mean(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>, %d: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qc.onnx_op "Mean"(%a, %b, %c, %d) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @relu
// CHECK: qc.clamp %{{.*}} {min = 0.000000e+00 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
func.func @relu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Relu"(%x) {attrs = {}, domain = "", version = 14 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Clip-6: bounds are attributes.
// CHECK-LABEL: func @clip6
// CHECK: qc.clamp %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
func.func @clip6(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Clip"(%x) {attrs = {min = 0.0 : f32, max = 6.0 : f32}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Clip-6 defaults are the float range.
// CHECK-LABEL: func @clip6_defaults
// CHECK: qc.clamp %{{.*}} {max = 3.40282347E+38 : f32, min = -3.40282347E+38 : f32}
func.func @clip6_defaults(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Clip"(%x) {attrs = {}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Clip-11+: bounds are constant scalar inputs.
// CHECK-LABEL: func @clip11
// CHECK-NOT: qc.constant
// CHECK: qc.clamp %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
func.func @clip11(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %lo = qc.constant dense<0.0> : tensor<f32>
  %hi = qc.constant dense<6.0> : tensor<f32>
  %0 = qc.onnx_op "Clip"(%x, %lo, %hi) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x8xf32>, tensor<f32>, tensor<f32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// An empty ("") min input leaves that side unbounded.
// CHECK-LABEL: func @clip11_max_only
// CHECK: qc.clamp %{{.*}} {max = 6.000000e+00 : f32} :
func.func @clip11_max_only(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %none = qc.none
  %hi = qc.constant dense<6.0> : tensor<f32>
  %0 = qc.onnx_op "Clip"(%x, %none, %hi) {attrs = {}, domain = "", version = 11 : i64} : (tensor<1x8xf32>, none, tensor<f32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @clip11_no_bounds
// CHECK: qc.clamp %{{.*}} : (tensor<1x8xf32>) -> tensor<1x8xf32>
func.func @clip11_no_bounds(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Clip"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// ONNX: min > max sets every element to max.
// CHECK-LABEL: func @clip11_min_gt_max
// CHECK: qc.clamp %{{.*}} {max = 2.000000e+00 : f32, min = 2.000000e+00 : f32}
func.func @clip11_min_gt_max(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %lo = qc.constant dense<5.0> : tensor<f32>
  %hi = qc.constant dense<2.0> : tensor<f32>
  %0 = qc.onnx_op "Clip"(%x, %lo, %hi) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x8xf32>, tensor<f32>, tensor<f32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @leaky_relu
// CHECK: qc.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32}
// CHECK: qc.leaky_relu %{{.*}} {alpha = 0.00999999977 : f32}
func.func @leaky_relu(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = qc.onnx_op "LeakyRelu"(%x) {attrs = {alpha = 0.1 : f32}, domain = "", version = 16 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = qc.onnx_op "LeakyRelu"(%x) {attrs = {}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// The slope broadcasts to the input (unidirectionally).
// CHECK-LABEL: func @prelu
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[S:.*]]: tensor<8x1x1xf32>)
// CHECK: qc.prelu %[[X]], %[[S]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
func.func @prelu(%x: tensor<1x8x4x4xf32>, %s: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "PRelu"(%x, %s) {attrs = {}, domain = "", version = 16 : i64} : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// CHECK-LABEL: func @elu
// CHECK: qc.elu %{{.*}} {alpha = 5.000000e-01 : f32}
// CHECK: qc.elu %{{.*}} {alpha = 1.000000e+00 : f32}
func.func @elu(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = qc.onnx_op "Elu"(%x) {attrs = {alpha = 0.5 : f32}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = qc.onnx_op "Elu"(%x) {attrs = {}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// Selu = gamma * elu(x; alpha), with the spec's default alpha and gamma.
// CHECK-LABEL: func @selu
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-DAG: %[[G:.*]] = qc.constant dense<1.05070102> : tensor<f32>
// CHECK-DAG: %[[E:.*]] = qc.elu %[[X]] {alpha = 1.67326319 : f32}
// CHECK: %[[R:.*]] = qc.mul %[[E]], %[[G]] : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
// CHECK: return %[[R]]
func.func @selu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Selu"(%x) {attrs = {}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @selu_attrs
// CHECK-DAG: %[[G:.*]] = qc.constant dense<3.000000e+00> : tensor<f32>
// CHECK-DAG: %[[E:.*]] = qc.elu %{{.*}} {alpha = 2.000000e+00 : f32}
// CHECK: qc.mul %[[E]], %[[G]]
func.func @selu_attrs(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Selu"(%x) {attrs = {alpha = 2.0 : f32, gamma = 3.0 : f32}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @hard_sigmoid
// CHECK: qc.hard_sigmoid %{{.*}} {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32}
// CHECK: qc.hard_sigmoid %{{.*}} {alpha = 2.500000e-01 : f32, beta = 2.500000e-01 : f32}
func.func @hard_sigmoid(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  %0 = qc.onnx_op "HardSigmoid"(%x) {attrs = {}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = qc.onnx_op "HardSigmoid"(%x) {attrs = {alpha = 0.25 : f32, beta = 0.25 : f32}, domain = "", version = 6 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x8xf32>
}

// -----

// HardSwish(x) = x * HardSigmoid(x; 1/6, 1/2).
// CHECK-LABEL: func @hard_swish
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK: %[[HS:.*]] = qc.hard_sigmoid %[[X]] {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32}
// CHECK: %[[R:.*]] = qc.mul %[[X]], %[[HS]] : (tensor<1x8xf32>, tensor<1x8xf32>) -> tensor<1x8xf32>
// CHECK: return %[[R]]
func.func @hard_swish(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "HardSwish"(%x) {attrs = {}, domain = "", version = 14 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// Softsign(x) = x / (1 + |x|).
// CHECK-LABEL: func @softsign
// CHECK-SAME: (%[[X:.*]]: tensor<1x8xf32>)
// CHECK-DAG: %[[ONE:.*]] = qc.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG: %[[ABS:.*]] = qc.abs %[[X]]
// CHECK: %[[DEN:.*]] = qc.add %[[ABS]], %[[ONE]]
// CHECK: %[[R:.*]] = qc.div %[[X]], %[[DEN]]
// CHECK: return %[[R]]
func.func @softsign(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = qc.onnx_op "Softsign"(%x) {attrs = {}, domain = "", version = 1 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

// CHECK-LABEL: func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: qc.sigmoid %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: qc.tanh %[[X]]
// CHECK: qc.exp %[[X]]
// CHECK: qc.log %[[X]]
// CHECK: qc.sqrt %[[X]]
// CHECK: qc.abs %[[X]]
// CHECK: qc.neg %[[X]]
// CHECK: qc.reciprocal %[[X]]
// CHECK: qc.floor %[[X]]
// CHECK: qc.ceil %[[X]]
// CHECK: qc.erf %[[X]]
// CHECK: qc.softplus %[[X]]
// CHECK-NOT: qc.onnx_op
func.func @unary(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qc.onnx_op "Sigmoid"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = qc.onnx_op "Tanh"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = qc.onnx_op "Exp"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = qc.onnx_op "Log"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = qc.onnx_op "Sqrt"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = qc.onnx_op "Abs"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = qc.onnx_op "Neg"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = qc.onnx_op "Reciprocal"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = qc.onnx_op "Floor"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = qc.onnx_op "Ceil"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = qc.onnx_op "Erf"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = qc.onnx_op "Softplus"(%x) {attrs = {}, domain = "", version = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Opset < 7 binary ops with broadcast = 1: B's dims align with A's starting
// at `axis`, so [3, 4] at axis 1 of [2, 3, 4, 5] is reshaped to [3, 4, 1].
// CHECK-LABEL: func @legacy_broadcast_axis
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4x5xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[C:.*]]: tensor<5xf32>)
// CHECK: %[[B3:.*]] = qc.reshape %[[B]] : (tensor<3x4xf32>) -> tensor<3x4x1xf32>
// CHECK: qc.add %[[A]], %[[B3]] : (tensor<2x3x4x5xf32>, tensor<3x4x1xf32>) -> tensor<2x3x4x5xf32>
// Without an axis B aligns with the trailing dims, as numpy does.
// CHECK: qc.mul %[[A]], %[[C]] : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> tensor<2x3x4x5xf32>
func.func @legacy_broadcast_axis(%a: tensor<2x3x4x5xf32>, %b: tensor<3x4xf32>, %c: tensor<5xf32>) -> (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) {
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {axis = 1 : i64, broadcast = 1 : i64}, domain = "", version = 6 : i64} : (tensor<2x3x4x5xf32>, tensor<3x4xf32>) -> tensor<2x3x4x5xf32>
  %1 = qc.onnx_op "Mul"(%a, %c) {attrs = {broadcast = 1 : i64}, domain = "", version = 6 : i64} : (tensor<2x3x4x5xf32>, tensor<5xf32>) -> tensor<2x3x4x5xf32>
  return %0, %1 : tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>
}

// -----

// CHECK-LABEL: func @legacy_same_shape
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>)
// CHECK: qc.sub %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK: qc.div %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @legacy_same_shape(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qc.onnx_op "Sub"(%a, %b) {attrs = {}, domain = "", version = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = qc.onnx_op "Div"(%a, %b) {attrs = {}, domain = "", version = 6 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// PRelu-7 with a [C] slope on [N, C, H, W] (the pre-7 per-channel form the
// version converter keeps): the slope becomes [C, 1, 1].
// CHECK-LABEL: func @prelu_per_channel
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x4x4xf32>, %[[S:.*]]: tensor<8xf32>)
// CHECK: %[[S3:.*]] = qc.reshape %[[S]] : (tensor<8xf32>) -> tensor<8x1x1xf32>
// CHECK: qc.prelu %[[X]], %[[S3]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
func.func @prelu_per_channel(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = qc.onnx_op "PRelu"(%x, %s) {attrs = {}, domain = "", version = 7 : i64} : (tensor<1x8x4x4xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Neg and Abs also run on signless integers.
// CHECK-LABEL: func @neg_abs_integer
// CHECK: qc.neg %{{.*}} : (tensor<3xi32>) -> tensor<3xi32>
// CHECK: qc.abs %{{.*}} : (tensor<3xi32>) -> tensor<3xi32>
func.func @neg_abs_integer(%x: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
  %0 = qc.onnx_op "Neg"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi32>) -> tensor<3xi32>
  %1 = qc.onnx_op "Abs"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<3xi32>, tensor<3xi32>
}

// -----

// Neg/Abs/Floor/Ceil/Sqrt of constants are evaluated (shape arithmetic).
// CHECK-LABEL: func @unary_constant_fold
// CHECK-DAG: %[[NEG:.*]] = qc.constant dense<[2, 0, -3]> : tensor<3xi64>
// CHECK-DAG: %[[ABS:.*]] = qc.constant dense<[2, 0, 3]> : tensor<3xi64>
// CHECK-DAG: %[[FLOOR:.*]] = qc.constant dense<[-2.000000e+00, 0.000000e+00, 4.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[CEIL:.*]] = qc.constant dense<[-1.000000e+00, 1.000000e+00, 4.000000e+00]> : tensor<3xf32>
// CHECK-DAG: %[[SQRT:.*]] = qc.constant dense<[5.000000e-01, 1.500000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-NOT: qc.onnx_op
// CHECK: return %[[NEG]], %[[ABS]], %[[FLOOR]], %[[CEIL]], %[[SQRT]]
func.func @unary_constant_fold() -> (tensor<3xi64>, tensor<3xi64>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %c = qc.constant dense<[-2, 0, 3]> : tensor<3xi64>
  %f = qc.constant dense<[-1.5, 0.25, 4.0]> : tensor<3xf32>
  %s = qc.constant dense<[0.25, 2.25, 4.0]> : tensor<3xf32>
  %0 = qc.onnx_op "Neg"(%c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi64>) -> tensor<3xi64>
  %1 = qc.onnx_op "Abs"(%c) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xi64>) -> tensor<3xi64>
  %2 = qc.onnx_op "Floor"(%f) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  %3 = qc.onnx_op "Ceil"(%f) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  %4 = qc.onnx_op "Sqrt"(%s) {attrs = {}, domain = "", version = 13 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3, %4 : tensor<3xi64>, tensor<3xi64>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
