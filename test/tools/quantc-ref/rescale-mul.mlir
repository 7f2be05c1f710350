// qc.rescale_mul in the integer reference, against values computed by hand
// from docs/quantization.md: y = clamp(z_y + ((a - z_a)(b - z_b) m + 2^(k-1))
// >> k, min, max), the product formed in 64 bits, ties rounded toward
// +infinity.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([[0, 10, 11, 9, 255, 13]], np.uint8)); np.save('%t/s.npy', np.array([-128, -1, 0, 127], np.int8))"
// RUN: quantc-ref %s --entry=main --input a=%t/a.npy --input s=%t/s.npy --output-dir %t/out
// RUN: %python -c "import numpy as np; print(*(n + ' ' + str(np.load('%t/out/' + n + '.npy').ravel().tolist()) for n in ['half', 'scaled']))" | FileCheck %s

// half: u8 codes, a [1,1] rhs broadcast over [1,6]. (a - 10)(7 - 5) m / 2^k
// with m / 2^k = 2^30 / 2^32 = 1/4 is (a - 10) / 2: -5, 0, 0.5 -> 1,
// -0.5 -> 0 (ties up), 122.5 -> 123, 1.5 -> 2; plus z_y = 5, clamped to
// [0, 127]: 0, 5, 6, 5, 127 (128 clamped), 7.
// CHECK: half {{\[}}0, 5, 6, 5, 127, 7]
// scaled: i8 codes times a rank-0 i8 constant. (s + 1)(-128 - 127) / 256 =
// -127 * -255 / 256 = 126.504 -> 127, 0, -0.996 -> -1, 128 * -255 / 256 =
// -127.5 -> -127 (ties up).
// CHECK-SAME: scaled {{\[}}127, 0, -1, -127]

func.func @main(%a: tensor<1x6xui8> {qc.onnx_name = "a"},
                %s: tensor<4xi8> {qc.onnx_name = "s"})
    -> (tensor<1x6xui8> {qc.onnx_name = "half"},
        tensor<4xi8> {qc.onnx_name = "scaled"}) {
  %seven = qc.constant dense<7> : tensor<1x1xui8>
  %0 = qc.rescale_mul %a, %seven {lhs_zp = 10 : i64, rhs_zp = 5 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 32, output_zp = 5, min = 0, max = 127>} : (tensor<1x6xui8>, tensor<1x1xui8>) -> tensor<1x6xui8>
  %c = qc.constant dense<-128> : tensor<i8>
  %1 = qc.rescale_mul %s, %c {lhs_zp = -1 : i64, rhs_zp = 127 : i64, requant = #qc.requant<multiplier = [1073741824], shift = 38, output_zp = 0, min = -128, max = 127>} : (tensor<4xi8>, tensor<i8>) -> tensor<4xi8>
  return %0, %1 : tensor<1x6xui8>, tensor<4xi8>
}
