// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-differentiate="wrt=0"

// An op on the differentiated path without a vector-Jacobian product.

func.func @main(%x: tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'qc.lrn' op has no vector-Jacobian product: cannot differentiate through it}}
  %y = qc.lrn %x {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32, size = 3 : i64} : (tensor<1x8x2x2xf32>) -> tensor<1x8x2x2xf32>
  return %y : tensor<1x8x2x2xf32>
}

// -----

func.func @main(%x: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'qc.pad' op has no vector-Jacobian product for pad mode 'reflect' (only constant padding)}}
  %y = qc.pad %x {pads = array<i64: 1, 1>, mode = #qc<pad_mode reflect>} : (tensor<4xf32>) -> tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

// Integer ops have no cotangents.

func.func @main(%x: tensor<4xi32>) -> tensor<4xi32> {
  %y = qc.add %x, %x : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  // expected-error @-2 {{'func.func' op can be differentiated only with a float tensor result, found 'tensor<4xi32>'}}
  return %y : tensor<4xi32>
}

// -----

// expected-error @+1 {{'func.func' op has no argument 0 to differentiate with respect to (it has 0)}}
func.func @main() -> tensor<4xf32> {
  %c = qc.constant dense<1.0> : tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op argument 0 is not a float tensor ('tensor<4xi64>'): it has no gradient}}
func.func @main(%i: tensor<4xi64>, %x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op can be differentiated only with one result, found 2}}
func.func @main(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  return %x, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op cannot add the gradient function @main_grad: the symbol exists}}
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
func.func private @main_grad(%x: tensor<4xf32>) -> tensor<4xf32>

// -----

// expected-error @below {{quantc-differentiate: no function @main}}
module {
  func.func @other(%x: tensor<4xf32>) -> tensor<4xf32> {
    return %x : tensor<4xf32>
  }
}
