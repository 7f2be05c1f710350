// The INT8 stage as quantc runs it, replayed by quantc-opt with the
// pipeline's options: calibration on the data, quantized types, dyadic
// rewriting and the split into @main / @main_quantized.
// RUN: %python -c "import numpy as np; np.save('%t.npy', np.array([[1, -2, 3, 0.5], [-4, 0.25, 2, 1]], np.float32))"
// RUN: quantc-opt %s -quantc-quantization-pipeline="calib-data=%t.npy calib-method=minmax" | FileCheck %s
// RUN: quantc-opt %s -quantc-quantization-pipeline="calib-data=%t.npy qdq-export=true" | FileCheck %s --check-prefix=QDQ
// RUN: not quantc-opt %s -quantc-quantization-pipeline 2>&1 | FileCheck %s --check-prefix=NODATA

// CHECK-LABEL: func.func @main(
// CHECK:         qc.quantize
// CHECK:         call @main_quantized
// CHECK:         qc.dequantize
// CHECK-LABEL: func.func @main_quantized
// CHECK-SAME:    tensor<1x4xui8>
// CHECK:         qc.rescale
// CHECK-NOT:     qc.add

// The QDQ export's pipeline stops at the quantized types.
// QDQ-LABEL: func.func @main
// QDQ:         quant.qcast
// QDQ:         qc.add {{.*}}!quant.uniform<u8:f32
// QDQ-NOT:     qc.rescale

// NODATA: error: quantc-calibrate: no calibration data
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %c = qc.constant dense<[[1.0, 2.0, 0.5, -1.0]]> : tensor<1x4xf32>
  %y = qc.add %x, %c : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32> loc("add")
  return %y : tensor<1x4xf32>
}
