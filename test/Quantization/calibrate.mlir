// RUN: quantc-opt %s -quantc-calibrate="load=%S/Inputs/calib-stats.json method=minmax" | FileCheck %s --check-prefixes=CHECK,MINMAX
// RUN: quantc-opt %s -quantc-calibrate="load=%S/Inputs/calib-stats.json method=minmax save=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=SAVE --input-file=%t.json
// A saved file loads back to the same attributes.
// RUN: quantc-opt %s -quantc-calibrate="load=%t.json method=minmax" | FileCheck %s --check-prefixes=CHECK,MINMAX
// Without histograms every method falls back to minmax.
// RUN: quantc-opt %s -quantc-calibrate="load=%S/Inputs/calib-stats.json method=entropy" | FileCheck %s --check-prefixes=CHECK,ENTROPY
// RUN: quantc-opt %s -quantc-calibrate="load=%S/Inputs/calib-stats.json method=mse" | FileCheck %s --check-prefixes=CHECK,MSE
// RUN: quantc-opt %s -quantc-calibrate="load=%S/Inputs/calib-stats.json method=percentile percentile=90" | FileCheck %s --check-prefixes=CHECK,PERCENTILE
// load= needs no code generator and no data; data= is not read then.
// RUN: quantc-opt %s -quantc-calibrate="load=%S/Inputs/calib-stats.json method=minmax data=%t.does-not-exist.npy" | FileCheck %s --check-prefixes=CHECK,MINMAX

// quantc-calibrate with load=FILE: statistics are looked up by stable keys
// ("arg:<onnx name or index>#n", "<op>@<ONNX node>#n") and the chosen
// range is attached as qc.calib to float entry arguments and to the float
// results of qc ops (not constants, not integer values).

// MINMAX: module attributes {qc.calib_method = "minmax"}
// ENTROPY: module attributes {qc.calib_method = "entropy"}
// MSE: module attributes {qc.calib_method = "mse"}
// PERCENTILE: module attributes {qc.calib_method = "percentile"}
// CHECK-LABEL: func.func @main
// CHECK-SAME: %arg0: tensor<1x2x2x1xf32> {qc.calib = #qc.calib<min = -1.000000e+00, max = 3.000000e+00, lo = -1.000000e+00, hi = 3.000000e+00>, qc.onnx_name = "x"}
// CHECK-SAME: %arg1: tensor<2xf32> {qc.calib = #qc.calib<min = 0.000000e+00, max = 2.000000e+00, lo = 0.000000e+00, hi = 2.000000e+00>}
// CHECK-SAME: %arg2: tensor<2xi64>)
// CHECK: %[[W:.*]] = qc.constant dense<1.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-NOT: qc.calib
// CHECK-SAME: {{$}}
// CHECK: qc.conv2d {{.*}}qc.calib = #qc.calib<min = 0.000000e+00, max = 6.500000e+00, lo = 0.000000e+00, hi = 6.500000e+00>
// Two ops of one node: ordinals #0 and #1.
// CHECK: qc.reshape {{.*}}qc.calib = #qc.calib<min = 0.000000e+00, max = 6.500000e+00, lo = 0.000000e+00, hi = 6.500000e+00>
// CHECK: qc.reshape {{.*}}qc.calib = #qc.calib<min = -5.000000e-01, max = 5.000000e-01, lo = -5.000000e-01, hi = 5.000000e-01>
// An op without a node name.
// CHECK: qc.clamp {{.*}}qc.calib = #qc.calib<min = 0.000000e+00, max = 6.000000e+00, lo = 0.000000e+00, hi = 6.000000e+00>
// The node name inside a fused location.
// CHECK: qc.add {{.*}}qc.calib = #qc.calib<min = -2.000000e+00, max = 2.000000e+00, lo = -2.000000e+00, hi = 2.000000e+00>
// A statistic without histogram entries (no "hist", "hist_min") or count.
// CHECK: qc.reshape {{.*}}qc.calib = #qc.calib<min = -2.000000e+00, max = 2.000000e+00, lo = -2.000000e+00, hi = 2.000000e+00>
// CHECK: qc.matmul {{.*}}qc.calib = #qc.calib<min = -4.000000e+00, max = 4.000000e+00, lo = -4.000000e+00, hi = 4.000000e+00>
// Integer values are not observed.
// CHECK: %[[G:.*]] = qc.add %arg2, %arg2 : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
// CHECK: return

// The saved file holds every statistic, in walk order, with its key.
// SAVE: "quantc_calibration": 1
// SAVE: "tensors": [
// SAVE: "key": "arg:x#0"
// SAVE: "key": "arg:1#0"
// SAVE: "key": "qc.conv2d@conv#0"
// SAVE: "key": "qc.reshape@flat#0"
// SAVE: "key": "qc.reshape@flat#1"
// SAVE: "key": "qc.clamp@#0"
// SAVE: "key": "qc.add@fused_add#0"
// SAVE: "key": "qc.reshape@r#0"
// SAVE: "count": 0
// SAVE: "hist": []
// SAVE: "hist_max": 4
// SAVE: "hist_min": -4
// SAVE: "key": "qc.matmul@fc#0"
// SAVE: "max": 4
// SAVE: "min": -4
// SAVE-NOT: "key"

func.func @main(%arg0: tensor<1x2x2x1xf32> {qc.onnx_name = "x"}, %arg1: tensor<2xf32>, %arg2: tensor<2xi64>)
    -> (tensor<4x2xf32>, tensor<2x4xf32>, tensor<2xf32>, tensor<1x2xf32>, tensor<2xi64>) {
  %w = qc.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = qc.conv2d %arg0, %w {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> loc("conv")
  %1 = qc.reshape %0 : (tensor<1x2x2x2xf32>) -> tensor<4x2xf32> loc("flat")
  %2 = qc.reshape %0 : (tensor<1x2x2x2xf32>) -> tensor<2x4xf32> loc("flat")
  %3 = qc.clamp %arg1 {min = 0.0 : f32} : (tensor<2xf32>) -> tensor<2xf32>
  %4 = qc.add %3, %arg1 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32> loc(fused["fused_add", "model.onnx":1:1])
  %m = qc.constant dense<1.0> : tensor<2x2xf32>
  %5 = qc.reshape %4 : (tensor<2xf32>) -> tensor<1x2xf32> loc("r")
  %6 = qc.matmul %5, %m : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32> loc("fc")
  %7 = qc.add %arg2, %arg2 : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %1, %2, %4, %6, %7 : tensor<4x2xf32>, tensor<2x4xf32>, tensor<2xf32>, tensor<1x2xf32>, tensor<2xi64>
}
