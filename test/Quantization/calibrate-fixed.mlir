// An imported quantized model fixes its ranges (quantc-fold-fake-quant):
// quantc-calibrate then needs no data, keeps them, and otherwise names the
// first tensor whose range is missing; quantc-quantize takes qc.qparams
// exactly.
// RUN: quantc-opt %s -split-input-file -quantc-fold-fake-quant -quantc-calibrate -quantc-quantize | FileCheck %s
// RUN: not quantc-opt %S/Inputs/calibrate-fixed-missing.mlir --mlir-print-op-on-diagnostic=false -quantc-fold-fake-quant -quantc-calibrate 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not=error:

// RUN: quantc-opt %s --mlir-print-op-on-diagnostic=false -quantc-fold-fake-quant -quantc-calibrate=save=%t.json 2>&1 >/dev/null | FileCheck %s --check-prefix=SAVE
// RUN: not test -e %t.json
// SAVE: warning: quantc-calibrate: no statistics to save to {{.*}}.json: the model fixes its quantization parameters and no calibration data is given

// With data, only the ranges the model does not fix are calibrated: the
// input keeps its fixed one, the add of calibrate-fixed-missing.mlir gets
// the observed [2 * -4, 2 * 3] (calibration runs the float model, without
// the fake_quants' rounding and clamping).
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[1, -2, 3, 0.5], [-4, 0.25, 2, 1]], np.float32))"
// RUN: quantc-opt %S/Inputs/calibrate-fixed-missing.mlir -quantc-fold-fake-quant -quantc-calibrate="data=%t.npy progress=false" | FileCheck %s --check-prefix=DATA
// DATA: func.func @main(%arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = 0.000000e+00, max = 1.275000e+02, lo = 0.000000e+00, hi = 1.275000e+02, fixed = true>
// DATA: qc.add %arg0, %arg0 {qc.calib = #qc.calib<min = -8.000000e+00, max = 6.000000e+00, lo = -8.000000e+00, hi = 6.000000e+00>}

// MISSING: calibrate-fixed-missing.mlir:{{.*}} error: quantc-calibrate: no calibration data and no fixed quantization parameters for the result of qc.add (no QuantizeLinear of the imported model fixes its parameters): give --calib-data

// The scale 0.1 as f32 (0.100000001490116...) and the zero point come
// through unchanged, where recomputing them from lo/hi would round.
// CHECK-LABEL: module attributes {qc.calib_method = "fixed", qc.imported_quantization}
// CHECK: quant.qcast %{{.*}} : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.10000000149011612:37>>
// CHECK: qc.add {{.*}} -> tensor<1x4x!quant.uniform<u8:f32, 0.20000000298023224:200>>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %xq = qc.fake_quant %x {scale = 0.10000000149011612 : f64, zero_point = 37 : i64, storage = ui8} : tensor<1x4xf32>
  %y = qc.add %xq, %xq : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %yq = qc.fake_quant %y {scale = 0.20000000298023224 : f64, zero_point = 72 : i64, storage = i8} : tensor<1x4xf32>
  return %yq : tensor<1x4xf32>
}
