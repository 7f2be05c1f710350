// RUN: quantc-opt %s -split-input-file -quantc-lower-parallel-calls | FileCheck %s

// A call body(args..., lb, ub) to a quantc.parallel_body function becomes:
// the captures and lb stored to a stack struct (allocated in the caller's
// entry block), and quantc_rt_parallel_for(@body_trampoline, slot, ub - lb).
// The trampoline loads the struct and calls body(args..., lb + begin,
// lb + end). Other calls are untouched.

// CHECK-LABEL: llvm.func @main(
// CHECK-SAME:    %[[P:[^:]*]]: !llvm.ptr, %[[S:[^:]*]]: f32)
// CHECK:         %[[ONE:.*]] = llvm.mlir.constant(1 : i64) : i64
// CHECK:         %[[SLOT:.*]] = llvm.alloca %[[ONE]] x !llvm.struct<(ptr, f32, i64)> : (i64) -> !llvm.ptr
// CHECK:         %[[LB:.*]] = llvm.mlir.constant(2 : i64) : i64
// CHECK:         %[[UB:.*]] = llvm.mlir.constant(9 : i64) : i64
// CHECK:         llvm.call @helper(%[[S]]) : (f32) -> ()
// CHECK:         %[[U:.*]] = llvm.mlir.undef : !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[V0:.*]] = llvm.insertvalue %[[P]], %[[U]][0] : !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[V1:.*]] = llvm.insertvalue %[[S]], %[[V0]][1] : !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[V2:.*]] = llvm.insertvalue %[[LB]], %[[V1]][2] : !llvm.struct<(ptr, f32, i64)>
// CHECK:         llvm.store %[[V2]], %[[SLOT]] : !llvm.struct<(ptr, f32, i64)>, !llvm.ptr
// CHECK:         %[[N:.*]] = llvm.sub %[[UB]], %[[LB]] : i64
// CHECK:         %[[FN:.*]] = llvm.mlir.addressof @main_parallel_trampoline : !llvm.ptr
// CHECK:         llvm.call @quantc_rt_parallel_for(%[[FN]], %[[SLOT]], %[[N]]) : (!llvm.ptr, !llvm.ptr, i64) -> ()
// CHECK-NOT:     llvm.call @main_parallel(
// CHECK:         llvm.return
// CHECK:       llvm.func @quantc_rt_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// CHECK-LABEL: llvm.func internal @main_parallel_trampoline
// CHECK-SAME:    (%[[CTX:[^:]*]]: !llvm.ptr, %[[BEGIN:[^:]*]]: i64, %[[END:[^:]*]]: i64)
// CHECK:         %[[ST:.*]] = llvm.load %[[CTX]] : !llvm.ptr -> !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[A0:.*]] = llvm.extractvalue %[[ST]][0] : !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[A1:.*]] = llvm.extractvalue %[[ST]][1] : !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[L:.*]] = llvm.extractvalue %[[ST]][2] : !llvm.struct<(ptr, f32, i64)>
// CHECK:         %[[B:.*]] = llvm.add %[[L]], %[[BEGIN]] : i64
// CHECK:         %[[E:.*]] = llvm.add %[[L]], %[[END]] : i64
// CHECK:         llvm.call @main_parallel(%[[A0]], %[[A1]], %[[B]], %[[E]]) : (!llvm.ptr, f32, i64, i64) -> ()
// CHECK:         llvm.return
module {
  llvm.func @main_parallel(%arg0: !llvm.ptr, %arg1: f32, %lb: i64, %ub: i64) attributes {quantc.parallel_body} {
    llvm.return
  }
  llvm.func @helper(%x: f32) {
    llvm.return
  }
  llvm.func @main(%p: !llvm.ptr, %s: f32) {
    %lb = llvm.mlir.constant(2 : i64) : i64
    %ub = llvm.mlir.constant(9 : i64) : i64
    llvm.call @helper(%s) : (f32) -> ()
    llvm.call @main_parallel(%p, %s, %lb, %ub) : (!llvm.ptr, f32, i64, i64) -> ()
    llvm.return
  }
}

// -----

// Two calls of one body share a trampoline; each gets its own stack slot,
// allocated in the entry block even when the call is in a later block. An
// existing runtime declaration is reused.

// CHECK-LABEL: llvm.func @quantc_rt_parallel_for(!llvm.ptr, !llvm.ptr, i64)
// CHECK-NOT:   llvm.func @quantc_rt_parallel_for
// CHECK-LABEL: llvm.func @twice(
// CHECK:         llvm.alloca
// CHECK:         llvm.alloca
// CHECK:         llvm.br ^[[BB:.*]]
// CHECK:       ^[[BB]]:
// CHECK-NOT:     llvm.alloca
// CHECK:         llvm.call @quantc_rt_parallel_for
// CHECK:         llvm.call @quantc_rt_parallel_for
// CHECK-NOT:   llvm.func @quantc_rt_parallel_for
// CHECK:       llvm.func internal @body_trampoline
// CHECK-NOT:   llvm.func internal @body_trampoline
module {
  llvm.func @quantc_rt_parallel_for(!llvm.ptr, !llvm.ptr, i64)
  llvm.func @body(%p: !llvm.ptr, %lb: i64, %ub: i64) attributes {quantc.parallel_body} {
    llvm.return
  }
  llvm.func @twice(%p: !llvm.ptr) {
    %lb = llvm.mlir.constant(0 : i64) : i64
    %ub = llvm.mlir.constant(4 : i64) : i64
    llvm.br ^bb1
  ^bb1:
    llvm.call @body(%p, %lb, %ub) : (!llvm.ptr, i64, i64) -> ()
    llvm.call @body(%p, %lb, %ub) : (!llvm.ptr, i64, i64) -> ()
    llvm.return
  }
}

// -----

// Calls to functions without the attribute are left alone.

// CHECK-LABEL: llvm.func @plain_caller(
// CHECK:         llvm.call @plain(%{{.*}}, %{{.*}}) : (i64, i64) -> ()
// CHECK-NOT:     llvm.call @quantc_rt_parallel_for
// CHECK-NOT:   trampoline
module {
  llvm.func @plain(%lb: i64, %ub: i64) {
    llvm.return
  }
  llvm.func @plain_caller() {
    %lb = llvm.mlir.constant(0 : i64) : i64
    %ub = llvm.mlir.constant(4 : i64) : i64
    llvm.call @plain(%lb, %ub) : (i64, i64) -> ()
    llvm.return
  }
}
