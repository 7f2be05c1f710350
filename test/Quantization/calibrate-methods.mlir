// RUN: %python %S/make_calib_stats.py heavy_tail %t.json
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=minmax" | FileCheck %s --check-prefix=MINMAX
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=percentile" | FileCheck %s --check-prefix=P9999
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=percentile percentile=99" | FileCheck %s --check-prefix=P99
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=percentile percentile=100" | FileCheck %s --check-prefix=MINMAX
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=mse" | FileCheck %s --check-prefix=MSE
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=entropy" | FileCheck %s --check-prefix=ENTROPY
// The default method is minmax (docs/quantization.md says why).
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json" | FileCheck %s --check-prefix=MINMAX

// The range methods of docs/quantization.md on one histogram each
// (make_calib_stats.py heavy_tail): x is one-signed over [0, 2048], an
// exponential bulk exp(-v / 40) cut at 400 plus one outlier at 2048; the
// add is the same bulk mirrored (exp(-|v| / 40), |v| < 400) with outliers
// at -2048 and 2048. (The unit tests in unittests/QuantizationMathTest.cpp
// check the methods' math; this checks the pass uses them.)

// minmax (and percentile 100): the observed range.
// MINMAX: %arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = 0.000000e+00, max = 2.048000e+03, lo = 0.000000e+00, hi = 2.048000e+03>
// MINMAX: qc.add {{.*}}qc.calib = #qc.calib<min = -2.048000e+03, max = 2.048000e+03, lo = -2.048000e+03, hi = 2.048000e+03>

// percentile p: [100 - p, p] percentiles; one-signed data keeps its min.
// x, 99.99: e^(-hi/40) - e^(-10) = 1e-4 (1 - e^(-10)) -> hi = 353.4.
// add, 99.99: 1e-4 of the mass in each tail, 2e-4 of each half:
//   e^(-hi/40) = 2e-4 + e^(-10) -> hi = 332.5, lo = -332.5.
// P9999: %arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = 0.000000e+00, hi = 353.4{{[0-9]*}}>
// P9999: qc.add {{.*}}qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = -332.5{{[0-9]*}}, hi = 332.5{{[0-9]*}}>
// x, 99: e^(-hi/40) ~ 0.01 -> hi = 184.0 (bins are 1 wide);
// add, 99: e^(-hi/40) ~ 0.02 -> hi = 156.4 (bins are 2 wide).
// P99: %arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = 0.000000e+00, hi = 184.0{{[0-9]*}}>
// P99: qc.add {{.*}}qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = -156.4{{[0-9]*}}, hi = 156.4{{[0-9]*}}>

// mse: clips the lone outliers (their squared error costs less than the
// rounding noise of 10^7 samples on a 2048-wide grid), keeps the bulk
// (<= 400, most of it < 200): a range ending in [300, 400) on each side.
// MSE: %arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = 0.000000e+00, hi = 3{{[0-9][0-9]\.[0-9]+}}>
// MSE: qc.add {{.*}}qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = -3{{[0-9][0-9]\.[0-9]+}}, hi = 3{{[0-9][0-9]\.[0-9]+}}>

// entropy: the KL-optimal threshold is the end of the bulk (bin 400 of the
// magnitude histogram; threshold (bins + 0.5) x width, clipped to the
// observed range).
// ENTROPY: %arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = 0.000000e+00, hi = 4.005000e+02>
// ENTROPY: qc.add {{.*}}qc.calib = #qc.calib<min = {{[^,]*}}, max = {{[^,]*}}, lo = -3.985000e+02, hi = 3.985000e+02>

func.func @main(%arg0: tensor<1x4xf32> {qc.onnx_name = "x"}) -> tensor<1x4xf32> {
  %0 = qc.add %arg0, %arg0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32> loc("add")
  return %0 : tensor<1x4xf32>
}
