// RUN: not quantc-opt %s -split-input-file -quantc-cpu-expand-kernels 2>&1 | FileCheck %s
// Regression (fixed; the old behaviour): ExpandCPUKernels assumes the packed block width NR is a
// multiple of its vector width. For a kernel packed for 256-bit vectors
// (NR = 8) expanded at the default 512 bits, tileRows(vectorBits, NR /
// lanes) divides by zero and quantc-opt crashes (SIGFPE in
// ExpandCPUKernelsPass::runOnOperation). With NR = 24 at 512 bits it emits
// unmasked 16-lane loads of the packed weights at offset 16 of a 24-wide
// block, reading past the end of the last block. The pass should report an
// error on the op instead (or handle such blocks with masks).

// CHECK: error:
// CHECK-NOT: Stack dump
func.func @matmul_nr8(%a: memref<4x5xf32>, %b: memref<1x5x8xf32>, %out: memref<4x8xf32>) {
  qck.matmul ins(%a, %b : memref<4x5xf32>, memref<1x5x8xf32>) outs(%out : memref<4x8xf32>)
  return
}
