// RUN: quantc-opt %s -split-input-file -quantc-convert-qc-to-linalg | FileCheck %s
// Regression (fixed; the old behaviour): qc.conv2d documents integer inputs as "i8/ui8" (and its
// verifier accepts ui8), but Conv2DLowering builds `arith.constant 0 : ui8`
// for the padding value and sign-extends (arith.extsi) every narrow operand.
// arith only takes signless integers, so a ui8 input fails verification
// ("'arith.constant' op integer return type must be signless"); and even
// with a signless view, a ui8 activation must be zero-extended, not
// sign-extended, into the i32 accumulator.

// CHECK-LABEL: func @conv_ui8
// CHECK-NOT:     qc.conv2d
// CHECK:         linalg.generic
// CHECK:           arith.extui %{{.*}} : i8 to i32
// CHECK:           arith.extsi %{{.*}} : i8 to i32
// CHECK:           arith.muli
// CHECK:           arith.addi
func.func @conv_ui8(%x: tensor<1x2x3x3xui8>, %w: tensor<2x2x1x1xi8>) -> tensor<1x2x3x3xi32> {
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3xui8>, tensor<2x2x1x1xi8>) -> tensor<1x2x3x3xi32>
  return %0 : tensor<1x2x3x3xi32>
}
