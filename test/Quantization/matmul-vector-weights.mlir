// RUN: quantc-opt %s -quantc-quantize -quantc-integerize | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/calib_inputs.py model matvec %t/mv
// RUN: quantc %t/mv.onnx --quantize=int8 --calib-data %t/mv.calib.npy --calib-method=minmax -o %t/mv.so 2>/dev/null
// Regression (fixed; the old behaviour): a matmul with a 1-d constant rhs (numpy matrix-vector product,
// ONNX MatMul with 1-d weights) is quantized per element of K:
// quantizeWeights() takes axis 0 of the [K] vector as the channel axis, so
// the weights get K scales and integerize emits K multipliers and a K-entry
// bias for a single output channel; the result fails the verifier ("'qc.matmul'
// op expected bias of shape [1], found [4] (matmul_c4)"), and quantc fails
// with that message. Expected: one output channel, a single weight scale
// (max |v| / 127 = 1/127), one multiplier, a [1] bias.

// s_in = 2/255, s_w = 1/127, s_out = 4/255: M = 2 / (4 * 127) = 1/254,
// k = 30 + 8 = 38, m = round(2^38 / 254) = 1082196484.
// CHECK-LABEL: func.func @main
// CHECK: qc.constant dense<[127, 64, 32, -16]> : tensor<4xi8>
// CHECK: qc.matmul {{.*}}requant = #qc.requant<multiplier = [1082196484], shift = 38, output_zp = 128, min = 0, max = 255>
// CHECK-SAME: (tensor<2x4xui8>, tensor<4xi8>, tensor<1xi32>) -> tensor<2xui8>
func.func @main(%arg0: tensor<2x4xf32> {qc.calib = #qc.calib<min = -1.0, max = 1.0, lo = -1.0, hi = 1.0>}) -> tensor<2xf32> {
  %v = qc.constant dense<[1.0, 0.5, 0.25, -0.125]> : tensor<4xf32>
  %0 = qc.matmul %arg0, %v {qc.calib = #qc.calib<min = -2.0, max = 2.0, lo = -2.0, hi = 2.0>} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2xf32>
  %1 = qc.clamp %0 {min = -10.0 : f32} : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
