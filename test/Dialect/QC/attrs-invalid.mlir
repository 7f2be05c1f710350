// RUN: quantc-opt %s -split-input-file -verify-diagnostics

// The discardable attributes the quantization passes exchange: qc.calib must
// be a #qc.calib that fits its value, qc.qparams a #qc.qparams.

// expected-error @+1 {{'qc.calib' must be a #qc.calib}}
func.func @calib_dictionary(%x: tensor<4xf32> {qc.calib = {lo = 0.0 : f64, hi = 1.0 : f64}}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

func.func @calib_on_op(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qc.calib' must be a #qc.calib}}
  %y = qc.abs %x {qc.calib = 1.0 : f64} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// expected-error @+1 {{channel_axis and channel_mean come together}}
func.func @calib_axis_without_mean(%x: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0, channel_axis = 1>}) -> tensor<1x2xf32> {
  return %x : tensor<1x2xf32>
}

// -----

// expected-error @+1 {{channel_axis -1 is negative}}
func.func @calib_negative_axis(%x: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0, channel_axis = -1, channel_mean = [0.5, 0.5]>}) -> tensor<1x2xf32> {
  return %x : tensor<1x2xf32>
}

// -----

// expected-error @+1 {{'qc.calib' channel_axis 2 is not a dimension of a rank-2 tensor}}
func.func @calib_axis_past_rank(%x: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0, channel_axis = 2, channel_mean = [0.5, 0.5]>}) -> tensor<1x2xf32> {
  return %x : tensor<1x2xf32>
}

// -----

// Channel means of another model (a statistics file edited by hand).
func.func @calib_mean_count(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'qc.calib' has 3 channel means for 2 channels}}
  %y = qc.abs %x {qc.calib = #qc.calib<min = 0.0, max = 8.0, lo = 0.0, hi = 8.0, channel_axis = 1, channel_mean = [4.0, 1.0, 3.0]>} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// expected-error @+1 {{'qc.qparams' must be a #qc.qparams}}
func.func @qparams_dictionary(%x: tensor<4xf32> {qc.qparams = {scale = 0.5 : f64, zero_point = 0 : i64}}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{zero_point 256 is not a u8 code in [0, 255]}}
func.func @qparams_zero_point(%x: tensor<4xf32> {qc.qparams = #qc.qparams<scale = 0.5, zero_point = 256>}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{scale 0.000000e+00 is not a positive, finite f64}}
func.func @qparams_zero_scale(%x: tensor<4xf32> {qc.qparams = #qc.qparams<scale = 0.0, zero_point = 0>}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// expected-error @+1 {{scale -2.500000e-01 is not a positive, finite f64}}
func.func @qparams_negative_scale(%x: tensor<4xf32> {qc.qparams = #qc.qparams<scale = -0.25, zero_point = 0>}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
