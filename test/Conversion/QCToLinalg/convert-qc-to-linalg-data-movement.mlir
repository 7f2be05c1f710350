// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s

// Reshape: collapse to 1-d, expand to the target (no copy once bufferized).

// CHECK-LABEL: func @reshape
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x3x4xf32>
// CHECK:         %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [6, 4] : tensor<24xf32> into tensor<6x4xf32>
// CHECK:         return %[[R]]
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = qc.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// To and from rank 0 the reassociation is empty; a rank-1 source or target
// needs only one of the two steps.

// CHECK-LABEL: func @reshape_rank0_rank1
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x1xf32>
// CHECK:         %[[S:.*]] = tensor.collapse_shape %[[X]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK:         %[[V:.*]] = tensor.expand_shape %[[S]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK:         %[[M:.*]] = tensor.expand_shape %[[V]] {{\[}}[0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         return %[[M]]
func.func @reshape_rank0_rank1(%x: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %0 = qc.reshape %x : (tensor<1x1xf32>) -> tensor<f32>
  %1 = qc.reshape %0 : (tensor<f32>) -> tensor<1xf32>
  %2 = qc.reshape %1 : (tensor<1xf32>) -> tensor<1x1xf32>
  return %2 : tensor<1x1xf32>
}

// -----

// CHECK-LABEL: func @transpose
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x3x4xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK:         %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[E]] : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK:         return %[[T]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = qc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// Concat: each input is inserted at its running offset along the axis.

// CHECK-LABEL: func @concat
// CHECK-SAME:    %[[A:[^:]*]]: tensor<2x3xf32>, %[[B:[^:]*]]: tensor<2x5xf32>, %[[C:[^:]*]]: tensor<2x1xf32>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x9xf32>
// CHECK:         %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x9xf32>
// CHECK:         %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 3] [2, 5] [1, 1] : tensor<2x5xf32> into tensor<2x9xf32>
// CHECK:         %[[I2:.*]] = tensor.insert_slice %[[C]] into %[[I1]][0, 8] [2, 1] [1, 1] : tensor<2x1xf32> into tensor<2x9xf32>
// CHECK:         return %[[I2]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<2x1xf32>) -> tensor<2x9xf32> {
  %0 = qc.concat %a, %b, %c {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<2x1xf32>) -> tensor<2x9xf32>
  return %0 : tensor<2x9xf32>
}

// -----

// Positive steps: one strided tensor.extract_slice.

// CHECK-LABEL: func @slice_positive
// CHECK-SAME:    %[[X:[^:]*]]: tensor<4x8xf32>
// CHECK:         %[[S:.*]] = tensor.extract_slice %[[X]][0, 1] [4, 3] [1, 2] : tensor<4x8xf32> to tensor<4x3xf32>
// CHECK:         return %[[S]]
func.func @slice_positive(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %0 = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>} : (tensor<4x8xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A negative step anywhere: a copying generic reading input[start + step * i]
// (here rows 1, 3 and columns 7, 4, 1).

// CHECK-DAG:   #[[$SRC:.*]] = affine_map<(d0, d1) -> (d0 * 2 + 1, d1 * -3 + 7)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func @slice_negative
// CHECK-SAME:    %[[X:[^:]*]]: tensor<4x8xf32>
// CHECK-NOT:     tensor.extract_slice
// CHECK:         %[[G:.*]] = linalg.generic {indexing_maps = [#[[$SRC]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<4x8xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK:         ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK:           linalg.yield %[[V]] : f32
// CHECK:         return %[[G]]
func.func @slice_negative(%x: tensor<4x8xf32>) -> tensor<2x3xf32> {
  %0 = qc.slice %x {starts = array<i64: 1, 7>, steps = array<i64: 2, -3>} : (tensor<4x8xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Constant padding (of an integer tensor: the value is converted).

// CHECK-LABEL: func @pad_constant
// CHECK-SAME:    %[[X:[^:]*]]: tensor<2x3xi32>
// CHECK:         %[[V:.*]] = arith.constant 7 : i32
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[1, 0] high[0, 3]
// CHECK:           tensor.yield %[[V]] : i32
// CHECK:         } : tensor<2x3xi32> to tensor<3x6xi32>
// CHECK:         return %[[P]]
func.func @pad_constant(%x: tensor<2x3xi32>) -> tensor<3x6xi32> {
  %0 = qc.pad %x {pads = array<i64: 1, 0, 0, 3>, value = 7.0 : f32} : (tensor<2x3xi32>) -> tensor<3x6xi32>
  return %0 : tensor<3x6xi32>
}

// -----

// Reflect: each output index o reads src = last - |last - |o - lo||, the
// mirror image without repeating the edge.

// CHECK-LABEL: func @pad_reflect
// CHECK-SAME:    %[[X:[^:]*]]: tensor<4xf32>
// CHECK:         %[[G:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<7xf32>)
// CHECK:           %[[O:.*]] = linalg.index 0 : index
// CHECK:           %[[LO:.*]] = arith.constant 2 : index
// CHECK:           %[[S:.*]] = arith.subi %[[O]], %[[LO]] : index
// CHECK:           %[[Z:.*]] = arith.constant 0 : index
// CHECK:           %[[LAST:.*]] = arith.constant 3 : index
// CHECK:           %[[NS:.*]] = arith.subi %[[Z]], %[[S]] : index
// CHECK:           %[[AS:.*]] = arith.maxsi %[[S]], %[[NS]] : index
// CHECK:           %[[T:.*]] = arith.subi %[[LAST]], %[[AS]] : index
// CHECK:           %[[NT:.*]] = arith.subi %[[Z]], %[[T]] : index
// CHECK:           %[[AT:.*]] = arith.maxsi %[[T]], %[[NT]] : index
// CHECK:           %[[SRC:.*]] = arith.subi %[[LAST]], %[[AT]] : index
// CHECK:           %[[V:.*]] = tensor.extract %[[X]][%[[SRC]]] : tensor<4xf32>
// CHECK:           linalg.yield %[[V]]
// CHECK:         return %[[G]]
func.func @pad_reflect(%x: tensor<4xf32>) -> tensor<7xf32> {
  %0 = qc.pad %x {pads = array<i64: 2, 1>, mode = #qc<pad_mode reflect>} : (tensor<4xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

// Edge: the source index is clamped to [0, last].

// CHECK-LABEL: func @pad_edge
// CHECK-SAME:    %[[X:[^:]*]]: tensor<3x4xf32>
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<3x7xf32>)
// CHECK:           %[[O0:.*]] = linalg.index 0 : index
// CHECK:           %[[R0:.*]] = arith.maxsi %{{.*}}, %{{.*}} : index
// CHECK:           %[[S0:.*]] = arith.minsi %[[R0]], %{{.*}} : index
// CHECK:           %[[O1:.*]] = linalg.index 1 : index
// CHECK:           %[[LO:.*]] = arith.constant 1 : index
// CHECK:           %[[D:.*]] = arith.subi %[[O1]], %[[LO]] : index
// CHECK:           %[[Z:.*]] = arith.constant 0 : index
// CHECK:           %[[LAST:.*]] = arith.constant 3 : index
// CHECK:           %[[A:.*]] = arith.maxsi %[[D]], %[[Z]] : index
// CHECK:           %[[S1:.*]] = arith.minsi %[[A]], %[[LAST]] : index
// CHECK:           tensor.extract %[[X]][%[[S0]], %[[S1]]] : tensor<3x4xf32>
func.func @pad_edge(%x: tensor<3x4xf32>) -> tensor<3x7xf32> {
  %0 = qc.pad %x {pads = array<i64: 0, 1, 0, 2>, mode = #qc<pad_mode edge>} : (tensor<3x4xf32>) -> tensor<3x7xf32>
  return %0 : tensor<3x7xf32>
}

// -----

// Gather along axis 1 with 2-d indices: the generic iterates over the
// result [3, 2, 2, 4], reads the index at (d1, d2), wraps negative indices
// by the axis size and extracts data[d0, idx, d3].

// CHECK-DAG:   #[[$IDX:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @gather
// CHECK-SAME:    %[[D:[^:]*]]: tensor<3x5x4xf32>, %[[I:[^:]*]]: tensor<2x2xi64>
// CHECK:         %[[G:.*]] = linalg.generic {indexing_maps = [#[[$IDX]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<2x2xi64>) outs(%{{.*}} : tensor<3x2x2x4xf32>)
// CHECK:         ^bb0(%[[IV:.*]]: i64, %{{.*}}: f32):
// CHECK:           %[[IX:.*]] = arith.index_cast %[[IV]] : i64 to index
// CHECK:           %[[Z:.*]] = arith.constant 0 : index
// CHECK:           %[[NEG:.*]] = arith.cmpi slt, %[[IX]], %[[Z]] : index
// CHECK:           %[[N:.*]] = arith.constant 5 : index
// CHECK:           %[[W:.*]] = arith.addi %[[IX]], %[[N]] : index
// CHECK:           %[[SEL:.*]] = arith.select %[[NEG]], %[[W]], %[[IX]] : index
// CHECK:           %[[A0:.*]] = linalg.index 0 : index
// CHECK:           %[[A3:.*]] = linalg.index 3 : index
// CHECK:           %[[V:.*]] = tensor.extract %[[D]][%[[A0]], %[[SEL]], %[[A3]]] : tensor<3x5x4xf32>
// CHECK:           linalg.yield %[[V]]
// CHECK:         return %[[G]]
func.func @gather(%d: tensor<3x5x4xf32>, %i: tensor<2x2xi64>) -> tensor<3x2x2x4xf32> {
  %0 = qc.gather %d, %i {axis = 1 : i64} : (tensor<3x5x4xf32>, tensor<2x2xi64>) -> tensor<3x2x2x4xf32>
  return %0 : tensor<3x2x2x4xf32>
}

// -----

// Gather with a scalar index drops the axis.

// CHECK-DAG:   #[[$IDX:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func @gather_scalar_index
// CHECK:         linalg.generic {indexing_maps = [#[[$IDX]], #{{.*}}], iterator_types = ["parallel"]} ins(%{{.*}} : tensor<i32>) outs(%{{.*}} : tensor<4xf32>)
// CHECK:           %[[A0:.*]] = linalg.index 0 : index
// CHECK:           tensor.extract %{{.*}}[%{{.*}}, %[[A0]]] : tensor<5x4xf32>
func.func @gather_scalar_index(%d: tensor<5x4xf32>, %i: tensor<i32>) -> tensor<4xf32> {
  %0 = qc.gather %d, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<i32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
