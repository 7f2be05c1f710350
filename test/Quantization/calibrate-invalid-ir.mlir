// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-calibrate

// Errors of quantc-calibrate that depend on the module.

// expected-error@+1 {{quantc-calibrate: no entry function @main}}
module {
  func.func @other(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
    return %arg0 : tensor<1x4xf32>
  }
}

// -----

// Running the model (no load=) needs float32 inputs; a statistics file
// simply does not observe integer ones.
module {
  // expected-error@+1 {{quantc-calibrate: input 'x' is not float32}}
  func.func @main(%arg0: tensor<1x4xi64> {qc.onnx_name = "x"}) -> tensor<1x4xi64> {
    return %arg0 : tensor<1x4xi64>
  }
}
