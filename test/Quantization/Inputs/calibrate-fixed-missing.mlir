// Input of calibrate-fixed.mlir: the add has no fake_quant of its own.
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %xq = qc.fake_quant %x {scale = 0.5 : f64, zero_point = 0 : i64, storage = ui8} : tensor<1x4xf32>
  %y = qc.add %xq, %xq : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
