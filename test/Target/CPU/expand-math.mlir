// RUN: quantc-opt %s -split-input-file -quantc-expand-math | FileCheck %s

// Transcendentals become polynomial approximations (arith + math.fma) that
// stay in vector registers; ops with a native instruction (sqrt) remain.

// CHECK-LABEL: func @vector_transcendentals
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.log
// CHECK:         math.fma {{.*}} : vector<8xf32>
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.tanh
// CHECK-NOT:     math.log
// CHECK:         return
func.func @vector_transcendentals(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %0 = math.exp %x : vector<8xf32>
  %1 = math.tanh %x : vector<8xf32>
  %2 = math.log %x : vector<8xf32>
  %3 = math.log1p %x : vector<8xf32>
  return %0, %1, %2, %3 : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// -----

// CHECK-LABEL: func @scalar_erf
// CHECK-NOT:     math.erf
// CHECK:         math.fma {{.*}} : f32
// CHECK-NOT:     math.erf
// CHECK:         return
func.func @scalar_erf(%x: f32) -> f32 {
  %0 = math.erf %x : f32
  return %0 : f32
}

// -----

// CHECK-LABEL: func @sqrt_kept
// CHECK:         %[[R:.*]] = math.sqrt %{{.*}} : vector<8xf32>
// CHECK:         return %[[R]]
func.func @sqrt_kept(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.sqrt %x : vector<8xf32>
  return %0 : vector<8xf32>
}
