// RUN: quantc-opt %s -quantc-llvm-pipeline | FileCheck %s
// RUN: quantc-opt %s -quantc-llvm-pipeline | FileCheck %s --check-prefix=ONLY-LLVM \
// RUN:   --implicit-check-not=func.func --implicit-check-not=arith. \
// RUN:   --implicit-check-not=memref. --implicit-check-not=scf. \
// RUN:   --implicit-check-not=vector. --implicit-check-not=linalg. \
// RUN:   --implicit-check-not=tensor. --implicit-check-not=qck. \
// RUN:   --implicit-check-not=builtin.unrealized_conversion_cast

// Smoke test of the linalg -> LLVM pipeline on the conv + relu the linalg
// pipeline produces: everything is in the LLVM dialect; the kernel's forall
// is outlined into @main_parallel (FMA on vectors of the host's width, the
// relu as a vector maximum) and run through quantc_rt_parallel_for via a
// trampoline; constants are globals; the intermediate buffers live in the
// workspace recorded on the module.

// CHECK:       module attributes {quantc.workspace = {main = {{[0-9]+}} : i64}}
// CHECK-DAG:   llvm.mlir.global private constant @{{.*}}(dense<5.000000e-01> : tensor<1x3x3x3x16xf32>)
// CHECK-DAG:   llvm.mlir.global private constant @{{.*}}(dense<2.500000e-01> : tensor<16xf32>)
// CHECK-LABEL: llvm.func @main_parallel(
// CHECK-SAME:    quantc.parallel_body
// CHECK:         llvm.intr.fmuladd({{.*}}) : (vector<{{[0-9]+}}xf32>, vector<{{[0-9]+}}xf32>, vector<{{[0-9]+}}xf32>) -> vector<{{[0-9]+}}xf32>
// CHECK:         llvm.intr.maximum
// CHECK-LABEL: llvm.func @main(
// CHECK:         %[[FN:.*]] = llvm.mlir.addressof @main_parallel_trampoline : !llvm.ptr
// CHECK:         %[[SLOT:.*]] = llvm.alloca
// CHECK:         llvm.call @quantc_rt_parallel_for(%[[FN]], %[[SLOT]], %{{.*}}) : (!llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK-NOT:     llvm.call @main_parallel(
// CHECK:       llvm.func @quantc_rt_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// CHECK-LABEL: llvm.func internal @main_parallel_trampoline(
// CHECK:         llvm.call @main_parallel(

// No op of another dialect is left anywhere.
// ONLY-LLVM:   llvm.func @main(
func.func @main(%arg0: tensor<1x3x8x8xf32>) -> tensor<1x16x8x8xf32> {
  %cst = arith.constant dense<5.000000e-01> : tensor<1x3x3x3x16xf32>
  %cst_0 = arith.constant 0.000000e+00 : f32
  %cst_1 = arith.constant dense<2.500000e-01> : tensor<16xf32>
  %0 = tensor.empty() : tensor<1x8x8x3xf32>
  %transposed = linalg.transpose ins(%arg0 : tensor<1x3x8x8xf32>) outs(%0 : tensor<1x8x8x3xf32>) permutation = [0, 2, 3, 1]
  %padded = tensor.pad %transposed low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%arg1: index, %arg2: index, %arg3: index, %arg4: index):
    tensor.yield %cst_0 : f32
  } : tensor<1x8x8x3xf32> to tensor<1x10x10x3xf32>
  %1 = tensor.empty() : tensor<1x8x8x16xf32>
  %2 = qck.conv2d ins(%padded, %cst : tensor<1x10x10x3xf32>, tensor<1x3x3x3x16xf32>) bias(%cst_1 : tensor<16xf32>) outs(%1 : tensor<1x8x8x16xf32>) {clamp_min = 0.000000e+00 : f32, dilations = array<i64: 1, 1>, strides = array<i64: 1, 1>} -> tensor<1x8x8x16xf32>
  %3 = tensor.empty() : tensor<1x16x8x8xf32>
  %transposed_2 = linalg.transpose ins(%2 : tensor<1x8x8x16xf32>) outs(%3 : tensor<1x16x8x8xf32>) permutation = [0, 3, 1, 2]
  return %transposed_2 : tensor<1x16x8x8xf32>
}
