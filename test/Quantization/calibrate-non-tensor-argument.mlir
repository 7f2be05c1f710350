// RUN: %python -c "import numpy as np; np.save('%t.npy', np.zeros([2, 2], np.float32))"
// RUN: not quantc-opt %s -split-input-file -quantc-calibrate="data=%t.npy" 2>&1 | FileCheck %s
// Regression (fixed; the old behaviour): quantc-calibrate with data= crashes ("LLVM ERROR: out of
// memory", a cast<RankedTensorType> in samplesFor() on a release build)
// when @main has an argument that is not a ranked tensor (a scalar f32 or
// an unranked tensor). The importer never makes one, but quantc-opt
// accepts it. Expected: an error naming the argument (one per case).
// CHECK-COUNT-2: error: {{.*}}argument
func.func @main(%arg0: f32, %arg1: tensor<2xf32>) -> tensor<2xf32> {
  return %arg1 : tensor<2xf32>
}

// -----

func.func @main(%arg0: tensor<*xf32>) -> tensor<*xf32> {
  return %arg0 : tensor<*xf32>
}
