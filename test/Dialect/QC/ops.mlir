// RUN: quantc-opt %s | quantc-opt | FileCheck %s
// RUN: quantc-opt %s --mlir-print-op-generic | quantc-opt | FileCheck %s

// Round trip of every qc op, custom and generic form, one function per op
// or op family. Attributes equal to their default (groups = 1,
// layout = nchw, ceil_mode = false, count_include_pad = false,
// keepdims = true, mode = constant, value = 0.0) are elided when printed.

//===----------------------------------------------------------------------===//
// Import-level ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @onnx_op
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8xf32>)
func.func @onnx_op(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK: %[[NONE:.*]] = qc.none
  %none = qc.none
  // CHECK: qc.onnx_op "Relu"(%[[X]]) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %0 = qc.onnx_op "Relu"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // Two results, an absent optional input, and attributes of every kind,
  // including the dialect's enum attributes.
  // CHECK: %[[CUSTOM:.*]]:2 = qc.onnx_op "Custom"(%[[X]], %[[NONE]]) {attrs = {alpha = 2.000000e+00 : f32, layout = #qc<layout nhwc>, mode = "x", pad = #qc<pad_mode edge>, r = #qc<rounding half_even>, sizes = [1, 2]}, domain = "com.example", version = 1 : i64} : (tensor<1x8xf32>, none) -> (tensor<1x8xf32>, tensor<1x8xf32>)
  %1:2 = qc.onnx_op "Custom"(%x, %none) {attrs = {alpha = 2.0 : f32, mode = "x", layout = #qc<layout nhwc>, pad = #qc<pad_mode edge>, r = #qc<rounding half_even>, sizes = [1, 2]}, domain = "com.example", version = 1 : i64} : (tensor<1x8xf32>, none) -> (tensor<1x8xf32>, tensor<1x8xf32>)
  // CHECK: return %{{.*}}, %[[CUSTOM]]#1
  return %0, %1#1 : tensor<1x8xf32>, tensor<1x8xf32>
}

// CHECK-LABEL: func.func @onnx_op_no_operands
func.func @onnx_op_no_operands() {
  // CHECK: qc.onnx_op "Nothing"() {attrs = {}, domain = "", version = 1 : i64} : () -> ()
  qc.onnx_op "Nothing"() {attrs = {}, domain = "", version = 1 : i64} : () -> ()
  return
}

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2xi64>, tensor<2x2xf32>, tensor<4xf32>, tensor<3xi1>, tensor<f32>) {
  // CHECK: qc.constant dense<[1, 8]> : tensor<2xi64>
  %s = qc.constant dense<[1, 8]> : tensor<2xi64>
  // CHECK: qc.constant dense<1.500000e+00> : tensor<2x2xf32>
  %f = qc.constant dense<1.5> : tensor<2x2xf32>
  // CHECK: qc.constant dense_resource<conv1_weight> : tensor<4xf32>
  %r = qc.constant dense_resource<conv1_weight> : tensor<4xf32>
  // CHECK: qc.constant dense<[true, false, true]> : tensor<3xi1>
  %b = qc.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK: qc.constant dense<-2.500000e-01> : tensor<f32>
  %z = qc.constant dense<-0.25> : tensor<f32>
  return %s, %f, %r, %b, %z : tensor<2xi64>, tensor<2x2xf32>, tensor<4xf32>, tensor<3xi1>, tensor<f32>
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x3x8x8xf32>, %[[W:[^:]*]]: tensor<4x3x3x3xf32>, %[[B:[^:]*]]: tensor<4xf32>)
func.func @conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // CHECK: qc.conv2d %[[X]], %[[W]], %[[B]] {clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, clamp_min = 0.0 : f32} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// No bias; groups, dilations, uneven strides and pads; explicit nchw (the
// default, elided when printed).
// OH = (9 + 1 + 1 - 2 * 2 - 1) / 2 + 1 = 4, OW = (9 - 2 * 2 - 1) / 1 + 1 = 5.
// CHECK-LABEL: func.func @conv2d_grouped_dilated
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x4x9x9xf32>, %[[W:[^:]*]]: tensor<8x2x3x3xf32>)
func.func @conv2d_grouped_dilated(%x: tensor<1x4x9x9xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x4x5xf32> {
  // CHECK: qc.conv2d %[[X]], %[[W]] {dilations = array<i64: 2, 2>, groups = 2 : i64, pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 1>} : (tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4x5xf32>
  %0 = qc.conv2d %x, %w {dilations = array<i64: 2, 2>, groups = 2 : i64, layout = #qc<layout nchw>, pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 1>} : (tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x4x5xf32>
  return %0 : tensor<1x8x4x5xf32>
}

// nhwc: input [N, H, W, C], filter [O, KH, KW, C/groups]; a residual without
// a bias, and the leaky + clamp_max epilogue.
// CHECK-LABEL: func.func @conv2d_nhwc_epilogue
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8x8x4xf32>, %[[W:[^:]*]]: tensor<8x3x3x2xf32>, %[[R:[^:]*]]: tensor<1x4x4x8xf32>, %[[B:[^:]*]]: tensor<8xf32>)
func.func @conv2d_nhwc_epilogue(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x2xf32>, %r: tensor<1x4x4x8xf32>, %b: tensor<8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  // CHECK: qc.conv2d %[[X]], %[[W]] residual(%[[R]]) {clamp_max = 6.000000e+00 : f32, dilations = array<i64: 1, 1>, groups = 2 : i64, layout = #qc<layout nhwc>, leaky_alpha = 1.000000e-01 : f32, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x2xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %0 = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, groups = 2 : i64, layout = #qc<layout nhwc>, leaky_alpha = 0.1 : f32, clamp_max = 6.0 : f32} : (tensor<1x8x8x4xf32>, tensor<8x3x3x2xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: qc.conv2d %[[X]], %[[W]], %[[B]] residual(%[[R]]) {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, groups = 2 : i64, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x2xf32>, tensor<8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %1 = qc.conv2d %x, %w, %b residual(%r) {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, groups = 2 : i64, layout = #qc<layout nhwc>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x8x8x4xf32>, tensor<8x3x3x2xf32>, tensor<8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %0, %1 : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}

// Integer form: i8/ui8 input, i8 filter, i32 bias, i32 accumulator result.
// CHECK-LABEL: func.func @conv2d_integer
func.func @conv2d_integer(%x: tensor<1x3x4x4xi8>, %u: tensor<1x3x4x4xui8>, %w: tensor<2x3x1x1xi8>, %b: tensor<2xi32>) -> (tensor<1x2x4x4xi32>, tensor<1x2x4x4xi32>) {
  // CHECK: qc.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xi8>, tensor<2x3x1x1xi8>, tensor<2xi32>) -> tensor<1x2x4x4xi32>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xi8>, tensor<2x3x1x1xi8>, tensor<2xi32>) -> tensor<1x2x4x4xi32>
  // CHECK: qc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xui8>, tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi32>
  %1 = qc.conv2d %u, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xui8>, tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi32>
  return %0, %1 : tensor<1x2x4x4xi32>, tensor<1x2x4x4xi32>
}

// Quantized form: per-tensor input and result, per-axis (axis 0) filter.
// CHECK-LABEL: func.func @conv2d_quantized
func.func @conv2d_quantized(%x: tensor<1x3x4x4x!quant.uniform<i8:f32, 5.000000e-02:-3>>, %w: tensor<2x3x1x1x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02}>>, %b: tensor<2x!quant.uniform<i32:f32:0, {5.000000e-04,1.000000e-03}>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 1.000000e-01:4>> {
  // CHECK: qc.conv2d %{{.*}}, %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<2x3x1x1x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02}>>, tensor<2x!quant.uniform<i32:f32:0, {5.000000e-04,1.000000e-03}>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 1.000000e-01:4>>
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, clamp_min = 0.0 : f32} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<2x3x1x1x!quant.uniform<i8:f32:0, {1.000000e-02,2.000000e-02}>>, tensor<2x!quant.uniform<i32:f32:0, {5.000000e-04,1.000000e-03}>>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 1.000000e-01:4>>
  return %0 : tensor<1x2x4x4x!quant.uniform<i8:f32, 1.000000e-01:4>>
}

// CHECK-LABEL: func.func @matmul
// CHECK-SAME:    (%[[A:[^:]*]]: tensor<1x256xf32>, %[[B:[^:]*]]: tensor<256x10xf32>, %[[BIAS:[^:]*]]: tensor<10xf32>, %[[R:[^:]*]]: tensor<1x10xf32>)
func.func @matmul(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>, %bias: tensor<10xf32>, %r: tensor<1x10xf32>) -> (tensor<1x10xf32>, tensor<1x10xf32>, tensor<1x10xf32>) {
  // CHECK: qc.matmul %[[A]], %[[B]] : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
  %0 = qc.matmul %a, %b : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
  // CHECK: qc.matmul %[[A]], %[[B]], %[[BIAS]] : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %1 = qc.matmul %a, %b, %bias : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: qc.matmul %[[A]], %[[B]], %[[BIAS]] residual(%[[R]]) {clamp_max = 6.000000e+00 : f32, clamp_min = -1.000000e+00 : f32, leaky_alpha = 2.000000e-01 : f32} : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>, tensor<1x10xf32>) -> tensor<1x10xf32>
  %2 = qc.matmul %a, %b, %bias residual(%r) {clamp_min = -1.0 : f32, clamp_max = 6.0 : f32, leaky_alpha = 0.2 : f32} : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>, tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0, %1, %2 : tensor<1x10xf32>, tensor<1x10xf32>, tensor<1x10xf32>
}

// numpy.matmul shapes: broadcast batch dimensions, rank-1 operands.
// CHECK-LABEL: func.func @matmul_shapes
func.func @matmul_shapes(%a: tensor<2x1x3x4xf32>, %b: tensor<5x4x6xf32>, %v: tensor<4xf32>, %m: tensor<3x4xf32>, %n: tensor<4x6xf32>, %r: tensor<6xf32>) -> (tensor<2x5x3x6xf32>, tensor<6xf32>, tensor<3xf32>, tensor<f32>) {
  // CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  %0 = qc.matmul %a, %b : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x5x3x6xf32>
  // CHECK: qc.matmul %{{.*}}, %{{.*}} residual(%{{.*}}) : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  %1 = qc.matmul %v, %n residual(%r) : (tensor<4xf32>, tensor<4x6xf32>, tensor<6xf32>) -> tensor<6xf32>
  // CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
  %2 = qc.matmul %m, %v : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3xf32>
  // CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  %3 = qc.matmul %v, %v : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %0, %1, %2, %3 : tensor<2x5x3x6xf32>, tensor<6xf32>, tensor<3xf32>, tensor<f32>
}

// CHECK-LABEL: func.func @matmul_integer_and_quantized
func.func @matmul_integer_and_quantized(%a: tensor<2x8xi8>, %b: tensor<8x4xi8>, %bias: tensor<4xi32>, %qa: tensor<2x8x!quant.uniform<i8:f32, 1.000000e-01>>, %qb: tensor<8x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>) -> (tensor<2x4xi32>, tensor<2x4x!quant.uniform<i8:f32, 5.000000e-01:-2>>) {
  // CHECK: qc.matmul %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x8xi8>, tensor<8x4xi8>, tensor<4xi32>) -> tensor<2x4xi32>
  %0 = qc.matmul %a, %b, %bias : (tensor<2x8xi8>, tensor<8x4xi8>, tensor<4xi32>) -> tensor<2x4xi32>
  // CHECK: qc.matmul %{{.*}}, %{{.*}} : (tensor<2x8x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<8x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>) -> tensor<2x4x!quant.uniform<i8:f32, 5.000000e-01:-2>>
  %1 = qc.matmul %qa, %qb : (tensor<2x8x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<8x4x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>>) -> tensor<2x4x!quant.uniform<i8:f32, 5.000000e-01:-2>>
  return %0, %1 : tensor<2x4xi32>, tensor<2x4x!quant.uniform<i8:f32, 5.000000e-01:-2>>
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary
// CHECK-SAME:    (%[[A:[^:]*]]: tensor<1x8x4x4xf32>, %[[B:[^:]*]]: tensor<8x1x1xf32>)
func.func @binary(%a: tensor<1x8x4x4xf32>, %b: tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: %[[ADD:.*]] = qc.add %[[A]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %0 = qc.add %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[SUB:.*]] = qc.sub %[[B]], %[[ADD]] : (tensor<8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %1 = qc.sub %b, %0 : (tensor<8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[MUL:.*]] = qc.mul %[[SUB]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %2 = qc.mul %1, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[DIV:.*]] = qc.div %[[MUL]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %3 = qc.div %2, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[MAX:.*]] = qc.max %[[DIV]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %4 = qc.max %3, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[MIN:.*]] = qc.min %[[MAX]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %5 = qc.min %4, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[POW:.*]] = qc.pow %[[MIN]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %6 = qc.pow %5, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: %[[PRELU:.*]] = qc.prelu %[[POW]], %[[B]] : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %7 = qc.prelu %6, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: return %[[PRELU]]
  return %7 : tensor<1x8x4x4xf32>
}

// Integer shape arithmetic, and a quantized add that changes the scale
// (the expressed type stays f32).
// CHECK-LABEL: func.func @binary_integer_and_quantized
func.func @binary_integer_and_quantized(%a: tensor<4xi64>, %b: tensor<i64>, %qa: tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01>>, %qb: tensor<1x8x!quant.uniform<i8:f32, 2.000000e-01:3>>) -> (tensor<4xi64>, tensor<1x8x!quant.uniform<i8:f32, 3.000000e-01:-1>>) {
  // CHECK: qc.mul %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %0 = qc.mul %a, %b : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  // CHECK: qc.add %{{.*}}, %{{.*}} : (tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<1x8x!quant.uniform<i8:f32, 2.000000e-01:3>>) -> tensor<1x8x!quant.uniform<i8:f32, 3.000000e-01:-1>>
  %1 = qc.add %qa, %qb : (tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<1x8x!quant.uniform<i8:f32, 2.000000e-01:3>>) -> tensor<1x8x!quant.uniform<i8:f32, 3.000000e-01:-1>>
  return %0, %1 : tensor<4xi64>, tensor<1x8x!quant.uniform<i8:f32, 3.000000e-01:-1>>
}

// CHECK-LABEL: func.func @unary
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8xf32>)
func.func @unary(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // CHECK: %[[LEAKY:.*]] = qc.leaky_relu %[[X]] {alpha = 1.000000e-01 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %0 = qc.leaky_relu %x {alpha = 0.1 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[ELU:.*]] = qc.elu %[[LEAKY]] {alpha = 1.000000e+00 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = qc.elu %0 {alpha = 1.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[HSIG:.*]] = qc.hard_sigmoid %[[ELU]] {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %2 = qc.hard_sigmoid %1 {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[SIG:.*]] = qc.sigmoid %[[HSIG]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %3 = qc.sigmoid %2 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[TANH:.*]] = qc.tanh %[[SIG]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %4 = qc.tanh %3 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[EXP:.*]] = qc.exp %[[TANH]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %5 = qc.exp %4 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[LOG:.*]] = qc.log %[[EXP]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %6 = qc.log %5 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[SQRT:.*]] = qc.sqrt %[[LOG]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %7 = qc.sqrt %6 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[ABS:.*]] = qc.abs %[[SQRT]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %8 = qc.abs %7 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[NEG:.*]] = qc.neg %[[ABS]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %9 = qc.neg %8 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[RECIP:.*]] = qc.reciprocal %[[NEG]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %10 = qc.reciprocal %9 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[FLOOR:.*]] = qc.floor %[[RECIP]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %11 = qc.floor %10 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[CEIL:.*]] = qc.ceil %[[FLOOR]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %12 = qc.ceil %11 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[ERF:.*]] = qc.erf %[[CEIL]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %13 = qc.erf %12 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: %[[SOFTPLUS:.*]] = qc.softplus %[[ERF]] : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %14 = qc.softplus %13 : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: return %[[SOFTPLUS]]
  return %14 : tensor<1x8xf32>
}

// Both bounds, one bound, none (a no-op clamp is still valid), and a
// quantized clamp.
// CHECK-LABEL: func.func @clamp
func.func @clamp(%x: tensor<1x8xf32>, %q: tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>) -> (tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>) {
  // CHECK: qc.clamp %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %0 = qc.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: qc.clamp %{{.*}} {min = 0.000000e+00 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %1 = qc.clamp %x {min = 0.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: qc.clamp %{{.*}} {max = -1.000000e+00 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %2 = qc.clamp %x {max = -1.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: qc.clamp %{{.*}} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %3 = qc.clamp %x : (tensor<1x8xf32>) -> tensor<1x8xf32>
  // CHECK: qc.clamp %{{.*}} {max = 2.500000e+00 : f32, min = 2.500000e+00 : f32} : (tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>
  %4 = qc.clamp %q {min = 2.5 : f32, max = 2.5 : f32} : (tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>
  return %0, %1, %2, %3, %4 : tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<1x8xf32>, tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>
}

// CHECK-LABEL: func.func @cast
func.func @cast(%i: tensor<4xi64>, %f: tensor<2x3xf32>) -> (tensor<4xf32>, tensor<2x3xi32>, tensor<2x3xf16>) {
  // CHECK: qc.cast %{{.*}} : (tensor<4xi64>) -> tensor<4xf32>
  %0 = qc.cast %i : (tensor<4xi64>) -> tensor<4xf32>
  // CHECK: qc.cast %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xi32>
  %1 = qc.cast %f : (tensor<2x3xf32>) -> tensor<2x3xi32>
  // CHECK: qc.cast %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  %2 = qc.cast %f : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %0, %1, %2 : tensor<4xf32>, tensor<2x3xi32>, tensor<2x3xf16>
}

// CHECK-LABEL: func.func @fake_quant
func.func @fake_quant(%x: tensor<1x8xf32>) -> (tensor<1x8xf32>, tensor<1x8xf32>) {
  // CHECK: qc.fake_quant %{{.*}} {scale = 7.812500e-03 : f64, storage = ui8, zero_point = 128 : i64} : tensor<1x8xf32>
  %0 = qc.fake_quant %x {scale = 0.0078125 : f64, zero_point = 128 : i64, storage = ui8} : tensor<1x8xf32>
  // CHECK: qc.fake_quant %{{.*}} {scale = 2.500000e-01 : f64, storage = i8, zero_point = -3 : i64} : tensor<1x8xf32>
  %1 = qc.fake_quant %x {scale = 0.25 : f64, zero_point = -3 : i64, storage = i8} : tensor<1x8xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x8xf32>
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<1x8x4x4xf32>, %[[S:[^:]*]]: tensor<8xf32>, %[[B:[^:]*]]: tensor<8xf32>, %[[M:[^:]*]]: tensor<8xf32>, %[[V:[^:]*]]: tensor<8xf32>)
func.func @batch_norm(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>, %m: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: qc.batch_norm %[[X]], %[[S]], %[[B]], %[[M]], %[[V]] {epsilon = 1.000000e-03 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %0 = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @lrn
func.func @lrn(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: qc.lrn %{{.*}} {alpha = 9.99999974E-5 : f32, beta = 7.500000e-01 : f32, bias = 1.000000e+00 : f32, size = 5 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %0 = qc.lrn %x {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 5 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<1x10xf32>, %y: tensor<2x3xf32>) -> (tensor<1x10xf32>, tensor<2x3xf32>) {
  // CHECK: qc.softmax %{{.*}} {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  %0 = qc.softmax %x {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  // CHECK: qc.log_softmax %{{.*}} {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = qc.log_softmax %y {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<1x10xf32>, tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @max_pool2d
func.func @max_pool2d(%x: tensor<1x8x4x4xf32>, %y: tensor<1x2x5x5xf32>, %z: tensor<1x4x4x8xf32>) -> (tensor<1x8x2x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x2x8xf32>) {
  // CHECK: qc.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  // Dilated window: (5 - 2 * (2 - 1) - 1) / 1 + 1 = 3.
  // CHECK: qc.max_pool2d %{{.*}} {dilations = array<i64: 2, 2>, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %1 = qc.max_pool2d %y {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  // ceil_mode: ceil((5 - 2) / 2) + 1 = 3 (floor would give 2).
  // CHECK: qc.max_pool2d %{{.*}} {ceil_mode = true, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %2 = qc.max_pool2d %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: qc.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32>
  %3 = qc.max_pool2d %z {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x4x4x8xf32>) -> tensor<1x2x2x8xf32>
  return %0, %1, %2, %3 : tensor<1x8x2x2xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x2x8xf32>
}

// CHECK-LABEL: func.func @avg_pool2d
func.func @avg_pool2d(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x5x5xf32>, %q: tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>) -> (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x2x8x!quant.uniform<i8:f32, 1.000000e-01>>) {
  // CHECK: qc.avg_pool2d %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %0 = qc.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: qc.avg_pool2d %{{.*}} {ceil_mode = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %1 = qc.avg_pool2d %y {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 0, 0>, ceil_mode = true, count_include_pad = false} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: qc.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 1.000000e-01>>
  %2 = qc.avg_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 1.000000e-01>>
  return %0, %1, %2 : tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x2x8x!quant.uniform<i8:f32, 1.000000e-01>>
}

// CHECK-LABEL: func.func @reduce
func.func @reduce(%x: tensor<1x8x4x4xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x8xf32>, tensor<8x4x4xf32>, tensor<1x1x1x1xf32>, tensor<1x8x4x1xf32>) {
  // CHECK: qc.reduce_sum %{{.*}} {axes = array<i64: 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %0 = qc.reduce_sum %x {axes = array<i64: 2, 3>, keepdims = true} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: qc.reduce_mean %{{.*}} {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x8x4x4xf32>) -> tensor<1x8xf32>
  %1 = qc.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x8x4x4xf32>) -> tensor<1x8xf32>
  // CHECK: qc.reduce_max %{{.*}} {axes = array<i64: 0>, keepdims = false} : (tensor<1x8x4x4xf32>) -> tensor<8x4x4xf32>
  %2 = qc.reduce_max %x {axes = array<i64: 0>, keepdims = false} : (tensor<1x8x4x4xf32>) -> tensor<8x4x4xf32>
  // CHECK: qc.reduce_min %{{.*}} {axes = array<i64: 0, 1, 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x1x1x1xf32>
  %3 = qc.reduce_min %x {axes = array<i64: 0, 1, 2, 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x1x1x1xf32>
  // CHECK: qc.reduce_prod %{{.*}} {axes = array<i64: 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x1xf32>
  %4 = qc.reduce_prod %x {axes = array<i64: 3>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x1xf32>
  return %0, %1, %2, %3, %4 : tensor<1x8x1x1xf32>, tensor<1x8xf32>, tensor<8x4x4xf32>, tensor<1x1x1x1xf32>, tensor<1x8x4x1xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape
func.func @reshape(%x: tensor<1x8x1x1xf32>, %s: tensor<f32>) -> (tensor<1x8xf32>, tensor<1x1xf32>) {
  // CHECK: qc.reshape %{{.*}} : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  %0 = qc.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
  // CHECK: qc.reshape %{{.*}} : (tensor<f32>) -> tensor<1x1xf32>
  %1 = qc.reshape %s : (tensor<f32>) -> tensor<1x1xf32>
  return %0, %1 : tensor<1x8xf32>, tensor<1x1xf32>
}

// CHECK-LABEL: func.func @transpose
func.func @transpose(%x: tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32> {
  // CHECK: qc.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
  %0 = qc.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
  return %0 : tensor<1x4x5x8xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME:    (%[[A:[^:]*]]: tensor<1x2x4xf32>, %[[B:[^:]*]]: tensor<1x3x4xf32>)
func.func @concat(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>) -> (tensor<1x5x4xf32>, tensor<1x7x4xf32>, tensor<1x2x4xf32>) {
  // CHECK: qc.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
  // CHECK: qc.concat %[[A]], %[[B]], %[[A]] {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x2x4xf32>) -> tensor<1x7x4xf32>
  %1 = qc.concat %a, %b, %a {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<1x2x4xf32>) -> tensor<1x7x4xf32>
  // CHECK: qc.concat %[[A]] {axis = 0 : i64} : (tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  %2 = qc.concat %a {axis = 0 : i64} : (tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  return %0, %1, %2 : tensor<1x5x4xf32>, tensor<1x7x4xf32>, tensor<1x2x4xf32>
}

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<4x8xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<0x8xf32>) {
  // CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  // Negative steps: rows 3, 2, 1, 0 and columns 7, 4, 1.
  // CHECK: qc.slice %{{.*}} {starts = array<i64: 3, 7>, steps = array<i64: -1, -3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  %1 = qc.slice %x {starts = array<i64: 3, 7>, steps = array<i64: -1, -3>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  // An empty slice.
  // CHECK: qc.slice %{{.*}} {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<0x8xf32>
  %2 = qc.slice %x {starts = array<i64: 0, 0>, steps = array<i64: 1, 1>} : (tensor<4x8xf32>) -> tensor<0x8xf32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<0x8xf32>
}

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<1x2x4x4xf32>, %y: tensor<2x3xf32>) -> (tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>, tensor<4x5xf32>) {
  // CHECK: qc.pad %{{.*}} {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %0 = qc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #qc<pad_mode constant>, value = 0.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  // CHECK: qc.pad %{{.*}} {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = -1.000000e+00 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %1 = qc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = -1.0 : f32} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  // CHECK: qc.pad %{{.*}} {mode = #qc<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  %2 = qc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, mode = #qc<pad_mode reflect>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  // CHECK: qc.pad %{{.*}} {mode = #qc<pad_mode edge>, pads = array<i64: 1, 0, 1, 2>} : (tensor<2x3xf32>) -> tensor<4x5xf32>
  %3 = qc.pad %y {pads = array<i64: 1, 0, 1, 2>, mode = #qc<pad_mode edge>} : (tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0, %1, %2, %3 : tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>, tensor<1x2x6x6xf32>, tensor<4x5xf32>
}

// CHECK-LABEL: func.func @gather
func.func @gather(%d: tensor<5x4xf32>, %i: tensor<2xi64>, %j: tensor<2x3xi32>) -> (tensor<2x4xf32>, tensor<5x2x3xf32>) {
  // CHECK: qc.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  %0 = qc.gather %d, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  // CHECK: qc.gather %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2x3xi32>) -> tensor<5x2x3xf32>
  %1 = qc.gather %d, %j {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2x3xi32>) -> tensor<5x2x3xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<5x2x3xf32>
}

// CHECK-LABEL: func @table
// CHECK: qc.table %{{.*}}, %{{.*}} : (tensor<1x8xui8>, tensor<256xui8>) -> tensor<1x8xui8>
func.func @table(%x: tensor<1x8xui8>, %t: tensor<256xui8>) -> tensor<1x8xui8> {
  %0 = qc.table %x, %t : (tensor<1x8xui8>, tensor<256xui8>) -> tensor<1x8xui8>
  return %0 : tensor<1x8xui8>
}

// CHECK-LABEL: func @compare_select
// CHECK:         %[[M:.*]] = qc.compare ge, %{{.*}}, %{{.*}} : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xi1>
// CHECK:         qc.select %[[M]], %{{.*}}, %{{.*}} : (tensor<1x8xi1>, tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
func.func @compare_select(%x: tensor<1x8xf32>, %t: tensor<f32>) -> tensor<1x8xf32> {
  %m = qc.compare ge, %x, %t : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xi1>
  %r = qc.select %m, %x, %t : (tensor<1x8xi1>, tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  return %r : tensor<1x8xf32>
}

// The blob behind @constant's dense_resource: a 4-byte alignment header,
// then four little-endian f32 (1, 2, 3, 4). The resource section must
// survive the round trip.
// CHECK:      dialect_resources: {
// CHECK-NEXT:   builtin: {
// CHECK-NEXT:     conv1_weight: "0x040000000000803F000000400000404000008040"

{-#
  dialect_resources: {
    builtin: {
      conv1_weight: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

