// RUN: timeout 10 quantc-opt %s -split-input-file -quantc-legalize-onnx -verify-diagnostics
// Regression (fixed; the old behaviour): quantc-legalize-onnx never terminates on each case below (the
// RUN line's timeout kills it). These handlers create ops (a crop slice in
// pad(), transposes and the alpha multiply in gemm(), the concat of an
// earlier axis in tile(), the reshape in legacyBinaryHandler()) and then
// return failure: a pattern that changes the IR and reports failure makes
// the greedy driver, run with no iteration limit, erase the dead ops, revisit
// the node and retry forever. Handlers must check everything before they
// build anything. The same hang is reachable from ONNX models through quantc
// (test/tools/quantc/xfail-hang-on-bad-node.test).

func.func @pad_reflect_after_crop(%x: tensor<2x3x3xf32>) -> tensor<?x?x?xf32> {
  %p = qc.constant dense<[2, 2, -1, 2, 0, 2]> : tensor<6xi64>
  // expected-error @+1 {{Pad: reflect pads must be smaller than the dimension}}
  %0 = qc.onnx_op "Pad"(%x, %p) {attrs = {mode = "reflect"}, domain = "", version = 13 : i64} : (tensor<2x3x3xf32>, tensor<6xi64>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

func.func @gemm_transposed_inner_mismatch(%a: tensor<4x2xf32>, %b: tensor<5x3xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Gemm: inner dimensions of A and B disagree}}
  %0 = qc.onnx_op "Gemm"(%a, %b) {attrs = {transA = 1 : i64}, domain = "", version = 13 : i64} : (tensor<4x2xf32>, tensor<5x3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @gemm_alpha_bad_c(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>, %c: tensor<4xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{Gemm: C does not broadcast to [2, 3]}}
  %0 = qc.onnx_op "Gemm"(%a, %b, %c) {attrs = {alpha = 2.0 : f32}, domain = "", version = 13 : i64} : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @tile_negative_second_axis(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %r = qc.constant dense<[2, -1]> : tensor<2xi64>
  // expected-error @+1 {{Tile: negative repeat}}
  %0 = qc.onnx_op "Tile"(%x, %r) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// [5] placed at axis 1 of [2, 3, 4] is [5, 1], which does not broadcast.
func.func @legacy_broadcast_mismatch(%a: tensor<2x3x4xf32>, %b: tensor<5xf32>) -> tensor<?x?x?xf32> {
  // expected-error @+1 {{Add: input shapes do not broadcast}}
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {axis = 1 : i64, broadcast = 1 : i64}, domain = "", version = 6 : i64} : (tensor<2x3x4xf32>, tensor<5xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// -----

func.func @legacy_broadcast_i64(%a: tensor<2x3xi64>, %b: tensor<3xi64>) -> tensor<?x?xi64> {
  // expected-error @+1 {{Add: unimplemented: element type i64}}
  %0 = qc.onnx_op "Add"(%a, %b) {attrs = {axis = 0 : i64, broadcast = 1 : i64}, domain = "", version = 6 : i64} : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}
