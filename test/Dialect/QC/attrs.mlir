// RUN: quantc-opt %s | quantc-opt | FileCheck %s

// #qc.calib and #qc.qparams print and parse back to themselves (f64 to the
// last bit: the printer writes a round-trip form), on function
// arguments and on ops.

// CHECK-LABEL: func.func @calib
// CHECK-SAME: qc.calib = #qc.calib<min = -1.000000e+00, max = 2.500000e+00, lo = -5.000000e-01, hi = 2.000000e+00, channel_axis = 1, channel_mean = [2.500000e-01, 7.500000e-01]>
// CHECK: qc.abs {{.*}}qc.calib = #qc.calib<min = 0.000000e+00, max = 6.000000e+00, lo = 0.000000e+00, hi = 6.000000e+00, fixed = true, bound = true>
func.func @calib(%x: tensor<1x2xf32> {qc.calib = #qc.calib<min = -1.0, max = 2.5, lo = -0.5, hi = 2.0, channel_axis = 1, channel_mean = [0.25, 0.75]>}) -> tensor<1x2xf32> {
  %y = qc.abs %x {qc.calib = #qc.calib<min = 0.0, max = 6.0, lo = 0.0, hi = 6.0, fixed = true, bound = true>} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// The defaults (fixed = false, bound = false) are not printed.
// CHECK-LABEL: func.func @defaults
// CHECK-SAME: #qc.calib<min = 0.000000e+00, max = 1.000000e+00, lo = 0.000000e+00, hi = 1.000000e+00>}
func.func @defaults(%x: tensor<4xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0, fixed = false>}) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// CHECK-LABEL: func.func @qparams
// CHECK-SAME: qc.qparams = #qc.qparams<scale = 0.0039215686274509803, zero_point = 0>
// CHECK: qc.abs {{.*}}qc.qparams = #qc.qparams<scale = 1.250000e-01, zero_point = 128>
func.func @qparams(%x: tensor<4xf32> {qc.qparams = #qc.qparams<scale = 0.00392156862745098, zero_point = 0>}) -> tensor<4xf32> {
  %y = qc.abs %x {qc.qparams = #qc.qparams<scale = 0.125, zero_point = 128>} : (tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}
