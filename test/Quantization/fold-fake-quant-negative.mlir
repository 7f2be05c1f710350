// RUN: quantc-opt %s -split-input-file -quantc-fold-fake-quant -verify-diagnostics

// quantc keeps one grid per tensor: a max pool's output quantized with
// other parameters than its input (a requantization ONNX Runtime does in
// float) is rejected, naming the node that gave the first grid.
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32> {
  %xq = qc.fake_quant %x {scale = 0.5 : f64, zero_point = 0 : i64, storage = ui8} : tensor<1x1x2x2xf32> loc("x_Q")
  %p = qc.max_pool2d %xq {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  // expected-error @+1 {{unimplemented: this QuantizeLinear quantizes a tensor with scale 2.500000e-01, zero point 0 (as uint8) that node 'x_Q' quantizes with scale 5.000000e-01, zero point 0 (quantc keeps one grid per tensor)}}
  %pq = qc.fake_quant %p {scale = 0.25 : f64, zero_point = 0 : i64, storage = ui8} : tensor<1x1x1x1xf32>
  return %pq : tensor<1x1x1x1xf32>
}
