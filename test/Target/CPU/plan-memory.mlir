// RUN: quantc-opt %s -split-input-file -quantc-plan-memory | FileCheck %s

// Lifetimes (top-level op indices, through views, ignoring deallocs):
// %a [0, 4], %b [2, 8], %c [5, 8], %d [9, 9]. Largest first at the lowest
// 64-byte aligned free offset: %a at 0, %b (live with %a) at 64, %c reuses 0
// (%a is dead by then), %d reuses 0. The workspace (128 bytes) becomes the
// last argument, every alloc a memref.view of it, deallocs disappear, and
// the module records the size.

// CHECK-LABEL: module attributes {quantc.workspace = {main = 128 : i64}}
// CHECK:       func @main(%[[IN:[^:]*]]: memref<16xf32>, %{{[^:]*}}: memref<16xf32>, %[[WS:[^:]*]]: memref<128xi8>)
// CHECK:         %[[O0:.*]] = arith.constant 0 : index
// CHECK:         %[[A:.*]] = memref.view %[[WS]][%[[O0]]][] : memref<128xi8> to memref<16xf32>
// CHECK:         memref.copy %[[IN]], %[[A]]
// CHECK:         %[[O1:.*]] = arith.constant 64 : index
// CHECK:         %[[B:.*]] = memref.view %[[WS]][%[[O1]]][] : memref<128xi8> to memref<4x4xf32>
// CHECK:         %[[AV:.*]] = memref.expand_shape %[[A]]
// CHECK:         memref.copy %[[AV]], %[[B]]
// CHECK:         %[[O2:.*]] = arith.constant 0 : index
// CHECK:         %[[C:.*]] = memref.view %[[WS]][%[[O2]]][] : memref<128xi8> to memref<8xf32>
// CHECK:         %[[BF:.*]] = memref.collapse_shape %[[B]]
// CHECK:         %[[BS:.*]] = memref.subview %[[BF]]
// CHECK:         memref.copy %[[BS]], %[[C]]
// CHECK:         %[[O3:.*]] = arith.constant 0 : index
// CHECK:         memref.view %[[WS]][%[[O3]]][] : memref<128xi8> to memref<3xi8>
// CHECK-NOT:     memref.alloc
// CHECK-NOT:     memref.dealloc
// CHECK:         return
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<4x4xf32>
  %av = memref.expand_shape %a [[0, 1]] output_shape [4, 4] : memref<16xf32> into memref<4x4xf32>
  memref.copy %av, %b : memref<4x4xf32> to memref<4x4xf32>
  %c = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
  %bf = memref.collapse_shape %b [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  %bs = memref.subview %bf[0] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1]>>
  memref.copy %bs, %c : memref<8xf32, strided<[1]>> to memref<8xf32>
  %d = memref.alloc() : memref<3xi8>
  memref.dealloc %a : memref<16xf32>
  return
}

// -----

// Offsets are 64-byte aligned even for odd sizes: 3 bytes then 5 bytes,
// live at once, take [0, 3) and [64, 69); the total rounds up to 128.

// CHECK-LABEL: module attributes {quantc.workspace = {odd = 128 : i64}}
// CHECK:       func @odd(%[[WS:[^:]*]]: memref<128xi8>)
// CHECK:         %[[OA:.*]] = arith.constant 64 : index
// CHECK:         memref.view %[[WS]][%[[OA]]][] : memref<128xi8> to memref<3xi8>
// CHECK:         %[[OB:.*]] = arith.constant 0 : index
// CHECK:         memref.view %[[WS]][%[[OB]]][] : memref<128xi8> to memref<5xi8>
func.func @odd() {
  %a = memref.alloc() : memref<3xi8>
  %b = memref.alloc() : memref<5xi8>
  call @use(%a, %b) : (memref<3xi8>, memref<5xi8>) -> ()
  return
}
func.func private @use(memref<3xi8>, memref<5xi8>)

// -----

// A use inside a region counts for the top-level op holding it: %a is
// used in the loop, so it lives through it. An allocation inside the loop
// body is planned too (its buffer does not escape an iteration), live for
// the whole loop: it cannot share %a's bytes, but takes %b's, which is dead
// after its copy.

// CHECK-LABEL: module attributes {quantc.workspace = {loop = 128 : i64}}
// CHECK:       func @loop(%{{[^:]*}}: memref<16xf32>, %{{[^:]*}}: index, %{{[^:]*}}: index, %{{[^:]*}}: index, %[[WS:[^:]*]]: memref<128xi8>)
// CHECK:         %[[OA:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[A:.*]] = memref.view %[[WS]][%[[OA]]][] : memref<128xi8> to memref<16xf32>
// CHECK:         %[[OB:.*]] = arith.constant 64 : index
// CHECK-NEXT:    memref.view %[[WS]][%[[OB]]][] : memref<128xi8> to memref<16xf32>
// CHECK:         scf.for
// CHECK:           %[[OT:.*]] = arith.constant 64 : index
// CHECK-NEXT:      %[[T:.*]] = memref.view %[[WS]][%[[OT]]][] : memref<128xi8> to memref<16xf32>
// CHECK:           memref.copy %[[T]], %[[A]]
// CHECK-NOT:     memref.alloc
func.func @loop(%in: memref<16xf32>, %lb: index, %ub: index, %step: index) {
  %a = memref.alloc() : memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  scf.for %i = %lb to %ub step %step {
    %t = memref.alloc() : memref<16xf32>
    memref.copy %in, %t : memref<16xf32> to memref<16xf32>
    memref.copy %t, %a : memref<16xf32> to memref<16xf32>
  }
  return
}

// -----

// Every public function gets its own workspace; private and external ones
// are left alone. A function without buffers gets an empty workspace.

// CHECK-LABEL: module attributes {quantc.workspace = {f = 64 : i64, g = 0 : i64}}
// CHECK:       func @f(%{{[^:]*}}: memref<64xi8>)
// CHECK:       func @g(%{{[^:]*}}: memref<0xi8>)
// CHECK:       func private @h()
// CHECK:         memref.alloc
// CHECK:       func private @ext(memref<4xf32>)
func.func @f() {
  %a = memref.alloc() : memref<4xf32>
  return
}
func.func @g() {
  return
}
func.func private @h() {
  %a = memref.alloc() : memref<4xf32>
  return
}
func.func private @ext(memref<4xf32>)
