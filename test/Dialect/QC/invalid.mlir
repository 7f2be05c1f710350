// RUN: quantc-opt %s -split-input-file -verify-diagnostics

// One case per constraint id of lib/Dialect/QC/IR/QCOps.cpp (docs/dialect.md
// numbers them the same way). Each function is named after the id it
// breaks; a `_<what>` suffix marks a second case for another branch of the
// same constraint.

//===----------------------------------------------------------------------===//
// qc.conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_c1(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected 4-d input and filter (conv2d_c1)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_c2(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected 2 values in 'strides', found 3 (conv2d_c2)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_c2_dilations(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected positive values in 'dilations', found 0 (conv2d_c2)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 0>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_c2_pads(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected non-negative values in 'pads', found -1 (conv2d_c2)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, -1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_c3(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected groups (2) to divide input channels (3) and output channels (4) (conv2d_c3)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_c3_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected filter input channels (3) * groups (1) to equal input channels (4) (conv2d_c3)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// The dilated 3x3 kernel spans 7 pixels, the unpadded input has 4.
func.func @conv2d_c3_window(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected the (dilated) kernel to fit in the padded input (conv2d_c3)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @conv2d_c4(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected bias of shape [4], found [3] (conv2d_c4)}}
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @conv2d_c5(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %r: tensor<1x4x8x1xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected residual of the result type 'tensor<1x4x8x8xf32>', found 'tensor<1x4x8x1xf32>' (conv2d_c5)}}
  %0 = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4x8x1xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Without padding a 3x3 kernel gives 6x6, not 8x8.
func.func @conv2d_c6(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected result shape [1x4x6x6], found [1x4x8x8] (conv2d_c6)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// nhwc reads the channel from dimension 3 and the filter as OHWI: the
// nchw-shaped operands below do not fit.
func.func @conv2d_c3_nhwc(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected filter input channels (3) * groups (1) to equal input channels (8) (conv2d_c3)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// Integer operands accumulate into i32. (Only the end of the message is
// matched: "expected i32 bias and result for integer operands".)
func.func @conv2d_c7(%x: tensor<1x3x4x4xi8>, %w: tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi8> {
  // expected-error @+1 {{for integer operands (conv2d_c7)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xi8>, tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi8>
  return %0 : tensor<1x2x4x4xi8>
}

// -----

func.func @conv2d_c7_float(%x: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf16>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected operands and result to share the element type 'f32', found 'f16' (conv2d_c7)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf16>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// A quantized input with a plain integer filter is neither form.
func.func @conv2d_c7_mixed(%x: tensor<1x3x4x4x!quant.uniform<i8:f32, 1.000000e-01>>, %w: tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi32> {
  // expected-error @+1 {{'qc.conv2d' op expected float, integer or quantized operands (conv2d_c7)}}
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x4x4x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<2x3x1x1xi8>) -> tensor<1x2x4x4xi32>
  return %0 : tensor<1x2x4x4xi32>
}

// -----

func.func @conv2d_c8(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qc.conv2d' op expected clamp_min <= clamp_max (conv2d_c8)}}
  %0 = qc.conv2d %x, %w {clamp_max = 0.0 : f32, clamp_min = 6.0 : f32, dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

//===----------------------------------------------------------------------===//
// qc.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_c1(%a: tensor<f32>, %b: tensor<4x6xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'qc.matmul' op expected operands of rank >= 1 (matmul_c1)}}
  %0 = qc.matmul %a, %b : (tensor<f32>, tensor<4x6xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// The verifier reports matmul_c2 and matmul_c3 under the id matmul_c1, so
// these two cases match the message without its id; known-bugs.mlir has
// them with the right ids.
func.func @matmul_c2(%a: tensor<3x8xf32>, %b: tensor<4x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+1 {{'qc.matmul' op expected contracted dimensions to match (8 vs 4)}}
  %0 = qc.matmul %a, %b : (tensor<3x8xf32>, tensor<4x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}

// -----

func.func @matmul_c3(%a: tensor<2x3x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+1 {{'qc.matmul' op expected broadcastable batch dimensions}}
  %0 = qc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<5x4x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

func.func @matmul_c4(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>, %bias: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qc.matmul' op expected bias of shape [10], found [1x10] (matmul_c4)}}
  %0 = qc.matmul %a, %b, %bias : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

func.func @matmul_c5(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>, %r: tensor<10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qc.matmul' op expected residual of the result type 'tensor<1x10xf32>', found 'tensor<10xf32>' (matmul_c5)}}
  %0 = qc.matmul %a, %b residual(%r) : (tensor<1x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

// A rank-1 rhs is a column vector whose promoted dimension is dropped.
func.func @matmul_c6(%a: tensor<3x4xf32>, %b: tensor<4xf32>) -> tensor<3x1xf32> {
  // expected-error @+1 {{'qc.matmul' op expected result shape [3], found [3x1] (matmul_c6)}}
  %0 = qc.matmul %a, %b : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x1xf32>
  return %0 : tensor<3x1xf32>
}

// -----

// An integer matmul takes an i32 bias. (Only the end of the message is
// matched, as for conv2d_c7.)
func.func @matmul_c7(%a: tensor<2x8xi8>, %b: tensor<8x4xi8>, %bias: tensor<4xi8>) -> tensor<2x4xi32> {
  // expected-error @+1 {{for integer operands (matmul_c7)}}
  %0 = qc.matmul %a, %b, %bias : (tensor<2x8xi8>, tensor<8x4xi8>, tensor<4xi8>) -> tensor<2x4xi32>
  return %0 : tensor<2x4xi32>
}

// -----

func.func @matmul_c8(%a: tensor<1x256xf32>, %b: tensor<256x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qc.matmul' op expected clamp_min <= clamp_max (matmul_c8)}}
  %0 = qc.matmul %a, %b {clamp_min = 1.0 : f32, clamp_max = -1.0 : f32} : (tensor<1x256xf32>, tensor<256x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

// -----

func.func @binary_c1(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'qc.add' op expected broadcastable operand shapes, found [2x3] and [4x3] (binary_c1)}}
  %0 = qc.add %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @binary_c2(%a: tensor<1x8x4x4xf32>, %b: tensor<8x1x1xf32>) -> tensor<8x4x4xf32> {
  // expected-error @+1 {{'qc.mul' op expected result shape [1x8x4x4], found [8x4x4] (binary_c2)}}
  %0 = qc.mul %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<8x4x4xf32>
  return %0 : tensor<8x4x4xf32>
}

// -----

func.func @binary_c3(%a: tensor<4xf32>, %b: tensor<4xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.sub' op expected operands and result to share the element type 'f32', found 'i32' (binary_c3)}}
  %0 = qc.sub %a, %b : (tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Quantized operands are compared through their expressed type.
func.func @binary_c3_quantized(%a: tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>, %b: tensor<4x!quant.uniform<i8:f16, 1.000000e-01>>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>> {
  // expected-error @+1 {{'qc.add' op expected operands and result to share the element type 'f32', found 'f16' (binary_c3)}}
  %0 = qc.add %a, %b : (tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<4x!quant.uniform<i8:f16, 1.000000e-01>>) -> tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>
}

// -----

func.func @unary_c1(%x: tensor<1x8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'qc.sigmoid' op expected result shape [1x8], found [8] (unary_c1)}}
  %0 = qc.sigmoid %x : (tensor<1x8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @unary_c2(%x: tensor<1x8xf32>) -> tensor<1x8xf16> {
  // expected-error @+1 {{'qc.leaky_relu' op expected operands and result to share the element type 'f32', found 'f16' (unary_c2)}}
  %0 = qc.leaky_relu %x {alpha = 0.1 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf16>
  return %0 : tensor<1x8xf16>
}

// -----

// qc.clamp checks unary_c1 and unary_c2 first, then its own clamp_c3.
func.func @clamp_c3(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'qc.clamp' op expected min <= max (clamp_c3)}}
  %0 = qc.clamp %x {min = 6.0 : f32, max = 0.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @unary_c1_clamp(%x: tensor<1x8xf32>) -> tensor<8x1xf32> {
  // expected-error @+1 {{'qc.clamp' op expected result shape [1x8], found [8x1] (unary_c1)}}
  %0 = qc.clamp %x {min = 0.0 : f32} : (tensor<1x8xf32>) -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}

// -----

func.func @cast_c1(%x: tensor<4xi64>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'qc.cast' op expected result shape [4], found [2x2] (cast_c1)}}
  %0 = qc.cast %x : (tensor<4xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_c1(%x: tensor<8xf32>, %s: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'qc.batch_norm' op expected an input of rank >= 2 (batch_norm_c1)}}
  %0 = qc.batch_norm %x, %s, %s, %s, %s {epsilon = 1.0e-5 : f32} : (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @batch_norm_c2(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>, %v: tensor<4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'qc.batch_norm' op expected per-channel operands of shape [8], found [4] (batch_norm_c2)}}
  %0 = qc.batch_norm %x, %s, %s, %s, %v {epsilon = 1.0e-5 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

func.func @batch_norm_c3(%x: tensor<1x8x4x4xf32>, %s: tensor<8xf32>) -> tensor<1x8x4x4xf16> {
  // expected-error @+1 {{'qc.batch_norm' op expected the result type to equal the input type (batch_norm_c3)}}
  %0 = qc.batch_norm %x, %s, %s, %s, %s {epsilon = 1.0e-5 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf16>
  return %0 : tensor<1x8x4x4xf16>
}

// -----

func.func @lrn_c1(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{'qc.lrn' op expected an input of rank >= 3 (lrn_c1)}}
  %0 = qc.lrn %x {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 5 : i64} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @lrn_c2(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'qc.lrn' op expected size >= 1 (lrn_c2)}}
  %0 = qc.lrn %x {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 0 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

func.func @lrn_c3(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x2xf32> {
  // expected-error @+1 {{'qc.lrn' op expected the result type to equal the input type (lrn_c3)}}
  %0 = qc.lrn %x {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 5 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x2xf32>
  return %0 : tensor<1x8x4x2xf32>
}

// -----

// A negative axis is rejected too, but its message prints the axis as an
// unsigned number; see known-bugs.mlir.
func.func @softmax_c1(%x: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qc.softmax' op expected axis in [0, 2), found 2 (softmax_c1)}}
  %0 = qc.softmax %x {axis = 2 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// -----

func.func @softmax_c2(%x: tensor<1x10xf32>) -> tensor<10xf32> {
  // expected-error @+1 {{'qc.softmax' op expected the result type to equal the input type (softmax_c2)}}
  %0 = qc.softmax %x {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<10xf32>
  return %0 : tensor<10xf32>
}

// -----

// qc.log_softmax shares qc.softmax's constraints.
func.func @softmax_c2_log_softmax(%x: tensor<1x10xf32>) -> tensor<1x10xf16> {
  // expected-error @+1 {{'qc.log_softmax' op expected the result type to equal the input type (softmax_c2)}}
  %0 = qc.log_softmax %x {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf16>
  return %0 : tensor<1x10xf16>
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

// -----

func.func @pool_c1(%x: tensor<8x4x4xf32>) -> tensor<8x2x2xf32> {
  // expected-error @+1 {{'qc.max_pool2d' op expected a 4-d input (pool_c1)}}
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<8x4x4xf32>) -> tensor<8x2x2xf32>
  return %0 : tensor<8x2x2xf32>
}

// -----

func.func @pool_c2(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'qc.avg_pool2d' op expected 4 values in 'pads', found 2 (pool_c2)}}
  %0 = qc.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_c2_kernel(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'qc.max_pool2d' op expected positive values in 'kernel', found 0 (pool_c2)}}
  %0 = qc.max_pool2d %x {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// -----

func.func @pool_c2_dilations(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'qc.max_pool2d' op expected 2 values in 'dilations', found 1 (pool_c2)}}
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// -----

// Without ceil_mode, a 2x2 window with stride 2 over 5 pixels gives 2.
func.func @pool_c3(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'qc.max_pool2d' op expected result shape [1x2x2x2], found [1x2x3x3] (pool_c3)}}
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_c3_window(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{'qc.avg_pool2d' op expected the (dilated) window to fit in the padded input (pool_c3)}}
  %0 = qc.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

// ceil_mode keeps a window only if it starts inside the input or the left
// pad: ceil((4 + 1 - 2) / 2) + 1 = 3 windows, but the third would start at
// 4 >= 4 + 0, entirely in the bottom/right pad, so 2 remain.
func.func @pool_c3_ceil_mode(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'qc.max_pool2d' op expected result shape [1x2x2x2], found [1x2x3x3] (pool_c3)}}
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>, ceil_mode = true} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func.func @pool_c4(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf16> {
  // expected-error @+1 {{'qc.max_pool2d' op expected operands and result to share the element type 'f32', found 'f16' (pool_c4)}}
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf16>
  return %0 : tensor<1x8x2x2xf16>
}

// -----

func.func @reduce_c1(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+1 {{'qc.reduce_mean' op expected sorted, unique axes in [0, 4) (reduce_c1)}}
  %0 = qc.reduce_mean %x {axes = array<i64: 3, 2>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

// -----

func.func @reduce_c1_negative(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x1xf32> {
  // expected-error @+1 {{'qc.reduce_sum' op expected sorted, unique axes in [0, 4) (reduce_c1)}}
  %0 = qc.reduce_sum %x {axes = array<i64: -1>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x1xf32>
  return %0 : tensor<1x8x4x1xf32>
}

// -----

func.func @reduce_c2(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+1 {{'qc.reduce_max' op expected result shape [1x8], found [1x8x1x1] (reduce_c2)}}
  %0 = qc.reduce_max %x {axes = array<i64: 2, 3>, keepdims = false} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_c1(%x: tensor<2x3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.reshape' op expected the same number of elements, found 6 and 4 (reshape_c1)}}
  %0 = qc.reshape %x : (tensor<2x3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Unlike the elementwise ops, a reshape may not even change the scale of a
// quantized type.
func.func @reshape_c2(%x: tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<6x!quant.uniform<i8:f32, 2.000000e-01>> {
  // expected-error @+1 {{'qc.reshape' op expected the same element type (reshape_c2)}}
  %0 = qc.reshape %x : (tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<6x!quant.uniform<i8:f32, 2.000000e-01>>
  return %0 : tensor<6x!quant.uniform<i8:f32, 2.000000e-01>>
}

// -----

func.func @transpose_c1(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+1 {{'qc.transpose' op expected 'perm' to be a permutation of [0, 3) (transpose_c1)}}
  %0 = qc.transpose %x {perm = array<i64: 1, 0, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

func.func @transpose_c1_rank(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+1 {{'qc.transpose' op expected 'perm' to be a permutation of [0, 3) (transpose_c1)}}
  %0 = qc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

func.func @transpose_c2(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  // expected-error @+1 {{'qc.transpose' op expected result shape [4x2x3], found [3x2x4] (transpose_c2)}}
  %0 = qc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return %0 : tensor<3x2x4xf32>
}

// -----

func.func @concat_c1() -> tensor<0xf32> {
  // expected-error @+1 {{'qc.concat' op expected at least one input (concat_c1)}}
  %0 = qc.concat {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @concat_c1_rank(%a: tensor<1x2xf32>, %b: tensor<1x2x1xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'qc.concat' op expected inputs of the same rank (concat_c1)}}
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2x1xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @concat_c2(%a: tensor<1x2xf32>, %b: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'qc.concat' op expected axis in [0, 2), found -1 (concat_c2)}}
  %0 = qc.concat %a, %b {axis = -1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @concat_c3(%a: tensor<1x2x4xf32>, %b: tensor<1x3x5xf32>) -> tensor<1x5x4xf32> {
  // expected-error @+1 {{'qc.concat' op expected inputs to agree on dimension 2 (concat_c3)}}
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x5xf32>) -> tensor<1x5x4xf32>
  return %0 : tensor<1x5x4xf32>
}

// -----

func.func @concat_c4(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xf32>) -> tensor<1x6x4xf32> {
  // expected-error @+1 {{'qc.concat' op expected result shape [1x5x4], found [1x6x4] (concat_c4)}}
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x6x4xf32>
  return %0 : tensor<1x6x4xf32>
}

// -----

func.func @concat_c5(%a: tensor<1x2x4xf32>, %b: tensor<1x3x4xi32>) -> tensor<1x5x4xf32> {
  // expected-error @+1 {{'qc.concat' op expected operands and result to share the element type 'f32', found 'i32' (concat_c5)}}
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<1x2x4xf32>, tensor<1x3x4xi32>) -> tensor<1x5x4xf32>
  return %0 : tensor<1x5x4xf32>
}

// -----

func.func @slice_c1(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'qc.slice' op expected 2 values in 'starts' and 'steps' (slice_c1)}}
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @slice_c1_rank(%x: tensor<4x8xf32>) -> tensor<12xf32> {
  // expected-error @+1 {{'qc.slice' op expected the result rank to equal the input rank (slice_c1)}}
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<12xf32>
  return %0 : tensor<12xf32>
}

// -----

func.func @slice_c2(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'qc.slice' op expected non-zero steps (slice_c2)}}
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Columns 1, 4, 7, 10: the last is out of [0, 8).
func.func @slice_c3(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'qc.slice' op expected the slice of dimension 1 to stay in [0, 8) (slice_c3)}}
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 3>} : (tensor<4x8xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// Rows 2, 1, 0, -1: a negative step must not run below 0.
func.func @slice_c3_negative_step(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // expected-error @+1 {{'qc.slice' op expected the slice of dimension 0 to stay in [0, 4) (slice_c3)}}
  %0 = qc.slice %x {starts = array<i64: 2, 0>, steps = array<i64: -1, 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}

// -----

func.func @slice_c4(%x: tensor<4x8xf32>) -> tensor<4x3xi32> {
  // expected-error @+1 {{'qc.slice' op expected operands and result to share the element type 'f32', found 'i32' (slice_c4)}}
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

// -----

func.func @pad_c1(%x: tensor<2x3xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'qc.pad' op expected 4 values in 'pads', found 2 (pad_c1)}}
  %0 = qc.pad %x {pads = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @pad_c1_negative(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qc.pad' op expected non-negative values in 'pads', found -1 (pad_c1)}}
  %0 = qc.pad %x {pads = array<i64: 1, 0, -1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pad_c2(%x: tensor<2x3xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{'qc.pad' op expected result shape [4x4], found [4x5] (pad_c2)}}
  %0 = qc.pad %x {pads = array<i64: 1, 0, 1, 1>} : (tensor<2x3xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

// reflect mirrors without the edge: a dimension of 3 allows pads up to 2.
func.func @pad_c3(%x: tensor<2x3xf32>) -> tensor<2x9xf32> {
  // expected-error @+1 {{'qc.pad' op expected reflect pads of dimension 1 to be smaller than its size 3 (pad_c3)}}
  %0 = qc.pad %x {pads = array<i64: 0, 3, 0, 3>, mode = #qc<pad_mode reflect>} : (tensor<2x3xf32>) -> tensor<2x9xf32>
  return %0 : tensor<2x9xf32>
}

// -----

func.func @pad_c3_edge(%x: tensor<0x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qc.pad' op expected a non-empty dimension to pad by edge (pad_c3)}}
  %0 = qc.pad %x {pads = array<i64: 1, 0, 1, 0>, mode = #qc<pad_mode edge>} : (tensor<0x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pad_c4(%x: tensor<2x3xf32>) -> tensor<4x5xf16> {
  // expected-error @+1 {{'qc.pad' op expected operands and result to share the element type 'f32', found 'f16' (pad_c4)}}
  %0 = qc.pad %x {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x3xf32>) -> tensor<4x5xf16>
  return %0 : tensor<4x5xf16>
}

// -----

func.func @gather_c1(%d: tensor<5x4xf32>, %i: tensor<2xi64>) -> tensor<5x4xf32> {
  // expected-error @+1 {{'qc.gather' op expected axis in [0, 2), found 2 (gather_c1)}}
  %0 = qc.gather %d, %i {axis = 2 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// -----

func.func @gather_c2(%d: tensor<5x4xf32>, %i: tensor<2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'qc.gather' op expected integer indices (gather_c2)}}
  %0 = qc.gather %d, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gather_c3(%d: tensor<5x4xf32>, %i: tensor<2x3xi64>) -> tensor<6x4xf32> {
  // expected-error @+1 {{'qc.gather' op expected result shape [2x3x4], found [6x4] (gather_c3)}}
  %0 = qc.gather %d, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

func.func @gather_c4(%d: tensor<5x4xf32>, %i: tensor<2xi64>) -> tensor<2x4xi64> {
  // expected-error @+1 {{'qc.gather' op expected the data element type (gather_c4)}}
  %0 = qc.gather %d, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

//===----------------------------------------------------------------------===//
// qc.fake_quant
//===----------------------------------------------------------------------===//

// -----

func.func @fake_quant_c1(%x: tensor<4xf16>) -> tensor<4xf16> {
  // expected-error @+1 {{'qc.fake_quant' op expected an f32 tensor, found 'tensor<4xf16>' (fake_quant_c1)}}
  %0 = qc.fake_quant %x {scale = 0.5 : f64, zero_point = 0 : i64, storage = ui8} : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @fake_quant_c2(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.fake_quant' op expected a positive, finite f32 scale, found 0.000000e+00 (fake_quant_c2)}}
  %0 = qc.fake_quant %x {scale = 0.0 : f64, zero_point = 0 : i64, storage = ui8} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A scale ONNX cannot write (not an f32 value).
func.func @fake_quant_c2_f64(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{(fake_quant_c2)}}
  %0 = qc.fake_quant %x {scale = 0.1 : f64, zero_point = 0 : i64, storage = ui8} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_c3(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.fake_quant' op expected storage ui8 or i8, found 'i16' (fake_quant_c3)}}
  %0 = qc.fake_quant %x {scale = 0.5 : f64, zero_point = 0 : i64, storage = i16} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @fake_quant_c4(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.fake_quant' op expected a zero point in [-128, 127], found 128 (fake_quant_c4)}}
  %0 = qc.fake_quant %x {scale = 0.5 : f64, zero_point = 128 : i64, storage = i8} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @table_c1(%x: tensor<4xi8>, %t: tensor<256xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.table' op expected ui8 input codes (table_c1)}}
  %0 = qc.table %x, %t : (tensor<4xi8>, tensor<256xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @table_c2_size(%x: tensor<4xui8>, %t: tensor<128xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.table' op expected a 256-entry table of the result's 8-bit integer element type (table_c2)}}
  %0 = qc.table %x, %t : (tensor<4xui8>, tensor<128xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @table_c2_type(%x: tensor<4xui8>, %t: tensor<256xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'qc.table' op expected a 256-entry table of the result's 8-bit integer element type (table_c2)}}
  %0 = qc.table %x, %t : (tensor<4xui8>, tensor<256xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @table_c2_shape(%x: tensor<4xui8>, %t: tensor<256xui8>) -> tensor<2x2xui8> {
  // expected-error @+1 {{'qc.table' op expected result shape [4], found [2x2] (table_c2)}}
  %0 = qc.table %x, %t : (tensor<4xui8>, tensor<256xui8>) -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}

//===----------------------------------------------------------------------===//
// qc.rescale_mul
//===----------------------------------------------------------------------===//

// -----

func.func @rescale_mul_c1(%a: tensor<4xf32>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected 8-bit integer operands and an integer result (rescale_mul_c1)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = 0, max = 255>} : (tensor<4xf32>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @rescale_mul_c1_width(%a: tensor<4xi32>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected 8-bit integer operands and an integer result (rescale_mul_c1)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = 0, max = 255>} : (tensor<4xi32>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @rescale_mul_c1_zp(%a: tensor<4xui8>, %b: tensor<4xi8>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected zero points within the operands' element types (rescale_mul_c1)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 3 : i64, rhs_zp = 200 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = 0, max = 255>} : (tensor<4xui8>, tensor<4xi8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @rescale_mul_c2(%a: tensor<1x4xui8>, %b: tensor<2x4xui8>) -> tensor<1x4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected rhs broadcastable to lhs (rescale_mul_c2)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = 0, max = 255>} : (tensor<1x4xui8>, tensor<2x4xui8>) -> tensor<1x4xui8>
  return %0 : tensor<1x4xui8>
}

// -----

func.func @rescale_mul_c2_result(%a: tensor<2x4xui8>, %b: tensor<4xui8>) -> tensor<8xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected result shape [2x4], found [8] (rescale_mul_c2)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = 0, max = 255>} : (tensor<2x4xui8>, tensor<4xui8>) -> tensor<8xui8>
  return %0 : tensor<8xui8>
}

// -----

func.func @rescale_mul_c3(%a: tensor<2x4xui8>, %b: tensor<4xui8>) -> tensor<2x4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected one multiplier, no negative multiplier, no residual term and input_zp = 0 (rescale_mul_c3)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824, 1073741824, 1073741824, 1073741824], shift = 30, output_zp = 0, min = 0, max = 255>} : (tensor<2x4xui8>, tensor<4xui8>) -> tensor<2x4xui8>
  return %0 : tensor<2x4xui8>
}

// -----

func.func @rescale_mul_c3_zp(%a: tensor<2x4xui8>, %b: tensor<4xui8>) -> tensor<2x4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected one multiplier, no negative multiplier, no residual term and input_zp = 0 (rescale_mul_c3)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, input_zp = 4, output_zp = 0, min = 0, max = 255>} : (tensor<2x4xui8>, tensor<4xui8>) -> tensor<2x4xui8>
  return %0 : tensor<2x4xui8>
}

// -----

func.func @rescale_mul_c3_bounds(%a: tensor<2x4xui8>, %b: tensor<4xui8>) -> tensor<2x4xui8> {
  // expected-error @+1 {{'qc.rescale_mul' op expected requant bounds within 'ui8' (rescale_mul_c3)}}
  %0 = qc.rescale_mul %a, %b {lhs_zp = 0 : i64, rhs_zp = 0 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 30, output_zp = 0, min = 0, max = 256>} : (tensor<2x4xui8>, tensor<4xui8>) -> tensor<2x4xui8>
  return %0 : tensor<2x4xui8>
}

//===----------------------------------------------------------------------===//
// qc.quantize, qc.dequantize
//===----------------------------------------------------------------------===//

// -----

func.func @quantize_c1(%x: tensor<4xi32>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.quantize' op expected a float input and an integer result (quantize_c1)}}
  %0 = qc.quantize %x {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<4xi32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @quantize_c2(%x: tensor<4xf32>) -> tensor<4xui8> {
  // expected-error @+1 {{'qc.quantize' op expected a positive scale (quantize_c2)}}
  %0 = qc.quantize %x {scale = 0.0 : f64, zero_point = 0 : i64} : (tensor<4xf32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @quantize_c3(%x: tensor<4xf32>) -> tensor<5xui8> {
  // expected-error @+1 {{(quantize_c3)}}
  %0 = qc.quantize %x {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<4xf32>) -> tensor<5xui8>
  return %0 : tensor<5xui8>
}

// -----

func.func @dequantize_c1(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.dequantize' op expected an integer input and a float result (dequantize_c1)}}
  %0 = qc.dequantize %x {scale = 0.5 : f64, zero_point = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @dequantize_c2(%x: tensor<4xui8>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.dequantize' op expected a positive scale (dequantize_c2)}}
  %0 = qc.dequantize %x {scale = -1.0 : f64, zero_point = 0 : i64} : (tensor<4xui8>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @compare_c1(%x: tensor<4xf32>, %y: tensor<3xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'qc.compare' op expected broadcastable operand shapes, found [4] and [3] (compare_c1)}}
  %0 = qc.compare lt, %x, %y : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @compare_c1_types(%x: tensor<4xf32>, %y: tensor<4xf64>) -> tensor<4xi1> {
  // expected-error @+1 {{'qc.compare' op expected operands of one element type (compare_c1)}}
  %0 = qc.compare lt, %x, %y : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @compare_c2(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.compare' op expected an i1 result (compare_c2)}}
  %0 = qc.compare lt, %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_c1(%c: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.select' op expected an i1 condition (select_c1)}}
  %0 = qc.select %c, %x, %x : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_c2(%c: tensor<3xi1>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.select' op expected broadcastable operand shapes, found [3], [4] and [4] (select_c2)}}
  %0 = qc.select %c, %x, %x : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @select_c3(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.select' op expected values and result of one element type (select_c3)}}
  %0 = qc.select %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @conv_transpose2d_c1(%x: tensor<4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error @+1 {{'qc.conv_transpose2d' op expected 4-d input and filter (conv_transpose2d_c1)}}
  %0 = qc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @conv_transpose2d_c2(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error @+1 {{'qc.conv_transpose2d' op expected non-negative values in 'output_padding', found -1 (conv_transpose2d_c2)}}
  %0 = qc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: -1, 0>} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @conv_transpose2d_c3(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x6x5xf32> {
  // expected-error @+1 {{'qc.conv_transpose2d' op expected result shape [1x2x5x5], found [1x2x6x5] (conv_transpose2d_c3)}}
  %0 = qc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x6x5xf32>
  return %0 : tensor<1x2x6x5xf32>
}

// -----

func.func @conv_transpose2d_c3_groups(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x6x5x5xf32> {
  // expected-error @+1 {{'qc.conv_transpose2d' op expected the filter's first dimension (4) to equal the input channels (4) and groups (3) to divide them (conv_transpose2d_c3)}}
  %0 = qc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>, groups = 3 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x6x5x5xf32>
  return %0 : tensor<1x6x5x5xf32>
}

// -----

func.func @conv_transpose2d_c4(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x2x5x5xf32> {
  // expected-error @+1 {{'qc.conv_transpose2d' op expected a bias of shape [2] (conv_transpose2d_c4)}}
  %0 = qc.conv_transpose2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

func.func @conv_transpose2d_c5(%x: tensor<1x4x3x3xi8>, %w: tensor<4x2x3x3xi8>) -> tensor<1x2x5x5xi32> {
  // expected-error @+1 {{'qc.conv_transpose2d' op expected float operands and result of one element type (conv_transpose2d_c5)}}
  %0 = qc.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, output_padding = array<i64: 0, 0>} : (tensor<1x4x3x3xi8>, tensor<4x2x3x3xi8>) -> tensor<1x2x5x5xi32>
  return %0 : tensor<1x2x5x5xi32>
}
