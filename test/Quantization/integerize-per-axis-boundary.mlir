// RUN: not quantc-opt %s -quantc-integerize 2>&1 | FileCheck %s
// Regression (fixed; the old behaviour): quantc-integerize crashes (segfault; `*paramsOf(...)` of an
// empty std::optional) on a quant.qcast / quant.dcast with a per-axis
// type: the boundary ops only take per-tensor parameters. quantc-quantize
// never makes one, but quantc-opt accepts it. Expected: a diagnostic on
// the op and failure, not a crash.
// CHECK: error:
func.func @main(%arg0: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = quant.qcast %arg0 : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>>
  %1 = quant.dcast %0 : tensor<1x4x!quant.uniform<u8:f32:1, {0.1:0, 0.2:0, 0.3:0, 0.4:0}>> to tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}
