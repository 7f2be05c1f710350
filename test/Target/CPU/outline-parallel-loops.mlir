// RUN: quantc-opt %s -split-input-file -quantc-outline-parallel-loops | FileCheck %s

// The forall becomes @<parent>_parallel(captures..., %lb, %ub), private and
// marked quantc.parallel_body, running [lb, ub) of the linearized iteration
// space in an scf.for; the iteration index is delinearized (last dimension
// fastest) and mapped back to lb + idx * step per dimension. Constants are
// cloned into the body, other values from above are captured; the call
// passes [0, 3 * 3).

// CHECK-LABEL: func private @main_parallel
// CHECK-SAME:    (%[[S:[^:]*]]: f32, %[[A:[^:]*]]: memref<6x8xf32>, %[[LB:[^:]*]]: index, %[[UB:[^:]*]]: index)
// CHECK-SAME:    attributes {quantc.parallel_body}
// CHECK-DAG:     %[[CST:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         scf.for %[[T:.*]] = %[[LB]] to %[[UB]] step %[[ONE]] {
// CHECK:           %[[N1:.*]] = arith.constant 3 : index
// CHECK:           %[[Q1:.*]] = arith.remui %[[T]], %[[N1]] : index
// CHECK:           %[[R1:.*]] = arith.divui %[[T]], %[[N1]] : index
// CHECK:           %[[ST1:.*]] = arith.constant 3 : index
// CHECK:           %[[LO1:.*]] = arith.constant 0 : index
// CHECK:           %[[M1:.*]] = arith.muli %[[Q1]], %[[ST1]] : index
// CHECK:           %[[J:.*]] = arith.addi %[[LO1]], %[[M1]] : index
// CHECK:           %[[ST0:.*]] = arith.constant 2 : index
// CHECK:           %[[LO0:.*]] = arith.constant 1 : index
// CHECK:           %[[M0:.*]] = arith.muli %[[R1]], %[[ST0]] : index
// CHECK:           %[[I:.*]] = arith.addi %[[LO0]], %[[M0]] : index
// CHECK:           %[[X:.*]] = arith.addf %[[S]], %[[CST]] : f32
// CHECK:           memref.store %[[X]], %[[A]][%[[I]], %[[J]]] : memref<6x8xf32>
// CHECK:         return
// CHECK-LABEL: func @main
// CHECK-SAME:    %[[A2:[^:]*]]: memref<6x8xf32>, %[[S2:[^:]*]]: f32
// CHECK-NOT:     scf.forall
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[NINE:.*]] = arith.constant 9 : index
// CHECK:         call @main_parallel(%[[S2]], %[[A2]], %[[ZERO]], %[[NINE]]) : (f32, memref<6x8xf32>, index, index) -> ()
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @main(%a: memref<6x8xf32>, %s: f32) {
  %cst = arith.constant 1.0 : f32
  scf.forall (%i, %j) = (1, 0) to (6, 8) step (2, 3) {
    %x = arith.addf %s, %cst : f32
    memref.store %x, %a[%i, %j] : memref<6x8xf32>
  }
  return
}

// -----

// Each outermost forall gets its own body (names are uniqued); a nested
// forall moves into the outer one's body unchanged; a forall without
// iterations is dropped.

// CHECK-LABEL: func private @f_parallel(
// CHECK-SAME:    attributes {quantc.parallel_body}
// CHECK:         scf.for
// CHECK:           memref.store
// CHECK-LABEL: func private @f_parallel_0(
// CHECK-SAME:    attributes {quantc.parallel_body}
// CHECK:         scf.for
// CHECK:           scf.forall (%{{.*}}) in (4) {
// CHECK:             memref.store
// CHECK-LABEL: func @f
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[C5:.*]] = arith.constant 5 : index
// CHECK:         call @f_parallel(%{{.*}}, %{{.*}}, %[[C0]], %[[C5]])
// CHECK:         %[[D0:.*]] = arith.constant 0 : index
// CHECK:         %[[D3:.*]] = arith.constant 3 : index
// CHECK:         call @f_parallel_0(%{{.*}}, %{{.*}}, %[[D0]], %[[D3]])
// CHECK-NOT:     call
// CHECK-NOT:     scf.forall
// CHECK:         return
func.func @f(%a: memref<6x8xf32>, %s: f32) {
  scf.forall (%i) in (5) {
    memref.store %s, %a[%i, %i] : memref<6x8xf32>
  }
  scf.forall (%i) in (3) {
    scf.forall (%j) in (4) {
      memref.store %s, %a[%i, %j] : memref<6x8xf32>
    }
  }
  scf.forall (%i) in (0) {
    memref.store %s, %a[%i, %i] : memref<6x8xf32>
  }
  return
}

// -----

// A forall inside a sequential loop: the loop's induction variable is
// captured like any other value, and the call stays inside the loop.

// CHECK-LABEL: func private @g_parallel
// CHECK-SAME:    (%[[S:[^:]*]]: f32, %[[A:[^:]*]]: memref<4x4xf32>, %[[K:[^:]*]]: index, %{{[^:]*}}: index, %{{[^:]*}}: index)
// CHECK:           memref.store %[[S]], %[[A]][%[[K]], %{{.*}}]
// CHECK-LABEL: func @g
// CHECK:         scf.for %[[IV:[^ ]*]] =
// CHECK:           call @g_parallel(%{{.*}}, %{{.*}}, %[[IV]], %{{.*}}, %{{.*}})
func.func @g(%a: memref<4x4xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %k = %c0 to %c4 step %c1 {
    scf.forall (%i) in (4) {
      memref.store %s, %a[%k, %i] : memref<4x4xf32>
    }
  }
  return
}
