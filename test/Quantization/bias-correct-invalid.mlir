// RUN: quantc-opt %s -quantc-bias-correct -verify-diagnostics

// Channel means that do not fit the input (a statistics file of another
// model edited by hand, or a broken producer).
func.func @wrong_count(%x: tensor<1x2xf32> {qc.calib = {lo = 0.0 : f64, hi = 8.0 : f64, min = 0.0 : f64, max = 8.0 : f64, channel_axis = 1 : i64, channel_mean = array<f64: 4.0, 1.0, 3.0>}}) -> tensor<1x2xf32> {
  %w = qc.constant dense<[[1.0, 0.3], [0.5, 1.0]]> : tensor<2x2xf32>
  // expected-error@+1 {{qc.matmul: 3 calibration channel means for an input of 2 channels}}
  %y = qc.matmul %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
